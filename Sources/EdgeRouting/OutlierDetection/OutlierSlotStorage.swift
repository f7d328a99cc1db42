import Synchronization

/// The per-endpoint state that the request path touches, in atomics: consecutive-failure counters, the
/// ejected flag, and the interval buckets (sharded counters).
///
/// A detector keeps the storage of the current endpoint list published through one atomic reference.
/// Storages are never freed while their detector lives (a thread may still hold the previous one), and
/// a new one is allocated only when the endpoint list outgrows the spare one, doubling the capacity, so
/// the memory kept stays within a small multiple of the largest list.
final class OutlierSlotStorage: @unchecked Sendable {
    // @unchecked: the buffers are only accessed through `Atomic` operations.

    /// Word indices inside a slot.
    enum Word {
        static let consecutive5xx = 0
        static let consecutiveGatewayFailure = 1
        static let consecutiveLocalOriginFailure = 2
        static let ejected = 3
        /// The three consecutive-failure streaks, which a reconfiguration carries over.
        static let streaks = consecutive5xx...consecutiveLocalOriginFailure
    }

    /// Counter indices inside a slot's bucket.
    enum Bucket {
        static let externalSuccess = 0
        static let externalFailure = 1
        static let localOriginSuccess = 2
        static let localOriginFailure = 3
        static let count = 4
    }

    /// 32 words of 4 bytes: one slot per 128 bytes, so endpoints never share a cache line.
    private static let wordsPerSlot = 32

    /// The number of slots.
    let capacity: Int
    /// The number of slots in use: the length of the endpoint list this storage serves.
    let count: Atomic<Int>
    private let words: UnsafeMutablePointer<Atomic<UInt32>>
    /// The interval buckets, `Bucket.count` counters per slot.
    let buckets: ShardedCounters

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.count = Atomic(0)
        let total = self.capacity * Self.wordsPerSlot
        self.words = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: total)
        for index in 0..<total {
            (self.words + index).initialize(to: Atomic(0))
        }
        self.buckets = ShardedCounters(count: self.capacity * Bucket.count, shards: ThreadShard.defaultCount)
    }

    deinit {
        self.words.deinitialize(count: self.capacity * Self.wordsPerSlot)
        self.words.deallocate()
    }

    /// Whether `slot` is in use; the guard of every hot-path access.
    @inline(__always)
    func contains(_ slot: Int) -> Bool {
        slot >= 0 && slot < self.count.load(ordering: .acquiring)
    }

    /// Adds one to a consecutive counter and returns the new value.
    @inline(__always)
    func increment(_ slot: Int, _ word: Int) -> UInt32 {
        self.words[slot &* Self.wordsPerSlot &+ word].wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Sets a consecutive counter to zero, without a store when it already is (no cache-line traffic on
    /// the success path).
    @inline(__always)
    func clear(_ slot: Int, _ word: Int) {
        if self.words[slot &* Self.wordsPerSlot &+ word].load(ordering: .relaxed) != 0 {
            self.words[slot &* Self.wordsPerSlot &+ word].store(0, ordering: .relaxed)
        }
    }

    @inline(__always)
    func load(_ slot: Int, _ word: Int) -> UInt32 {
        self.words[slot &* Self.wordsPerSlot &+ word].load(ordering: .relaxed)
    }

    @inline(__always)
    func store(_ slot: Int, _ word: Int, _ value: UInt32) {
        self.words[slot &* Self.wordsPerSlot &+ word].store(value, ordering: .relaxed)
    }

    /// Whether the slot's endpoint is ejected.
    @inline(__always)
    func isEjected(_ slot: Int) -> Bool {
        self.words[slot &* Self.wordsPerSlot &+ Word.ejected].load(ordering: .acquiring) != 0
    }

    func setEjected(_ slot: Int, _ ejected: Bool) {
        self.words[slot &* Self.wordsPerSlot &+ Word.ejected].store(ejected ? 1 : 0, ordering: .releasing)
    }

    /// Counts one result in the slot's current bucket.
    @inline(__always)
    func countResult(_ slot: Int, _ bucket: Int) {
        self.buckets.add(slot &* Bucket.count &+ bucket)
    }

    /// The slot's current bucket, without resetting it.
    func currentCounts(_ slot: Int) -> OutlierRequestCounts {
        let base = slot * Bucket.count
        return OutlierRequestCounts(
            externalSuccesses: self.buckets.sum(base + Bucket.externalSuccess),
            externalFailures: self.buckets.sum(base + Bucket.externalFailure),
            localOriginSuccesses: self.buckets.sum(base + Bucket.localOriginSuccess),
            localOriginFailures: self.buckets.sum(base + Bucket.localOriginFailure)
        )
    }

    /// Reads the slot's current bucket and zeroes it, losing no concurrent increment: each result lands
    /// in exactly one counter, so the counts stay consistent with each other.
    func takeCounts(_ slot: Int) -> OutlierRequestCounts {
        let base = slot * Bucket.count
        return OutlierRequestCounts(
            externalSuccesses: self.buckets.exchangeSum(base + Bucket.externalSuccess),
            externalFailures: self.buckets.exchangeSum(base + Bucket.externalFailure),
            localOriginSuccesses: self.buckets.exchangeSum(base + Bucket.localOriginSuccess),
            localOriginFailures: self.buckets.exchangeSum(base + Bucket.localOriginFailure)
        )
    }

    /// Adds counts to the slot's current bucket (used to carry them over to a new storage).
    func addCounts(_ slot: Int, _ counts: OutlierRequestCounts) {
        let base = slot * Bucket.count
        self.buckets.add(base + Bucket.externalSuccess, counts.externalSuccesses)
        self.buckets.add(base + Bucket.externalFailure, counts.externalFailures)
        self.buckets.add(base + Bucket.localOriginSuccess, counts.localOriginSuccesses)
        self.buckets.add(base + Bucket.localOriginFailure, counts.localOriginFailures)
    }

    /// Zeroes the first `slots` slots, before the storage is reused for a list of that many endpoints;
    /// the slots beyond are not read until a later reset zeroes them.
    func reset(slots: Int) {
        let slots = min(slots, self.capacity)
        for word in 0..<(slots * Self.wordsPerSlot) {
            self.words[word].store(0, ordering: .relaxed)
        }
        self.buckets.zero(0..<(slots * Bucket.count))
    }
}
