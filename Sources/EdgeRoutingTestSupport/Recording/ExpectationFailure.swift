/// A failed expectation of an ``EventRecorder``: what was expected, and what was recorded instead.
///
/// Thrown by the recorder's `expect…` helpers; Swift Testing and XCTest report a thrown error with
/// its description, so a failing test shows the recorded events without further code.
///
/// ```swift
/// do {
///     try recorder.expectEjection(of: "cluster-1")
/// } catch let failure as ExpectationFailure {
///     print(failure)  // expected an ejection of cluster-1, but recorded 2 events: …
/// }
/// ```
public struct ExpectationFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was expected.
    public var expected: String
    /// One line per recorded event (or access-log record) that the expectation examined.
    public var recorded: [String]

    /// Creates a failure.
    ///
    /// - Parameters:
    ///   - expected: What was expected, for example `an ejection of cluster-1`.
    ///   - recorded: What was recorded instead, one line each.
    public init(expected: String, recorded: [String]) {
        self.expected = expected
        self.recorded = recorded
    }

    /// `expected …, but recorded N events:` followed by the events, one per line (at most 50).
    public var description: String {
        if self.recorded.isEmpty {
            return "expected \(self.expected), but nothing was recorded"
        }
        let shown = self.recorded.prefix(50).map { "  - " + $0 }
        let more = self.recorded.count > 50 ? ["  … and \(self.recorded.count - 50) more"] : []
        return "expected \(self.expected), but recorded \(self.recorded.count) "
            + (self.recorded.count == 1 ? "entry" : "entries") + ":\n"
            + (shown + more).joined(separator: "\n")
    }
}
