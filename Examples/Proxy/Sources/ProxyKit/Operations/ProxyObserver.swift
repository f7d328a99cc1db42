import EdgeRouting
import Logging

/// The proxy's ``RoutingObserver``: forwards the router's events to swift-log and renders one
/// access-log line per request with the router's ``AccessLogFormatter``.
///
/// **Contract.** Thread-safe and non-blocking, as the router requires: events go to a `Logger` (rare,
/// and filtered by its level first), access-log lines to an ``AccessLogWriter`` that only copies them
/// into a buffer.
public struct ProxyObserver: RoutingObserver {
    /// Where events go.
    public let logger: Logger
    /// Where access-log lines go; `nil` turns the access log off.
    public let accessLog: AccessLogWriter?
    /// Renders access-log lines.
    public let formatter: AccessLogFormatter

    /// Creates an observer.
    ///
    /// - Parameters:
    ///   - logger: Receives the router's events.
    ///   - accessLog: Receives one line per request, or `nil` for no access log.
    ///   - formatter: Renders the lines; give it the wall-clock time of the router's origin.
    public init(logger: Logger, accessLog: AccessLogWriter?, formatter: AccessLogFormatter) {
        self.logger = logger
        self.accessLog = accessLog
        self.formatter = formatter
    }

    /// Whether the router should build access-log records: only when there is an access log.
    public var wantsAccessLog: Bool {
        self.accessLog != nil
    }

    /// Logs an event at a level that matches how much an operator needs to see it.
    ///
    /// - Parameter event: The router's event.
    public func observe(_ event: RoutingEvent) {
        let level = Self.level(of: event)
        guard self.logger.logLevel <= level else { return }
        self.logger.log(level: level, "\(event)", metadata: ["event": "\(Self.name(of: event))"])
    }

    /// Renders and queues an access-log line.
    ///
    /// - Parameter record: The request's facts.
    public func requestCompleted(_ record: AccessLogRecord) {
        self.accessLog?.append(self.formatter.format(record))
    }

    /// The log level of an event: enforced ejections and rejected reconfigurations are warnings and
    /// errors, traffic shifts and reconfigurations notices, detections that were not enforced
    /// informational, retries debug messages (there is one per retry).
    ///
    /// - Parameter event: The event.
    /// - Returns: Its level.
    public static func level(of event: RoutingEvent) -> Logger.Level {
        switch event.kind {
        case .endpointEjected, .ejectionOverflowed, .retryBudgetExhausted: return .warning
        case .outlierDetected: return .info
        case .reconfigurationRejected: return .error
        case .endpointReadmitted, .trafficShifted, .reconfigured: return .notice
        case .retryScheduled: return .debug
        default: return .info
        }
    }

    /// A short machine-readable name of an event's kind, for log metadata.
    ///
    /// - Parameter event: The event.
    /// - Returns: For example `endpoint_ejected`.
    public static func name(of event: RoutingEvent) -> String {
        // `endpointEjected` → `endpoint_ejected`.
        var name = ""
        for character in event.kind.description {
            if character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return name
    }
}
