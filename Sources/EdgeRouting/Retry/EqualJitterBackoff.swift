/// "Equal jitter" back-off: half of the exponential bound fixed, the other half random.
///
/// Retry *k* waits uniformly in `[⌊bound(k) / 2⌋, bound(k))` milliseconds, where `bound(k)` is the
/// same exponential bound as ``JitteredExponentialBackoff``'s (25, 50, 100, 200, 250, … ms with the
/// defaults). It never retries immediately, at the price of less spread than full jitter; see Marc
/// Brooker's "Exponential Backoff And Jitter" (AWS Architecture Blog). Not an Envoy strategy.
///
/// ```swift
/// let backoff = EqualJitterBackoff()
/// backoff.delay(forRetry: 1, previousDelay: nil, random: &random)   // in 12..<25 ms
/// ```
public struct EqualJitterBackoff: BackoffStrategy, Hashable {
    /// The exponential bound of the first retry, in whole milliseconds (at least 1 ms).
    public let baseInterval: Duration
    /// The largest bound, in whole milliseconds (at least ``baseInterval``).
    public let maxInterval: Duration

    private let exponential: JitteredExponentialBackoff

    /// Creates the strategy; intervals are read as ``JitteredExponentialBackoff`` reads them.
    ///
    /// - Parameters:
    ///   - baseInterval: The bound of the first retry; 25 ms by default.
    ///   - maxInterval: The largest bound; by default 10 × `baseInterval`.
    public init(baseInterval: Duration = .milliseconds(25), maxInterval: Duration? = nil) {
        self.exponential = JitteredExponentialBackoff(baseInterval: baseInterval, maxInterval: maxInterval)
        self.baseInterval = self.exponential.baseInterval
        self.maxInterval = self.exponential.maxInterval
    }

    /// The exclusive upper bound of the delay before retry `retry` (the exponential bound).
    ///
    /// - Parameter retry: The retry number, 1 for the first; values below 1 read as 1.
    public func upperBound(forRetry retry: Int) -> Duration {
        self.exponential.upperBound(forRetry: retry)
    }

    /// A delay drawn uniformly in `[⌊bound / 2⌋, bound)` milliseconds.
    ///
    /// - Parameters:
    ///   - retry: The retry number, 1 for the first; values below 1 read as 1.
    ///   - previousDelay: Ignored.
    ///   - random: The source of jitter; one number is drawn.
    public func delay(
        forRetry retry: Int,
        previousDelay: Duration?,
        random: inout some RandomNumberGenerator
    ) -> Duration {
        let bound = BackoffMath.milliseconds(self.exponential.upperBound(forRetry: retry))
        let half = bound / 2
        let jitter = BackoffMath.draw(below: bound - half, random: &random)
        return BackoffMath.duration(milliseconds: half + jitter)
    }
}
