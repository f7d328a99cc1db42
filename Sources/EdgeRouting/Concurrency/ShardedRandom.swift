import Synchronization

/// A thread-safe, lock-free, allocation-free source of random numbers: one SplitMix64 generator per
/// thread shard, each seeded from the injected generator.
///
/// A SplitMix64 state advances by a constant, so advancing it is one atomic add; two threads that share
/// a shard still draw distinct numbers. With one shard, the sequence is an exact function of the seed,
/// which is what deterministic tests and the simulator rely on.
final class ShardedRandom: @unchecked Sendable {
    // @unchecked: the storage is only accessed through `Atomic` operations.
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let stride = 128 / MemoryLayout<Atomic<UInt64>>.stride
    private let states: UnsafeMutablePointer<Atomic<UInt64>>
    private let shardMask: Int

    /// Creates one generator per shard (rounded up to a power of two), seeding each from `seeds`.
    init(shards: Int, seeds: inout some RandomNumberGenerator) {
        let count = ThreadShard.powerOfTwo(atLeast: max(1, shards))
        self.shardMask = count - 1
        self.states = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: count * Self.stride)
        for index in 0..<(count * Self.stride) {
            let seed: UInt64 = index % Self.stride == 0 ? seeds.next() : 0
            (self.states + index).initialize(to: Atomic(seed))
        }
    }

    deinit {
        self.states.deinitialize(count: (self.shardMask + 1) * Self.stride)
        self.states.deallocate()
    }

    /// The next 64 random bits from the calling thread's generator.
    @inline(__always)
    func next() -> UInt64 {
        let shard = ThreadShard.current(mask: self.shardMask)
        let state = self.states[shard &* Self.stride].wrappingAdd(Self.increment, ordering: .relaxed).newValue
        return SplitMix64.mix(state)
    }

    /// A uniformly distributed number in `0..<upperBound` (`upperBound` > 0), by Lemire's method.
    @inline(__always)
    func next(below upperBound: UInt64) -> UInt64 {
        var generator = Borrowed(source: self)
        return UInt64.random(in: 0..<upperBound, using: &generator)
    }

    private struct Borrowed: RandomNumberGenerator {
        let source: ShardedRandom
        mutating func next() -> UInt64 { self.source.next() }
    }
}

/// SplitMix64 (Steele, Lea and Flood): a tiny, fast generator with a 64-bit state, good enough for
/// load balancing and jitter, and trivially reproducible from a seed.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state.
    public var state: UInt64

    /// Creates a generator from a seed; the same seed always yields the same sequence.
    ///
    /// - Parameter seed: Any 64-bit value.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(self.state)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
