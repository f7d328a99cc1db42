/// Receives the router's events and access-log records.
///
/// **Contract.** Methods are called synchronously on the thread whose request caused the event, never
/// while the router holds a lock, and possibly from many threads at once: implementations must be
/// thread-safe, must not block, and should return quickly (hand work to a queue if it is slow). Events
/// are rare (ejections, reconfigurations, retries); ``requestCompleted(_:)`` is called once per request
/// when ``wantsAccessLog`` is `true`, and building its record costs a little, so observers that do not
/// log requests should leave ``wantsAccessLog`` `false`.
public protocol RoutingObserver: Sendable {
    /// Called for every event.
    ///
    /// - Parameter event: What happened.
    func observe(_ event: RoutingEvent)

    /// Called once per finished request when ``wantsAccessLog`` is `true`.
    ///
    /// - Parameter record: The request's access-log facts; ``AccessLogFormatter`` renders them.
    func requestCompleted(_ record: AccessLogRecord)

    /// Whether the router should build access-log records at all.
    var wantsAccessLog: Bool { get }
}

extension RoutingObserver {
    /// Ignores events.
    public func observe(_ event: RoutingEvent) {}

    /// Ignores access-log records.
    public func requestCompleted(_ record: AccessLogRecord) {}

    /// No access log unless an observer says so.
    public var wantsAccessLog: Bool { false }
}

/// An observer that ignores everything; the router's default.
public struct NoOpRoutingObserver: RoutingObserver {
    /// Creates the observer.
    public init() {}
}
