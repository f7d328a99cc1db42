/// Waits for a condition by checking it again and again until a deadline, so that end-to-end tests
/// wait exactly as long as the proxy needs instead of sleeping for a guessed time (fixed sleeps are
/// either slow or flaky).
enum Poll {
    /// Thrown when the condition did not hold before the deadline.
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(self.what)" }
    }

    /// Returns once `condition` holds; throws ``TimedOut`` if it still does not after `timeout`.
    ///
    /// - Parameters:
    ///   - what: What is awaited, for the failure message.
    ///   - timeout: A generous limit: only a broken proxy should reach it.
    ///   - condition: Checked every few milliseconds.
    static func until(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await condition() { return }
            guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
