import Synchronization

/// A fixed set of 64-bit counters, kept once per thread shard so that concurrent increments do not
/// contend; reads add the shards up.
///
/// Increments are relaxed atomic adds on the calling thread's shard: they never block, never allocate,
/// and never lose a count, even when threads share a shard. A read (``sum(_:)``) is a consistent
/// count of every increment that happened before it, and may or may not include increments racing
/// with it. ``exchangeSum(_:)`` reads and zeroes a counter without losing an increment, which is what
/// interval-based detectors need to swap buckets.
final class ShardedCounters: @unchecked Sendable {
    // @unchecked: the storage is only accessed through `Atomic` operations.
    private let storage: UnsafeMutablePointer<Atomic<UInt64>>
    /// Counters per shard, rounded up to whole 128-byte blocks so shards never share a cache line.
    private let stride: Int
    private let shardMask: Int
    /// The number of counters.
    let count: Int

    /// Creates `count` zeroed counters over `shards` shards (rounded up to a power of two).
    init(count: Int, shards: Int) {
        let shardCount = ThreadShard.powerOfTwo(atLeast: max(1, shards))
        let perBlock = 128 / MemoryLayout<Atomic<UInt64>>.stride
        self.count = count
        self.stride = max(1, (count + perBlock - 1) / perBlock) * perBlock
        self.shardMask = shardCount - 1
        let total = self.stride * shardCount
        self.storage = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: total)
        for index in 0..<total {
            (self.storage + index).initialize(to: Atomic(0))
        }
    }

    deinit {
        self.storage.deinitialize(count: self.stride * (self.shardMask + 1))
        self.storage.deallocate()
    }

    /// Adds `amount` to counter `index` on the calling thread's shard.
    @inline(__always)
    func add(_ index: Int, _ amount: UInt64 = 1) {
        let shard = ThreadShard.current(mask: self.shardMask)
        self.storage[shard &* self.stride &+ index].wrappingAdd(amount, ordering: .relaxed)
    }

    /// The total of counter `index` over all shards.
    func sum(_ index: Int) -> UInt64 {
        var total: UInt64 = 0
        for shard in 0...self.shardMask {
            total &+= self.storage[shard * self.stride + index].load(ordering: .relaxed)
        }
        return total
    }

    /// Reads counter `index` over all shards and sets it to zero, losing no concurrent increment:
    /// each increment is counted either in the returned total or in the counter afterwards.
    func exchangeSum(_ index: Int) -> UInt64 {
        var total: UInt64 = 0
        for shard in 0...self.shardMask {
            total &+= self.storage[shard * self.stride + index].exchange(0, ordering: .relaxed)
        }
        return total
    }

    /// Sets counters `range` to zero on every shard, dropping any increment racing with it: for storage
    /// about to be reused, whose increments no longer count.
    func zero(_ range: Range<Int>) {
        for shard in 0...self.shardMask {
            for index in range {
                self.storage[shard * self.stride + index].store(0, ordering: .relaxed)
            }
        }
    }
}
