/// Computes how long to wait before a retry.
///
/// **Contract.** An implementation is a pure function of its configuration and its arguments: it keeps
/// no state between calls, so one value can be shared by every thread and request at once, and
/// calling it never blocks, never allocates and never sleeps. The only randomness comes from the
/// `random` argument, so a test that passes a seeded generator gets an exact sequence. For any
/// `retry` (values below 1 are read as 1, and arbitrarily large values are fine) the result is never
/// negative and computing it never traps.
///
/// EdgeRouting ships three strategies: ``JitteredExponentialBackoff`` (Envoy's, the default),
/// ``EqualJitterBackoff`` and ``DecorrelatedJitterBackoff``. All of them work in whole milliseconds, as
/// Envoy does.
///
/// ```swift
/// let backoff = JitteredExponentialBackoff()            // 25 ms base, 250 ms cap
/// var random = SplitMix64(seed: 42)
/// let wait = backoff.delay(forRetry: 1, previousDelay: nil, random: &random)   // in 0..<25 ms
/// ```
public protocol BackoffStrategy: Sendable {
    /// The delay before retry number `retry`.
    ///
    /// - Parameters:
    ///   - retry: Which retry this is: 1 for the first retry (after the first attempt failed), 2 for
    ///     the second, and so on.
    ///   - previousDelay: The delay used before the previous retry of the same request, or `nil` for
    ///     the first retry. Strategies that do not depend on it ignore it.
    ///   - random: The source of jitter.
    /// - Returns: A non-negative duration.
    func delay(forRetry retry: Int, previousDelay: Duration?, random: inout some RandomNumberGenerator) -> Duration
}

/// Back-off arithmetic in whole milliseconds, shared by the strategies.
enum BackoffMath {
    /// An interval as Envoy reads one from configuration: whole milliseconds, truncated, at least 1.
    @inline(__always)
    static func intervalMilliseconds(_ duration: Duration) -> UInt64 {
        let nanoseconds = duration.nanosecondsClamped
        return max(1, UInt64(clamping: nanoseconds / 1_000_000))
    }

    /// A non-negative duration in whole milliseconds, truncated; negative durations read as 0.
    @inline(__always)
    static func milliseconds(_ duration: Duration) -> UInt64 {
        UInt64(clamping: duration.nanosecondsClamped / 1_000_000)
    }

    /// A duration of `milliseconds`, saturating at `Int64.max` milliseconds.
    @inline(__always)
    static func duration(milliseconds: UInt64) -> Duration {
        .milliseconds(Int64(clamping: milliseconds))
    }

    /// Envoy's exponential bound for retry `retry`: the base interval doubled once per earlier retry,
    /// replaced by the maximum as soon as doubling would reach past half of it
    /// (`JitteredExponentialBackOffStrategy`'s `doubling_limit_ = max_interval_ / 2`).
    ///
    /// Bounded work: the bound reaches the maximum after at most 64 doublings.
    @inline(__always)
    static func exponentialBound(retry: Int, base: UInt64, max maximum: UInt64) -> UInt64 {
        let doublingLimit = maximum / 2
        var bound = base
        var step = 1
        while step < retry {
            if bound < doublingLimit {
                bound &*= 2
            } else {
                return maximum
            }
            step += 1
        }
        return bound
    }

    /// A uniform draw in `0..<bound` (`bound` > 0) the way Envoy draws one: a 64-bit number modulo the
    /// bound.
    @inline(__always)
    static func draw(below bound: UInt64, random: inout some RandomNumberGenerator) -> UInt64 {
        random.next() % bound
    }
}
