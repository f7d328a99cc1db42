/// "Decorrelated jitter" back-off (AWS): each delay is drawn between the base and three times the
/// previous delay, capped.
///
/// `delay = min(max, uniform[base, 3 × previous))`, in whole milliseconds, where *previous* is the
/// request's previous delay (the base for the first retry). When `3 × previous` is not above the base
/// the delay is the base. Delays grow on average while staying spread out, and do not depend on the
/// retry number; see Marc Brooker's "Exponential Backoff And Jitter" (AWS Architecture Blog). Not an
/// Envoy strategy.
///
/// ```swift
/// let backoff = DecorrelatedJitterBackoff()
/// let first = backoff.delay(forRetry: 1, previousDelay: nil, random: &random)      // in 25..<75 ms
/// let second = backoff.delay(forRetry: 2, previousDelay: first, random: &random)
/// ```
public struct DecorrelatedJitterBackoff: BackoffStrategy, Hashable {
    /// The smallest delay, in whole milliseconds (at least 1 ms).
    public let baseInterval: Duration
    /// The largest delay, in whole milliseconds (at least ``baseInterval``).
    public let maxInterval: Duration

    private let baseMilliseconds: UInt64
    private let maxMilliseconds: UInt64

    /// Creates the strategy; intervals are read as ``JitteredExponentialBackoff`` reads them.
    ///
    /// - Parameters:
    ///   - baseInterval: The smallest delay; 25 ms by default.
    ///   - maxInterval: The largest delay; by default 10 × `baseInterval`.
    public init(baseInterval: Duration = .milliseconds(25), maxInterval: Duration? = nil) {
        let exponential = JitteredExponentialBackoff(baseInterval: baseInterval, maxInterval: maxInterval)
        self.baseInterval = exponential.baseInterval
        self.maxInterval = exponential.maxInterval
        self.baseMilliseconds = BackoffMath.milliseconds(exponential.baseInterval)
        self.maxMilliseconds = BackoffMath.milliseconds(exponential.maxInterval)
    }

    /// A delay drawn uniformly in `[base, 3 × previous)`, capped at ``maxInterval``.
    ///
    /// - Parameters:
    ///   - retry: Ignored: the delay depends on the previous one only.
    ///   - previousDelay: The previous delay of the request; `nil` (first retry) reads as the base.
    ///   - random: The source of jitter; one number is drawn unless the range is empty.
    public func delay(
        forRetry retry: Int,
        previousDelay: Duration?,
        random: inout some RandomNumberGenerator
    ) -> Duration {
        let previous = previousDelay.map(BackoffMath.milliseconds) ?? self.baseMilliseconds
        let (tripled, overflow) = previous.multipliedReportingOverflow(by: 3)
        let upper = overflow ? UInt64.max : tripled
        var value = self.baseMilliseconds
        if upper > self.baseMilliseconds {
            value += BackoffMath.draw(below: upper - self.baseMilliseconds, random: &random)
        }
        return BackoffMath.duration(milliseconds: min(value, self.maxMilliseconds))
    }
}
