import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces files the way a watching Envoy needs: the new content is written to a temporary file in the
/// same directory, flushed, and renamed over the old one, so a reader sees the old file or the new one,
/// never a part of either, and Envoy's watch (which fires on moves) sees exactly one event.
public enum AtomicFile {
    /// What a write did.
    public enum Outcome: Hashable, Sendable {
        /// The file did not exist and was created.
        case created
        /// The file existed with other content and was replaced.
        case replaced
        /// The file already had this content and was left alone (no event for a watcher).
        case unchanged
    }

    /// An error from the file system, with the path and the operation.
    public struct Failure: Error, CustomStringConvertible {
        /// The file concerned.
        public let path: String
        /// What failed and why.
        public let reason: String

        /// `cannot write PATH: REASON`.
        public var description: String {
            "cannot write \(self.path): \(self.reason)"
        }
    }

    /// Writes `text` to `path` by write-then-rename, unless the file already holds it.
    ///
    /// - Parameters:
    ///   - text: The new content.
    ///   - path: The file.
    /// - Returns: Whether the file was created, replaced or left unchanged.
    /// - Throws: ``Failure``.
    @discardableResult
    public static func write(_ text: String, to path: String) throws -> Outcome {
        let data = Data(text.utf8)
        let url = URL(fileURLWithPath: path)
        let existing = try? Data(contentsOf: url)
        if existing == data { return .unchanged }
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw Failure(path: path, reason: "cannot create \(temporary)")
        }
        let descriptor = open(temporary, O_RDONLY)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            _ = close(descriptor)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
        return existing == nil ? .created : .replaced
    }
}
