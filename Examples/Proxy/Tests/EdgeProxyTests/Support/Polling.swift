/// Waits for a condition that becomes true asynchronously (a log record, an access-log line, a reload
/// by the file watcher), checking it every few milliseconds until a deadline.
///
/// The deadline is generous on purpose: it only bounds how long a failing test waits, while a passing
/// test returns as soon as the condition holds. No assertion depends on how long the wait took.
enum Polling {
    /// Whether `condition` became true within `timeout`.
    ///
    /// - Parameters:
    ///   - timeout: How long to keep checking.
    ///   - interval: The pause between checks.
    ///   - condition: Checked at once, then after each pause.
    /// - Returns: `true` as soon as `condition` holds; `false` when the deadline passed first.
    static func until(
        timeout: Duration = .seconds(10),
        interval: Duration = .milliseconds(10),
        _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: interval)
        }
    }

    /// Thrown by ``until(_:timeout:_:)`` when the condition did not hold before the deadline.
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(self.what)" }
    }

    /// Returns once `condition` holds, or throws ``TimedOut`` naming `what`: for a wait the test cannot
    /// go on without.
    ///
    /// - Parameters:
    ///   - what: What is awaited, for the failure.
    ///   - timeout: How long to keep checking.
    ///   - condition: Checked at once, then every few milliseconds.
    static func until(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: () async throws -> Bool
    ) async throws {
        guard try await Self.until(timeout: timeout, condition) else { throw TimedOut(what: what) }
    }
}
