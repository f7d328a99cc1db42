import Foundation

/// A real Envoy started from an exported bootstrap, with its admin interface.
///
/// Envoy runs with one worker (`--concurrency 1`, so that round robin and outlier counting are exact
/// over sequential requests), without hot restart, and with its admin port chosen by the kernel and
/// learnt from `--admin-address-path`. Its output goes to files in the test's directory, quoted when a
/// wait times out.
final class EnvoyProcess {
    let process = Process()
    let directory: String
    private(set) var adminPort = 0

    /// Starts Envoy and waits until its admin interface reports it ready.
    ///
    /// - Parameters:
    ///   - bootstrap: The bootstrap file.
    ///   - directory: Where to put Envoy's output and admin address file.
    init(bootstrap: String, directory: String) throws {
        self.directory = directory
        let adminFile = directory + "/admin-address.txt"
        try? FileManager.default.removeItem(atPath: adminFile)
        self.process.executableURL = URL(fileURLWithPath: try EnvoyBinary.path())
        self.process.arguments = [
            "-c", bootstrap, "--admin-address-path", adminFile, "--disable-hot-restart", "--concurrency", "1",
            "--log-level", "warn",
        ]
        _ = FileManager.default.createFile(atPath: directory + "/envoy.out", contents: nil)
        _ = FileManager.default.createFile(atPath: directory + "/envoy.err", contents: nil)
        self.process.standardOutput = FileHandle(forWritingAtPath: directory + "/envoy.out")
        self.process.standardError = FileHandle(forWritingAtPath: directory + "/envoy.err")
        try self.process.run()
        do {
            self.adminPort = try Polling.until("Envoy's admin address in \(adminFile)") { () -> Int? in
                guard self.process.isRunning else { throw self.exited() }
                let text = (try? String(contentsOfFile: adminFile, encoding: .utf8)) ?? ""
                return text.split(separator: ":").last.flatMap {
                    Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
            try Polling.until("Envoy to be ready") {
                guard self.process.isRunning else { throw self.exited() }
                return try self.admin("/ready").status == 200
            }
        } catch {
            self.stop()
            throw error
        }
    }

    deinit {
        self.stop()
    }

    /// A GET (or POST) to the admin interface.
    func admin(_ path: String, method: String = "GET") throws -> LoopbackHTTP.Response {
        try LoopbackHTTP.request(method, port: self.adminPort, path: path)
    }

    /// The admin response's body parsed as JSON.
    func adminJSON(_ path: String) throws -> Any {
        let response = try self.admin(path)
        return try JSONSerialization.jsonObject(with: Data(response.body.utf8))
    }

    /// The port the `edge` listener is bound to (it may have been configured as 0).
    func listenerPort() throws -> Int {
        try Polling.until("the edge listener to be bound") { () -> Int? in
            let json = try self.adminJSON("/listeners?format=json") as? [String: Any]
            let statuses = json?["listener_statuses"] as? [[String: Any]] ?? []
            let edge = statuses.first { $0["name"] as? String == "edge" }
            let address = (edge?["local_address"] as? [String: Any])?["socket_address"] as? [String: Any]
            return (address?["port_value"] as? Int).flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// A counter or gauge from `/stats`, or 0 when Envoy has not created it.
    func stat(_ name: String) throws -> Int {
        let body = try self.admin("/stats?filter=^" + Self.regexEscaped(name) + "$").body
        for line in body.split(separator: "\n") where line.hasPrefix(name + ": ") {
            return Int(line.dropFirst(name.count + 2)) ?? 0
        }
        return 0
    }

    /// Stops Envoy through its admin interface (`/quitquitquit`) and waits for it to exit, killing it
    /// if it has not within 10 s. (A signal is not enough: Envoy inherits the test runner's blocked
    /// signals.)
    func stop() {
        guard self.process.isRunning else { return }
        _ = try? self.admin("/quitquitquit", method: "POST")
        let deadline = Date().addingTimeInterval(10)
        while self.process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
    }

    /// What Envoy wrote to standard error, for failure messages.
    var errors: String {
        (try? String(contentsOfFile: self.directory + "/envoy.err", encoding: .utf8)) ?? ""
    }

    private func exited() -> Polling.TimedOut {
        Polling.TimedOut(description: "Envoy exited with status \(self.process.terminationStatus): \(self.errors)")
    }

    private static func regexEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? escaped
    }
}
