public import EdgeRouting

extension ManualClock {
    /// A point on a ``ManualClock``'s timeline: the exact duration since the timeline's origin.
    ///
    /// Instants of every manual clock share one timeline that starts at ``origin``, so a test can name
    /// instants before it creates the clock:
    ///
    /// ```swift
    /// let start = ManualClock.Instant.origin
    /// let deadline = start.advanced(by: .seconds(30))
    /// assert(start.duration(to: deadline) == .seconds(30))
    /// assert(deadline.monotonicTime == MonotonicTime(nanoseconds: 30_000_000_000))
    /// ```
    public struct Instant: InstantProtocol, Hashable, Sendable, CustomStringConvertible {
        /// The duration from ``origin`` to this instant (negative before it).
        public var offset: Duration

        /// Creates the instant `offset` after ``origin``.
        ///
        /// ```swift
        /// let instant = ManualClock.Instant(offset: .milliseconds(1500))
        /// ```
        ///
        /// - Parameter offset: The duration since the origin; negative values lie before it.
        public init(offset: Duration) {
            self.offset = offset
        }

        /// Creates the instant that lies as far from ``origin`` as `time` lies from
        /// `MonotonicTime.origin`: the inverse of ``monotonicTime``.
        ///
        /// ```swift
        /// let instant = ManualClock.Instant(MonotonicTime(nanoseconds: 5))
        /// assert(instant.offset == .nanoseconds(5))
        /// ```
        ///
        /// - Parameter time: A time on the library's monotonic timeline.
        public init(_ time: MonotonicTime) {
            self.offset = .nanoseconds(time.nanoseconds)
        }

        /// The origin of the timeline, where a ``ManualClock`` created with `ManualClock()` starts.
        ///
        /// ```swift
        /// assert(ManualClock().now == .origin)
        /// ```
        public static var origin: Instant { Instant(offset: .zero) }

        /// This instant on the library's monotonic timeline, counted from its origin, for the state
        /// machines that take the current time as a `MonotonicTime`.
        ///
        /// Sub-nanosecond parts are truncated and values beyond about ±292 years saturate, as in
        /// `MonotonicTime.advanced(by:)`.
        ///
        /// ```swift
        /// let clock = ManualClock()
        /// clock.advance(by: .seconds(10))
        /// assert(clock.now.monotonicTime == MonotonicTime.origin.advanced(by: .seconds(10)))
        /// ```
        public var monotonicTime: MonotonicTime {
            MonotonicTime.origin.advanced(by: self.offset)
        }

        /// The instant `duration` after this one (before it when `duration` is negative).
        ///
        /// ```swift
        /// let later = ManualClock.Instant.origin.advanced(by: .seconds(1))
        /// ```
        ///
        /// - Parameter duration: How far to move along the timeline.
        public func advanced(by duration: Duration) -> Instant {
            Instant(offset: self.offset + duration)
        }

        /// The duration from this instant to `other` (negative when `other` is earlier).
        ///
        /// ```swift
        /// let start = ManualClock.Instant.origin
        /// assert(start.duration(to: start.advanced(by: .seconds(2))) == .seconds(2))
        /// ```
        ///
        /// - Parameter other: The later (or earlier) instant.
        public func duration(to other: Instant) -> Duration {
            other.offset - self.offset
        }

        /// Orders instants on the timeline.
        ///
        /// ```swift
        /// assert(ManualClock.Instant.origin < .origin.advanced(by: .nanoseconds(1)))
        /// ```
        public static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.offset < rhs.offset
        }

        /// The time since the origin, for example `30.0 seconds`.
        ///
        /// ```swift
        /// print(ManualClock.Instant(offset: .seconds(30)))  // "30.0 seconds"
        /// ```
        public var description: String {
            "\(self.offset)"
        }
    }
}
