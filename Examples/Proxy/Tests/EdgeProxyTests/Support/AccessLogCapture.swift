import Foundation
import ProxyKit

/// An ``AccessLogWriter`` writing to a temporary file instead of standard output, so that a test can
/// read back the lines the proxy wrote through the same writer and formatter it uses in production.
final class AccessLogCapture: Sendable {
    /// The writer to hand the proxy.
    let writer: AccessLogWriter
    private let path: String
    private let descriptor: Int32

    /// Creates the file and the writer.
    init() throws {
        self.path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("edge-proxy-access-\(UUID()).log").path
        self.descriptor = open(self.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard self.descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        self.writer = AccessLogWriter(descriptor: self.descriptor, flushInterval: .milliseconds(5))
    }

    /// The complete lines written so far (a line still being written is left out).
    var lines: [String] {
        let text = (try? String(contentsOfFile: self.path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Waits for the first line containing `text` (the writer flushes from a background thread) and
    /// returns it.
    func line(containing text: String) async throws -> String {
        try await Polling.until("an access-log line containing \(text)") {
            self.lines.contains { $0.contains(text) }
        }
        return self.lines.first { $0.contains(text) } ?? ""
    }

    /// Stops the writer (writing what it still holds), closes and removes the file. The writer's
    /// `close()` returns after its flusher's last write, so the descriptor can go at once.
    func close() {
        self.writer.close()
        Foundation.close(self.descriptor)
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
