/// A point on a monotonic timeline, counted in nanoseconds from an arbitrary origin.
///
/// The data-plane state machines (outlier detection, retry budgets, backoff) take the current time as a
/// parameter instead of reading a clock, so that every failover test is exact and instant.
/// The router converts its clock's instants to `MonotonicTime` by measuring them from the instant at
/// which it was created; a test that drives a state machine directly simply counts from ``origin``:
///
/// ```swift
/// let start = MonotonicTime.origin
/// let later = start + .seconds(30)
/// assert(start.duration(to: later) == .seconds(30))
/// ```
///
/// Arithmetic saturates at the ends of the range (about ±292 years) instead of trapping.
public struct MonotonicTime: InstantProtocol, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the origin of the timeline.
    public var nanoseconds: Int64

    /// Creates a time the given number of nanoseconds after the origin.
    ///
    /// - Parameter nanoseconds: Nanoseconds since the origin; negative values lie before it.
    @inlinable
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The origin of the timeline.
    public static let origin = MonotonicTime(nanoseconds: 0)

    /// The time `duration` after this one.
    ///
    /// - Parameter duration: How far to advance; sub-nanosecond parts are truncated.
    @inlinable
    public func advanced(by duration: Duration) -> MonotonicTime {
        let (sum, overflow) = self.nanoseconds.addingReportingOverflow(duration.nanosecondsClamped)
        if overflow {
            return MonotonicTime(nanoseconds: duration < .zero ? .min : .max)
        }
        return MonotonicTime(nanoseconds: sum)
    }

    /// The duration from this time to `other` (negative when `other` is earlier).
    ///
    /// - Parameter other: The later (or earlier) time.
    @inlinable
    public func duration(to other: MonotonicTime) -> Duration {
        let (difference, overflow) = other.nanoseconds.subtractingReportingOverflow(self.nanoseconds)
        if overflow {
            return other.nanoseconds > self.nanoseconds ? .nanoseconds(Int64.max) : .nanoseconds(Int64.min)
        }
        return .nanoseconds(difference)
    }

    /// The time `duration` after `time` (saturating).
    @inlinable
    public static func + (time: MonotonicTime, duration: Duration) -> MonotonicTime {
        time.advanced(by: duration)
    }

    /// The time `duration` before `time` (saturating).
    @inlinable
    public static func - (time: MonotonicTime, duration: Duration) -> MonotonicTime {
        time.advanced(by: .zero - duration)
    }

    /// The duration from `earlier` to `later`.
    @inlinable
    public static func - (later: MonotonicTime, earlier: MonotonicTime) -> Duration {
        earlier.duration(to: later)
    }

    /// Orders times on the timeline.
    @inlinable
    public static func < (lhs: MonotonicTime, rhs: MonotonicTime) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// The time since the origin, for example `30.0 seconds`.
    public var description: String {
        "\(Duration.nanoseconds(self.nanoseconds))"
    }
}

extension Duration {
    /// The duration in whole nanoseconds, truncated towards zero and clamped to `Int64`'s range.
    ///
    /// Every request converts the clock's reading with this, so it avoids `components` (two 128-bit
    /// divisions and overflow-checked products): one 128-by-64-bit division of the attoseconds'
    /// magnitude gives the same truncated quotient.
    @inlinable
    var nanosecondsClamped: Int64 {
        let attoseconds = self.attoseconds
        let magnitude = attoseconds.magnitude
        let high = UInt64(truncatingIfNeeded: magnitude >> 64)
        // Past 2⁶⁴ × 10⁹ attoseconds the quotient no longer fits in 64 bits: far out of range.
        guard high < 1_000_000_000 else { return attoseconds < 0 ? .min : .max }
        let low = UInt64(truncatingIfNeeded: magnitude)
        let nanoseconds = (1_000_000_000 as UInt64).dividingFullWidth((high: high, low: low)).quotient
        if attoseconds < 0 {
            return nanoseconds >= 1 << 63 ? .min : -Int64(nanoseconds)
        }
        return nanoseconds > UInt64(Int64.max) ? .max : Int64(nanoseconds)
    }
}
