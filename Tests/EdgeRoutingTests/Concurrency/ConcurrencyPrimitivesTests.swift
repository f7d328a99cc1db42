import Dispatch
import Testing

@_spi(TestSupport) @testable import EdgeRouting

@Suite struct ConcurrencyPrimitivesTests {
    @Test(arguments: [(0, 1), (1, 1), (2, 2), (3, 4), (17, 32), (1_000, 64)])
    func shardCountsArePowersOfTwo(requested: Int, expected: Int) {
        #expect(ThreadShard.powerOfTwo(atLeast: requested) == expected)
        #expect(ThreadShard.current(mask: expected - 1) < expected)
    }

    @Test func shardedCountersLoseNoIncrement() {
        let counters = ShardedCounters(count: 3, shards: 8)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50_000 {
                counters.add(1)
                counters.add(2, 3)
            }
        }
        #expect(counters.sum(0) == 0)
        #expect(counters.sum(1) == 200_000)
        #expect(counters.sum(2) == 600_000)
        #expect(counters.exchangeSum(1) == 200_000)
        #expect(counters.sum(1) == 0)
    }

    @Test func oneShardRandomIsTheSeededSequence() {
        var seeds = SplitMix64(seed: 9)
        let random = ShardedRandom(shards: 1, seeds: &seeds)
        var seedSource = SplitMix64(seed: 9)
        var reference = SplitMix64(seed: seedSource.next())
        for _ in 0..<100 {
            #expect(random.next() == reference.next())
        }
        for _ in 0..<1_000 {
            #expect(random.next(below: 7) < 7)
        }
    }

    @Test func splitMix64MatchesTheReferenceAlgorithm() {
        // The first outputs for seed 0 of Vigna's reference splitmix64.c.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    final class Box: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test func publishedSnapshotsReachEveryShard() {
        let publisher = SnapshotPublisher(Box(1), shards: 4)
        #expect(publisher.acquire().snapshot.value == 1)
        let result = publisher.update { current in (Box(current.value + 1), "updated") }
        #expect(result == "updated")
        #expect(publisher.current.value == 2)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            #expect(publisher.acquire().snapshot.value == 2)
        }
        // A failed update changes nothing.
        struct Failure: Error {}
        #expect(throws: Failure.self) { try publisher.update { _ -> (Box, Void) in throw Failure() } }
        #expect(publisher.current.value == 2)
    }

    @Test func lockedValuesAreExclusive() {
        let locked = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<10_000 { locked.withLock { $0 += 1 } }
        }
        #expect(locked.withLock { $0 } == 40_000)
        let busy = locked.withLock { _ in locked.withLockIfAvailable { _ in true } }
        #expect(busy == nil, "a held lock is not available")
        #expect(locked.withLockIfAvailable { $0 } == 40_000)
    }
}

@Suite struct MonotonicTimeTests {
    @Test func arithmetic() {
        let start = MonotonicTime.origin + .seconds(30)
        #expect(start.nanoseconds == 30_000_000_000)
        #expect(start - .seconds(10) == .origin + .seconds(20))
        #expect((start + .milliseconds(1)) - start == .milliseconds(1))
        #expect(start.duration(to: .origin) == .seconds(-30))
        #expect("\(MonotonicTime.origin + .seconds(2))" == "2.0 seconds")
    }

    @Test func saturatesInsteadOfTrapping() {
        let late = MonotonicTime(nanoseconds: .max - 1)
        #expect((late + .seconds(10)).nanoseconds == .max)
        let early = MonotonicTime(nanoseconds: .min + 1)
        #expect((early - .seconds(10)).nanoseconds == .min)
        #expect(early.duration(to: late) == .nanoseconds(Int64.max))
        #expect((MonotonicTime.origin + .seconds(Int64.max)).nanoseconds == .max)
    }
}
