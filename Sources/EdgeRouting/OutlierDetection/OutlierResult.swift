/// One result that outlier detection learns from: an HTTP status, or a local-origin event.
///
/// Local-origin events happen on the proxy's side of the connection: a connection could not be
/// established, the attempt timed out, or the stream was reset before a complete response. How they
/// are counted depends on
/// ``OutlierDetectionConfiguration/splitExternalLocalOriginErrors``:
///
/// | result | default mode (not split) | split mode |
/// |---|---|---|
/// | ``status(_:)`` | classified by the ``ResponseClassifier`` | the same, external-origin counters only |
/// | ``connectFailure`` | a `503`: failure and gateway failure | a local-origin failure |
/// | ``timeout`` | a `504`: failure and gateway failure | a local-origin failure |
/// | ``reset`` | a `503`: failure and gateway failure | a local-origin failure |
/// | ``connectSuccess`` | ignored | a local-origin success |
///
/// This is Envoy's mapping (`DetectorHostMonitorImpl::putResult`): its router reports stream resets of
/// every kind as a connect failure, which counts as `503` unless local-origin errors are split out.
///
/// ```swift
/// detector.record(OutlierResult(outcome), endpointIndex: index, now: now)
/// detector.record(.status(200), endpointIndex: index, now: now)
/// ```
public struct OutlierResult: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline
    enum Kind: Hashable, Sendable {
        case status(UInt16)
        case connectFailure
        case timeout
        case reset
        case connectSuccess
    }

    @usableFromInline
    let kind: Kind

    @inlinable
    init(kind: Kind) {
        self.kind = kind
    }

    /// The upstream answered with this HTTP status code.
    ///
    /// Codes outside `0...999` are clamped into that range, as ``AttemptOutcome/status(_:)`` does.
    ///
    /// - Parameter code: The status code of the upstream's response.
    @inlinable
    public static func status(_ code: Int) -> OutlierResult {
        OutlierResult(kind: .status(UInt16(clamping: min(max(code, 0), 999))))
    }

    /// No connection could be established (refused, unreachable, connect timeout).
    public static let connectFailure = OutlierResult(kind: .connectFailure)
    /// The attempt timed out before the response headers arrived.
    public static let timeout = OutlierResult(kind: .timeout)
    /// The stream or connection was reset (by either side) before a complete response.
    public static let reset = OutlierResult(kind: .reset)
    /// A connection to the endpoint was established.
    ///
    /// Only split mode counts it (as a local-origin success that resets the consecutive local-origin
    /// failure counter); report it when the connection for an attempt is ready, before the attempt's
    /// status or failure, as Envoy's router does.
    public static let connectSuccess = OutlierResult(kind: .connectSuccess)

    /// The result that an attempt's outcome represents.
    ///
    /// A status stays a status; a connect failure stays a connect failure; a timeout stays a timeout;
    /// every kind of reset, refused stream or terminated connection becomes ``reset``.
    ///
    /// - Parameter outcome: How the attempt ended.
    @inlinable
    public init(_ outcome: AttemptOutcome) {
        switch outcome.kind {
        case .status(let code): self.init(kind: .status(code))
        case .connectFailure: self.init(kind: .connectFailure)
        case .timeout: self.init(kind: .timeout)
        case .remoteReset, .refusedStream, .connectionTermination, .localReset: self.init(kind: .reset)
        }
    }

    /// The HTTP status, or `nil` for a local-origin event.
    @inlinable
    public var statusCode: Int? {
        if case .status(let code) = self.kind { return Int(code) }
        return nil
    }

    /// Whether this is a local-origin event rather than an HTTP status.
    @inlinable
    public var isLocalOrigin: Bool {
        if case .status = self.kind { return false }
        return true
    }

    /// `200`, `connect-failure`, `timeout`, `reset` or `connect-success`.
    public var description: String {
        switch self.kind {
        case .status(let code): return String(code)
        case .connectFailure: return "connect-failure"
        case .timeout: return "timeout"
        case .reset: return "reset"
        case .connectSuccess: return "connect-success"
        }
    }
}
