/// Envoy's fully jittered exponential back-off: retry *k* waits uniformly in `[0, bound(k))`.
///
/// With base interval *B* and maximum *M* (whole milliseconds; *M* defaults to 10 × *B*), the bound
/// starts at *B* and doubles for each retry until doubling would pass *M*; from then on it is *M*:
///
/// `bound(1) = B`, `bound(k + 1) = bound(k) < ⌊M / 2⌋ ? 2 × bound(k) : M`
///
/// which is `min(B × 2^(k−1), M)` except when *M* is odd and `bound(k)` is exactly `⌊M / 2⌋` (then
/// Envoy jumps to *M*, and so does this type). With the defaults (25 ms, 250 ms) the bounds are 25,
/// 50, 100, 200, 250, 250, … ms, and the delay is one 64-bit draw modulo the bound, in milliseconds.
///
/// This is what `JitteredExponentialBackOffStrategy::nextBackOffMs` in Envoy's
/// `source/common/common/backoff_strategy.cc` computes. Envoy's router documentation still describes
/// the formula of its original implementation, `[0, (2^N − 1) × B)` (0–24 ms, 0–74 ms, 0–174 ms for
/// 25 ms), which also clamped the drawn value rather than the bound; the code has used the doubling bound
/// above since the back-off strategy was rewritten, and EdgeRouting follows the code.
///
/// ```swift
/// let backoff = JitteredExponentialBackoff(baseInterval: .milliseconds(25))
/// backoff.upperBound(forRetry: 3)   // 100 ms
/// ```
public struct JitteredExponentialBackoff: BackoffStrategy, Hashable {
    /// The bound of the first retry, in whole milliseconds (at least 1 ms).
    public let baseInterval: Duration
    /// The largest bound, in whole milliseconds (at least ``baseInterval``).
    public let maxInterval: Duration

    private let baseMilliseconds: UInt64
    private let maxMilliseconds: UInt64

    /// Creates the strategy. Intervals are truncated to whole milliseconds, as Envoy reads them;
    /// an interval under 1 ms becomes 1 ms, and a maximum below the base becomes the base.
    ///
    /// - Parameters:
    ///   - baseInterval: The bound of the first retry; 25 ms by default.
    ///   - maxInterval: The largest bound; by default 10 × `baseInterval`, as Envoy.
    public init(baseInterval: Duration = .milliseconds(25), maxInterval: Duration? = nil) {
        let base = BackoffMath.intervalMilliseconds(baseInterval)
        let defaultMaximum = base.multipliedReportingOverflow(by: 10)
        let maximum =
            maxInterval.map(BackoffMath.intervalMilliseconds)
            ?? (defaultMaximum.overflow ? UInt64.max : defaultMaximum.partialValue)
        self.baseMilliseconds = base
        self.maxMilliseconds = max(base, maximum)
        self.baseInterval = BackoffMath.duration(milliseconds: base)
        self.maxInterval = BackoffMath.duration(milliseconds: self.maxMilliseconds)
    }

    /// The exclusive upper bound of the delay before retry `retry`.
    ///
    /// - Parameter retry: The retry number, 1 for the first; values below 1 read as 1.
    public func upperBound(forRetry retry: Int) -> Duration {
        BackoffMath.duration(
            milliseconds: BackoffMath.exponentialBound(
                retry: retry,
                base: self.baseMilliseconds,
                max: self.maxMilliseconds
            )
        )
    }

    /// A delay drawn uniformly in `[0, upperBound(forRetry: retry))`, in whole milliseconds.
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
        let bound = BackoffMath.exponentialBound(retry: retry, base: self.baseMilliseconds, max: self.maxMilliseconds)
        return BackoffMath.duration(milliseconds: BackoffMath.draw(below: bound, random: &random))
    }
}
