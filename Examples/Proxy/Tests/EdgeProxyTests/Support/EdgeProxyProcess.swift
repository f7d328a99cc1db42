import Foundation
import Synchronization

/// The built `edge-proxy` executable, run as a child process with its standard output and error
/// captured.
///
/// What the command line decides — the access log on standard output unless `--no-access-log` — is
/// only visible from outside the process, so these tests run the real binary rather than
/// `EdgeProxyServer` in process.
final class EdgeProxyProcess: Sendable {
    /// The executable could not be found or the proxy did not start.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let output = Mutex<Data?>(nil)
    private let errors = Mutex(Data())

    /// Starts `edge-proxy` with `arguments` and waits until it says where it listens.
    ///
    /// - Parameter arguments: The command-line arguments; give `--listen 127.0.0.1:0` so that it picks
    ///   a free port.
    init(arguments: [String]) async throws {
        let executable = try Self.executable()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = self.stdout
        process.standardError = self.stderr
        self.process = process
        // Standard error is read as it comes, for the port; standard output (a few access-log lines, far
        // less than a pipe holds) once the process has exited, in ``stop()``.
        self.stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.errors.withLock { $0.append(data) }
        }
        try process.run()
        let started = try await Polling.until { self.port != nil || !process.isRunning }
        guard started, self.port != nil else {
            await self.stop()
            throw Failure(description: "edge-proxy did not start: \(self.standardError)")
        }
    }

    /// The port from the proxy's `edge-proxy listening` message, once it has logged it.
    var port: Int? {
        let text = self.standardError
        guard let line = text.split(separator: "\n").first(where: { $0.contains("edge-proxy listening") }),
            let listen = line.split(separator: " ").first(where: { $0.hasPrefix("listen=") }),
            let colon = listen.lastIndex(of: ":")
        else { return nil }
        return Int(listen[listen.index(after: colon)...])
    }

    /// What the proxy wrote on standard output, once ``stop()`` returned; `nil` before.
    var standardOutput: String? {
        self.output.withLock { $0 }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// What the proxy wrote on standard error so far.
    var standardError: String {
        String(decoding: self.errors.withLock { $0 }, as: UTF8.self)
    }

    /// Sends SIGTERM (a graceful shutdown) and waits for the process to exit.
    ///
    /// - Returns: Whether it exited within the deadline.
    @discardableResult
    func stop() async -> Bool {
        if self.output.withLock({ $0 != nil }) { return true }
        if self.process.isRunning { self.process.terminate() }
        let exited = (try? await Polling.until(timeout: .seconds(20)) { !self.process.isRunning }) ?? false
        guard exited else {
            kill(self.process.processIdentifier, SIGKILL)
            return false
        }
        self.stderr.fileHandleForReading.readabilityHandler = nil
        let written = self.stdout.fileHandleForReading.readDataToEndOfFile()
        self.output.withLock { $0 = written }
        return true
    }

    /// The `edge-proxy` executable built next to this test bundle, or in the package's default build
    /// folder.
    private static func executable() throws -> URL {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            folder.deleteLastPathComponent()
            candidates.append(folder.appendingPathComponent("edge-proxy"))
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/edge-proxy"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(
                description:
                    "no edge-proxy executable in \(candidates.map(\.path)); build it with `swift build --package-path Examples/Proxy`"
            )
        }
        return found
    }
}
