import Synchronization

/// A retry budget over a sliding time window: at most a share of the recent requests, plus a floor.
///
/// In any window of length ``window`` the retries granted stay within
///
/// `⌊retryPercent / 100 × requests in the window⌋ + minRetriesPerSecond × window`
///
/// so with the defaults (20 %, 10 per second, 10 s), 1,000 requests in 10 s allow at most 200 + 100
/// retries, and an idle destination still allows 100 retries per 10 s. This is the budget of Finagle
/// and Linkerd (`retryRatio`, `minRetriesPerSecond`, `ttl`); Envoy has no time-based budget (see
/// ``ConcurrentRetryBudget`` for Envoy's).
///
/// The window is kept as 10 buckets of `window / 10` each. A bucket belongs to one period of the
/// timeline; the first call that falls into a new period recycles the bucket (the only place a lock
/// is taken, once per bucket period), so the window moves with `now` and nothing runs in between.
/// Requests are counted in sharded relaxed counters (no contention, no lost count); retries of the
/// current bucket are granted by compare-and-exchange against the limit, so concurrent grants never
/// exceed it. The window is the current bucket and the nine before it, so it covers between 90 % and
/// 100 % of ``window``, depending on how far the current bucket has run.
///
/// An increment that races with the recycling of its bucket (a call whose `now` lies a whole window
/// behind another's) may be counted in the new period; counts are never lost otherwise.
public final class WindowedRetryBudget: RetryBudget, @unchecked Sendable {
    // @unchecked: the bucket storage is only accessed through `Atomic` operations and the mutex.
    /// The share of the window's requests that may be retried, in percent.
    public let retryPercent: Double
    /// The retries per second always allowed.
    public let minRetriesPerSecond: Int
    /// The length of the sliding window.
    public let window: Duration

    /// The number of buckets the window is divided into.
    static let bucketCount = 10

    private let bucketNanoseconds: Int64
    private let floor: UInt64
    private let requests: ShardedCounters
    /// Per bucket: the period (`now / bucketNanoseconds`, rounded down) it counts, or `Int64.min`.
    private let periods: UnsafeMutablePointer<Atomic<Int64>>
    /// Per bucket: the retries granted in its period.
    private let retries: UnsafeMutablePointer<Atomic<UInt64>>
    private let recycling = Locked<UInt64>(0)

    /// Creates a budget. Bad values never trap: the percentage is clamped into `0...100` (NaN reads as
    /// 0), a negative floor reads as 0, and the window is at least 10 ns.
    ///
    /// - Parameters:
    ///   - retryPercent: The share of the window's requests that may be retried; 20 by default.
    ///   - minRetriesPerSecond: The retries per second always allowed; 10 by default.
    ///   - window: The length of the window; 10 s by default.
    public init(retryPercent: Double = 20, minRetriesPerSecond: Int = 10, window: Duration = .seconds(10)) {
        self.retryPercent = retryPercent.isNaN ? 0 : min(max(retryPercent, 0), 100)
        self.minRetriesPerSecond = max(0, minRetriesPerSecond)
        let windowNanoseconds = max(Int64(Self.bucketCount), window.nanosecondsClamped)
        self.window = .nanoseconds(windowNanoseconds)
        self.bucketNanoseconds = windowNanoseconds / Int64(Self.bucketCount)
        // minRetriesPerSecond × window, in whole retries, saturating.
        let product = UInt64(self.minRetriesPerSecond).multipliedFullWidth(by: UInt64(windowNanoseconds))
        if product.high >= 1_000_000_000 {
            self.floor = .max
        } else {
            self.floor = (1_000_000_000 as UInt64).dividingFullWidth(product).quotient
        }
        self.requests = ShardedCounters(count: Self.bucketCount, shards: ThreadShard.defaultCount)
        self.periods = .allocate(capacity: Self.bucketCount)
        self.retries = .allocate(capacity: Self.bucketCount)
        for index in 0..<Self.bucketCount {
            (self.periods + index).initialize(to: Atomic(Int64.min))
            (self.retries + index).initialize(to: Atomic(0))
        }
    }

    deinit {
        self.periods.deinitialize(count: Self.bucketCount)
        self.periods.deallocate()
        self.retries.deinitialize(count: Self.bucketCount)
        self.retries.deallocate()
    }

