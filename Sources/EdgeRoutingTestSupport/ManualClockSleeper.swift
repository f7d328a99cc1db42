extension ManualClock {
    /// A task suspended in ``ManualClock/sleep(until:tolerance:)``, as the clock reports it.
    ///
    /// Sleepers are numbered in the order in which they were registered on their clock, from 0, so
    /// a test that starts its sleeping tasks one at a time (waiting with
    /// ``ManualClock/waitForSleepers(count:)`` after each) knows which task each number stands for.
    /// A sleep that ends at once (its deadline has passed, or its task is already cancelled) is not
    /// registered and takes no number.
    ///
    /// ```swift
    /// let clock = ManualClock()
    /// let task = Task { try await clock.sleep(until: .origin.advanced(by: .seconds(1))) }
    /// try await clock.waitForSleepers(count: 1)
    /// assert(clock.pendingSleepers == [.init(id: 0, deadline: .origin.advanced(by: .seconds(1)))])
    /// clock.advance(by: .seconds(1))
    /// try await task.value
    /// ```
    public struct Sleeper: Hashable, Sendable, Identifiable, CustomStringConvertible {
        /// The sleeper's registration number on its clock: 0 for the first sleep that suspended.
        public var id: Int

        /// The instant at which the sleeper wakes.
        public var deadline: Instant

        /// Creates a sleeper record, for comparing with what a clock reports.
        ///
        /// ```swift
        /// let expected = ManualClock.Sleeper(id: 0, deadline: .origin.advanced(by: .seconds(1)))
        /// ```
        ///
        /// - Parameters:
        ///   - id: The registration number.
        ///   - deadline: The instant at which the sleeper wakes.
        public init(id: Int, deadline: Instant) {
            self.id = id
            self.deadline = deadline
        }

        /// The registration number and deadline, for example `#2 at 1.5 seconds`.
        ///
        /// ```swift
        /// print(ManualClock.Sleeper(id: 2, deadline: .init(offset: .seconds(1.5))))  // "#2 at 1.5 seconds"
        /// ```
        public var description: String {
            "#\(self.id) at \(self.deadline)"
        }
    }
}
