/// A probe the embedder should run now: which endpoint, and by when it must report.
///
/// The request carries no HTTP details: the destination's ``HTTPHealthCheck`` says what to send,
/// and the router knows the endpoint's address and the route's hostname. Report the result with
/// ``HealthChecker/record(_:for:now:random:)``, passing the request back unchanged; its ``sequence``
/// tells the checker which probe the result belongs to.
public struct ProbeRequest<Endpoint: Hashable & Sendable>: Hashable, Sendable, CustomStringConvertible {
    /// The endpoint's index in the list last given to ``HealthChecker/setEndpoints(_:now:random:)``.
    public let endpointIndex: Int
    /// The endpoint.
    public let endpoint: Endpoint
    /// The probe's number, unique within its checker.
    public let sequence: UInt64
    /// When the probe was handed out.
    public let sentAt: MonotonicTime
    /// When the probe times out: ``sentAt`` plus ``HealthCheckConfiguration/timeout``. Report
    /// ``ProbeResult/timeout`` if no answer has arrived by then.
    public let deadline: MonotonicTime

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index.
    ///   - endpoint: The endpoint.
    ///   - sequence: The probe's number.
    ///   - sentAt: When the probe was handed out.
    ///   - deadline: When it times out.
    public init(
        endpointIndex: Int,
        endpoint: Endpoint,
        sequence: UInt64,
        sentAt: MonotonicTime,
        deadline: MonotonicTime
    ) {
        self.endpointIndex = endpointIndex
        self.endpoint = endpoint
        self.sequence = sequence
        self.sentAt = sentAt
        self.deadline = deadline
    }

    /// `probe #7 of endpoint 0 (…) until 2.0 seconds`.
    public var description: String {
        "probe #\(self.sequence) of endpoint \(self.endpointIndex) (\(self.endpoint)) until \(self.deadline)"
    }
}