    /// What the window holds at a given time.
    public struct Usage: Hashable, Sendable {
        /// The requests started in the window.
        public var requests: UInt64
        /// The retries granted in the window.
        public var retries: UInt64
        /// The retries the window allows in total: the share of ``requests`` plus the floor.
        public var limit: UInt64
    }

    /// The requests, retries and retry limit of the window ending at `now`.
    ///
    /// - Parameter now: The current time.
    public func usage(at now: MonotonicTime) -> Usage {
        let period = self.period(of: now)
        var requests: UInt64 = 0
        var retries: UInt64 = 0
        for bucket in 0..<Self.bucketCount where self.isLive(bucket, at: period) {
            requests &+= self.requests.sum(bucket)
            retries &+= self.retries[bucket].load(ordering: .relaxed)
        }
        return Usage(requests: requests, retries: retries, limit: self.limit(forRequests: requests))
    }

    /// Counts a request in the current bucket.
    ///
    /// - Parameter now: The current time.
    @inline(__always)
    public func requestStarted(at now: MonotonicTime) {
        let period = self.period(of: now)
        let bucket = self.bucket(of: period)
        self.enter(bucket, period: period)
        self.requests.add(bucket)
    }

    /// Does nothing: a request counts in the window in which it started.
    @inline(__always)
    public func requestFinished() {}

    /// Grants a retry while the retries of the window are below its limit.
    ///
    /// - Parameter now: The current time.
    public func tryAcquireRetry(at now: MonotonicTime) -> Bool {
        let period = self.period(of: now)
        let current = self.bucket(of: period)
        self.enter(current, period: period)
        var requests: UInt64 = 0
        var earlierRetries: UInt64 = 0
        for bucket in 0..<Self.bucketCount where self.isLive(bucket, at: period) {
            requests &+= self.requests.sum(bucket)
            if bucket != current {
                earlierRetries &+= self.retries[bucket].load(ordering: .relaxed)
            }
        }
        let limit = self.limit(forRequests: requests)
        guard earlierRetries < limit else { return false }
        let allowedNow = limit - earlierRetries
        var granted = self.retries[current].load(ordering: .relaxed)
        while granted < allowedNow {
            let (exchanged, original) = self.retries[current].compareExchange(
                expected: granted,
                desired: granted + 1,
                ordering: .relaxed
            )
            if exchanged { return true }
            granted = original
        }
        return false
    }

    /// Does nothing: a granted retry counts in the window in which it was granted.
    @inline(__always)
    public func retryFinished() {}

    // MARK: - Buckets

    @inline(__always)
    private func period(of now: MonotonicTime) -> Int64 {
        // Rounded down, also for times before the origin.
        let (quotient, remainder) = now.nanoseconds.quotientAndRemainder(dividingBy: self.bucketNanoseconds)
        return remainder < 0 ? quotient - 1 : quotient
    }

    @inline(__always)
    private func bucket(of period: Int64) -> Int {
        let index = Int(period % Int64(Self.bucketCount))
        return index < 0 ? index + Self.bucketCount : index
    }

    /// Whether `bucket` counts a period inside the window that ends with `period`.
    @inline(__always)
    private func isLive(_ bucket: Int, at period: Int64) -> Bool {
        let counted = self.periods[bucket].load(ordering: .acquiring)
        return counted <= period && counted > period &- Int64(Self.bucketCount)
    }

    /// Makes `bucket` count `period`, recycling it if it counts an older one.
    @inline(__always)
    private func enter(_ bucket: Int, period: Int64) {
        if self.periods[bucket].load(ordering: .acquiring) >= period { return }
        self.recycle(bucket, to: period)
    }

    private func recycle(_ bucket: Int, to period: Int64) {
        self.recycling.withLock { recycled in
            // Another thread may have recycled it meanwhile; a bucket never moves back in time.
            guard self.periods[bucket].load(ordering: .acquiring) < period else { return }
            recycled &+= 1
            _ = self.requests.exchangeSum(bucket)
            self.retries[bucket].store(0, ordering: .relaxed)
            self.periods[bucket].store(period, ordering: .releasing)
        }
    }

    private func limit(forRequests requests: UInt64) -> UInt64 {
        // Multiply first: exact for whole percentages (1,000 × 20 / 100 = 200).
        let share = Double(requests) * self.retryPercent / 100
        let whole = share < Double(UInt64.max) ? UInt64(share) : UInt64.max
        let (sum, overflow) = whole.addingReportingOverflow(self.floor)
        return overflow ? .max : sum
    }
}
