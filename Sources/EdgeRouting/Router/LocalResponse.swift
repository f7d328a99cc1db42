/// An answer the proxy gives the client itself, without (or instead of) an upstream response.
///
/// The bodies are Envoy's, so clients and dashboards that know Envoy's replies see the same text:
/// `no healthy upstream`, `upstream request timeout`, and
/// `upstream connect error or disconnect/reset before headers. reset reason: connection failure`.
public struct LocalResponse: Hashable, Sendable, CustomStringConvertible {
    /// The HTTP status to answer with.
    public var status: Int
    /// The response flags that explain the answer.
    public var flags: ResponseFlags
    /// The response body (plain text).
    public var body: String

    /// Creates a local response.
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - flags: The response flags.
    ///   - body: The plain-text body.
    public init(status: Int, flags: ResponseFlags, body: String) {
        self.status = status
        self.flags = flags
        self.body = body
    }

    /// `404`, flag `NR`, empty body: no route matches the request's host, path or headers.
    public static let noRoute = LocalResponse(status: 404, flags: .noRouteFound, body: "")

    /// `503`, flag `UH`, body `no healthy upstream`: the chosen destination has no usable endpoint.
    public static let noHealthyUpstream = LocalResponse(
        status: 503,
        flags: .noHealthyUpstream,
        body: "no healthy upstream"
    )

    /// `503`, flag `NC`, body `cluster not found`: the route's destination resolved to no cluster.
    public static let noClusterFound = LocalResponse(status: 503, flags: .noClusterFound, body: "cluster not found")

    /// The answer Envoy gives when an attempt failed locally and will not be retried: `504 upstream
    /// request timeout` for a timeout, otherwise `503 upstream connect error or disconnect/reset before
    /// headers. reset reason: …` with the reason Envoy names. Returns `nil` for an HTTP status, which
    /// is passed through to the client instead.
    ///
    /// - Parameter outcome: How the last attempt ended.
    public static func upstreamFailure(_ outcome: AttemptOutcome) -> LocalResponse? {
        switch outcome.kind {
        case .status: return nil
        case .timeout: return Self.upstreamTimeout
        case .connectFailure: return Self.connectFailure
        case .remoteReset: return Self.remoteReset
        case .refusedStream: return Self.refusedStream
        case .connectionTermination: return Self.connectionTermination
        case .localReset: return Self.localResetReply
        }
    }

    // Built once: answering a failure must not allocate its body on every request.
    private static let upstreamTimeout = LocalResponse(
        status: 504,
        flags: .upstreamRequestTimeout,
        body: "upstream request timeout"
    )
    private static let connectFailure = Self.resetReply(.upstreamConnectionFailure, "connection failure")
    private static let remoteReset = Self.resetReply(.upstreamRemoteReset, "remote reset")
    private static let refusedStream = Self.resetReply(.upstreamRemoteReset, "remote refused stream reset")
    private static let connectionTermination = Self.resetReply(
        .upstreamConnectionTermination,
        "connection termination"
    )
    private static let localResetReply = Self.resetReply(.localReset, "local reset")

    private static func resetReply(_ flags: ResponseFlags, _ reason: String) -> LocalResponse {
        LocalResponse(
            status: 503,
            flags: flags,
            body: "upstream connect error or disconnect/reset before headers. reset reason: \(reason)"
        )
    }

    /// `STATUS FLAGS "BODY"`, for example `503 UH "no healthy upstream"`.
    public var description: String {
        "\(self.status) \(self.flags) \"\(self.body)\""
    }
}
