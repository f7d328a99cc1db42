import ArgumentParser
import Dispatch
import Foundation
import Logging
import NIOCore
import ProxyKit

/// `edge-proxy`: the guide's edge gateway as an HTTP/1.1 reverse proxy.
@main
struct EdgeProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge-proxy",
        abstract: "An HTTP/1.1 edge gateway on SwiftNIO, routed by EdgeRouting.",
        discussion: """
            Routes each request by its Host header to a workload cluster's ingress gateway, fails over \
            across regions on outlier detection, and retries failed attempts elsewhere. Reloads its files \
            on SIGHUP or when they change; shuts down gracefully on SIGTERM or SIGINT.
            """
    )

    @Option(help: "The edge Gateway resource (YAML or JSON).")
    var edge: String

    @Option(help: "The deployment: the edge's location and the workload clusters (YAML or JSON).")
    var topology: String

    @Option(help: "The router configuration: load balancing, outlier detection, retries (YAML or JSON).")
    var config: String?

    @Option(help: "Where to serve, HOST:PORT (loopback).")
    var listen = "127.0.0.1:10000"

    @Option(help: "The admin listener, HOST:PORT (/stats, /clusters, /ready); 'none' for no admin listener.")
    var admin = "127.0.0.1:9901"

    @Option(help: "Event loops (threads).")
    var threads = System.coreCount

    @Option(help: "Request bodies up to this many bytes are kept for replay on a retry.")
    var maxReplayBody = 64 * 1024

    @Option(help: "Seconds between checks of the files for changes; 0 reloads on SIGHUP only.")
    var watchInterval = 1.0

    @Option(help: "Log level for events and messages on standard error (trace … critical).")
    var logLevel = "info"

    @Flag(help: "Do not write an access-log line per request on standard output.")
    var noAccessLog = false

    @Option(
        help: ArgumentHelp(
            "Shut down gracefully after this many seconds, without installing signal handlers (for profiling under valgrind).",
            visibility: .hidden
        )
    )
    var exitAfter: Double?

    // A synchronous entry point on purpose: an async `main` parks the main thread in Dispatch's
    // signal thread, which valgrind (the profiler available here) cannot run.
    func run() throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "edge-proxy")
        let (host, port) = try Self.address(self.listen, option: "--listen")
        let adminAddress = self.admin == "none" ? nil : try Self.address(self.admin, option: "--admin")
        let settings = ProxySettings(
            listenHost: host,
            listenPort: port,
            adminHost: adminAddress?.0,
            adminPort: adminAddress?.1 ?? 0,
            threads: self.threads,
            maximumReplayBodyBytes: self.maxReplayBody,
            watchInterval: self.watchInterval > 0 ? .nanoseconds(Int64(self.watchInterval * 1e9)) : nil
        )
        let accessLog = self.noAccessLog ? nil : AccessLogWriter()
        let files = ProxyFiles(edge: self.edge, topology: self.topology, configuration: self.config)
        let proxy: EdgeProxyServer
        do {
            proxy = try Self.blocking {
                try await EdgeProxyServer.start(files: files, settings: settings, logger: logger, accessLog: accessLog)
            }
        } catch {
            logger.critical("cannot start: \(error)")
            accessLog?.close()
            throw ExitCode.failure
        }

        if let exitAfter = self.exitAfter {
            Thread.sleep(forTimeInterval: exitAfter)
        } else {
            let signals = DispatchQueue(label: "edge-proxy.signals")
            let stop = DispatchSemaphore(value: 0)
            var sources: [any DispatchSourceSignal] = []
            for number in [SIGHUP, SIGTERM, SIGINT] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: signals)
                source.setEventHandler {
                    if number == SIGHUP {
                        proxy.reload(trigger: "SIGHUP")
                    } else {
                        logger.notice("\(number == SIGTERM ? "SIGTERM" : "SIGINT"): shutting down gracefully")
                        stop.signal()
                    }
                }
                source.resume()
                sources.append(source)
            }
            stop.wait()
            for source in sources { source.cancel() }
        }
        try Self.blocking { await proxy.shutdown() }
        accessLog?.close()
    }

    /// Runs async work from synchronous code and waits for it.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.result = .success(try await body())
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    static func address(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw ValidationError("\(option) expects HOST:PORT, got '\(text)'")
        }
        return (String(text[..<colon]), port)
    }
}

/// A result handed from a task to a waiting thread (the semaphore orders the accesses).
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
