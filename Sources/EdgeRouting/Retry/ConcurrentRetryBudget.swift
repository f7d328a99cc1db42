import Synchronization

/// Envoy's retry budget: a cap on the retries in flight, relative to the requests in flight.
///
/// A retry is granted while the active retries are below
/// `max(⌊budgetPercent / 100 × activeRequests⌋, minRetryConcurrency)`, exactly as
/// `RetryBudgetImpl::max()` in Envoy's `source/common/upstream/resource_manager_impl.h` computes it
/// (20 % and 3 by default; the product is a `Double`, truncated). A retry stays active from its grant
/// until ``retryFinished()``.
///
/// One difference: Envoy counts as active requests the cluster's upstream requests, pending and in
/// flight, which includes the retry attempts themselves. This budget counts the requests between
/// ``requestStarted(at:)`` and ``requestFinished()``, each once whatever attempt it is on, so the two
/// agree whenever every request has one attempt outstanding.
///
/// Thread-safety: request counts are sharded relaxed counters (no contention); the active-retry count
/// is one atomic updated by compare-and-exchange, so the cap is never exceeded even under races.
public final class ConcurrentRetryBudget: RetryBudget {
    /// The share of active requests that may be retries, in percent.
    public let budgetPercent: Double
    /// The number of concurrent retries always allowed.
    public let minRetryConcurrency: UInt32

    private static let started = 0
    private static let finished = 1
    private let requests: ShardedCounters
    private let activeRetryCount = Atomic<UInt64>(0)

    /// Creates a budget. Bad values never trap: the percentage is clamped into `0...100` (NaN reads as 0).
    ///
    /// - Parameters:
    ///   - budgetPercent: The share of active requests that may be retries, in percent; 20 by default.
    ///   - minRetryConcurrency: The concurrent retries always allowed; 3 by default.
    public init(budgetPercent: Double = 20, minRetryConcurrency: UInt32 = 3) {
        self.budgetPercent = budgetPercent.isNaN ? 0 : min(max(budgetPercent, 0), 100)
        self.minRetryConcurrency = minRetryConcurrency
        self.requests = ShardedCounters(count: 2, shards: ThreadShard.defaultCount)
    }

    /// The requests started and not yet finished.
    public var activeRequests: UInt64 {
        // Finished first: every request counted as finished was counted as started before it.
        let finished = self.requests.sum(Self.finished)
        let started = self.requests.sum(Self.started)
        return started >= finished ? started - finished : 0
    }

    /// The retries granted and not yet finished.
    public var activeRetries: UInt64 {
        self.activeRetryCount.load(ordering: .relaxed)
    }

    /// How many retries may be active at once right now.
    public var maxActiveRetries: UInt64 {
        let share = self.budgetPercent / 100.0 * Double(self.activeRequests)
        let whole = share < Double(UInt64.max) ? UInt64(share) : UInt64.max
        return max(whole, UInt64(self.minRetryConcurrency))
    }

    /// Counts an active request.
    ///
    /// - Parameter now: Ignored: this budget does not depend on time.
    @inline(__always)
    public func requestStarted(at now: MonotonicTime) {
        self.requests.add(Self.started)
    }

    /// Stops counting an active request.
    @inline(__always)
    public func requestFinished() {
        self.requests.add(Self.finished)
    }

    /// Grants a retry while the active retries are below ``maxActiveRetries``.
    ///
    /// - Parameter now: Ignored: this budget does not depend on time.
    public func tryAcquireRetry(at now: MonotonicTime) -> Bool {
        let limit = self.maxActiveRetries
        var current = self.activeRetryCount.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = self.activeRetryCount.compareExchange(
                expected: current,
                desired: current + 1,
                ordering: .relaxed
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Releases a granted retry; extra calls are ignored.
    public func retryFinished() {
        var current = self.activeRetryCount.load(ordering: .relaxed)
        while current > 0 {
            let (exchanged, original) = self.activeRetryCount.compareExchange(
                expected: current,
                desired: current - 1,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }
}
