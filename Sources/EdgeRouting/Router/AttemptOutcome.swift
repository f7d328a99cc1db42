/// How one attempt to forward a request to an ingress-gateway endpoint ended, as the embedding proxy
/// observed it.
///
/// Either the upstream answered with an HTTP status, or the attempt failed locally before a complete
/// response arrived. The retry planner decides from it whether to try again, outlier detection learns
/// the endpoint's health from it, and the response flags of the final answer say what went wrong
/// (`UF`, `UT`, `UR`, `UC`, `LR`).
///
/// ```swift
/// router.complete(attempt, outcome: .status(200))
/// router.complete(attempt, outcome: .connectFailure)
/// ```
public struct AttemptOutcome: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline
    enum Kind: Hashable, Sendable {
        case status(UInt16)
        case connectFailure
        case timeout
        case remoteReset
        case refusedStream
        case connectionTermination
        case localReset
    }

    @usableFromInline
    let kind: Kind

    @inlinable
    init(_ kind: Kind) {
        self.kind = kind
    }

    /// The upstream answered with this HTTP status code.
    ///
    /// Codes outside `0...999` are clamped into that range; codes of 600 and above count as server
    /// errors wherever a class is needed.
    ///
    /// - Parameter code: The status code of the upstream's response.
    @inlinable
    public static func status(_ code: Int) -> AttemptOutcome {
        AttemptOutcome(.status(UInt16(clamping: min(max(code, 0), 999))))
    }

    /// No connection could be established (refused, unreachable, connect timeout). Flag `UF`.
    public static let connectFailure = AttemptOutcome(.connectFailure)
    /// The per-try timeout expired before the response headers arrived. Flag `UT`.
    public static let timeout = AttemptOutcome(.timeout)
    /// The upstream reset the stream before a complete response. Flag `UR`.
    public static let reset = AttemptOutcome(.remoteReset)
    /// The upstream refused the stream (HTTP/2 `REFUSED_STREAM`): it did no work, so a retry is safe.
    /// Flag `UR`.
    public static let refusedStream = AttemptOutcome(.refusedStream)
    /// The upstream connection was terminated (closed) before a complete response. Flag `UC`.
    public static let connectionTermination = AttemptOutcome(.connectionTermination)
    /// The proxy itself reset the attempt, for example because its connection broke. Flag `LR`.
    public static let localReset = AttemptOutcome(.localReset)

    /// The HTTP status the upstream answered with, or `nil` when the attempt failed locally.
    @inlinable
    public var statusCode: Int? {
        if case .status(let code) = self.kind { return Int(code) }
        return nil
    }

    /// Whether the attempt failed before any HTTP status arrived (connect failure, timeout, reset).
    @inlinable
    public var isLocalOrigin: Bool {
        if case .status = self.kind { return false }
        return true
    }

    /// The Envoy response flag that describes a local-origin failure, or an empty set for a status.
    public var responseFlags: ResponseFlags {
        switch self.kind {
        case .status: return []
        case .connectFailure: return .upstreamConnectionFailure
        case .timeout: return .upstreamRequestTimeout
        case .remoteReset, .refusedStream: return .upstreamRemoteReset
        case .connectionTermination: return .upstreamConnectionTermination
        case .localReset: return .localReset
        }
    }

    /// `200`, `connect-failure`, `timeout`, `reset`, `refused-stream`, `connection-termination` or
    /// `local-reset`.
    public var description: String {
        switch self.kind {
        case .status(let code): return String(code)
        case .connectFailure: return "connect-failure"
        case .timeout: return "timeout"
        case .remoteReset: return "reset"
        case .refusedStream: return "refused-stream"
        case .connectionTermination: return "connection-termination"
        case .localReset: return "local-reset"
        }
    }
}
