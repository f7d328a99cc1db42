import Foundation

/// Waiting for something over real sockets without sleeping a fixed time: the condition is checked
/// every few milliseconds until it holds or the deadline passes.
enum Polling {
    struct TimedOut: Error, CustomStringConvertible {
        let description: String
    }

    /// Returns the first non-`nil` value `probe` produces within `seconds`.
    ///
    /// - Parameters:
    ///   - what: What is awaited, for the error.
    ///   - seconds: The deadline.
    ///   - probe: Checks once; `nil` means not yet. Errors count as not yet, and the last one is reported.
    static func until<T>(_ what: String, within seconds: Double = 10, _ probe: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        var lastError: (any Error)?
        while true {
            do {
                if let value = try probe() { return value }
            } catch {
                lastError = error
            }
            if Date() >= deadline {
                let detail = lastError.map { " (last error: \($0))" } ?? ""
                throw TimedOut(description: "timed out after \(seconds) s waiting for \(what)\(detail)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Waits until `condition` holds within `seconds`.
    static func until(_ what: String, within seconds: Double = 10, _ condition: () throws -> Bool) throws {
        _ = try self.until(what, within: seconds) { () throws -> Bool? in try condition() ? true : nil }
    }
}
