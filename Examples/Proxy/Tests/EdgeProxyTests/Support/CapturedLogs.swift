import Logging
import Synchronization

/// The records a proxy logged, kept in memory so that a test can assert on them.
///
/// swift-log's `LoggingSystem` can be bootstrapped only once per process, and tests run in parallel,
/// so each test makes its own ``CapturedLogs`` and hands the proxy ``logger(level:)``: a `Logger` whose
/// handler writes here and nowhere else.
final class CapturedLogs: Sendable {
    /// One logged message.
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let storage = Mutex<[Record]>([])

    /// A logger that records every message at `level` or above.
    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "edge-proxy-tests") { _ in CapturingLogHandler(logs: self) }
        logger.logLevel = level
        return logger
    }

    /// Everything logged so far, oldest first.
    var records: [Record] {
        self.storage.withLock { $0 }
    }

    /// Called by ``CapturingLogHandler``.
    func append(_ record: Record) {
        self.storage.withLock { $0.append(record) }
    }
}
