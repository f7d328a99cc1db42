import Foundation
import ProxyKit

/// An ``AccessLogWriter`` that writes to a temporary file the test can read back, so tests can check
/// what the proxy logs for a request (the writer flushes from a background thread, hence
/// ``line(containing:)`` polls).
final class AccessLogFile: Sendable {
    let path: String
    let writer: AccessLogWriter
    private let descriptor: Int32

    init() throws {
        self.path =
            FileManager.default.temporaryDirectory.appendingPathComponent("edge-proxy-access-\(UUID()).log").path
        self.descriptor = open(self.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard self.descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        self.writer = AccessLogWriter(descriptor: self.descriptor, flushInterval: .milliseconds(5))
    }

    /// Everything written so far.
    var contents: String {
        (try? String(contentsOfFile: self.path, encoding: .utf8)) ?? ""
    }

    /// Waits for the first line containing `text` and returns it.
    func line(containing text: String) async throws -> String {
        try await Poll.until("an access-log line containing \(text)") { self.contents.contains(text) }
        return self.contents.split(separator: "\n").first { $0.contains(text) }.map(String.init) ?? ""
    }

    /// Stops the writer and deletes the file.
    func remove() {
        self.writer.close()
        close(self.descriptor)
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
