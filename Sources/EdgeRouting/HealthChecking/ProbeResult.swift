/// What one probe found: an HTTP status, or a failure to get one.
///
/// The embedder runs the probe (the library does no I/O) and reports what happened. A status is judged
/// by the destination's ``HTTPHealthCheck``; the other results are network failures, which count
/// towards ``HealthCheckConfiguration/unhealthyThreshold`` as in Envoy (`NETWORK` and
/// `NETWORK_TIMEOUT`):
///
/// | result | Envoy's failure type | effect on a healthy endpoint |
/// |---|---|---|
/// | ``status(_:)`` in ``HTTPHealthCheck/expectedStatuses`` | — (a pass) | none |
/// | ``status(_:)`` in ``HTTPHealthCheck/retriableStatuses`` | `ACTIVE`, retriable | counts towards the threshold |
/// | any other ``status(_:)`` | `ACTIVE` | unhealthy at once |
/// | ``connectFailure``, ``reset`` | `NETWORK` | counts towards the threshold |
/// | ``timeout`` | `NETWORK_TIMEOUT` | counts towards the threshold |
///
/// ```swift
/// checker.record(.status(200), for: probe, now: now, random: &random)
/// checker.record(.timeout, for: probe, now: now, random: &random)
/// ```
public struct ProbeResult: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case status(UInt16)
        case connectFailure
        case timeout
        case reset
    }

    let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// The endpoint answered the probe with this status code.
    ///
    /// Codes outside `0...999` are clamped into that range; any code outside `100..<600` fails.
    ///
    /// - Parameter code: The status code of the response.
    public static func status(_ code: Int) -> ProbeResult {
        ProbeResult(.status(UInt16(clamping: min(max(code, 0), 999))))
    }

    /// No connection could be established (refused, unreachable, connect timeout).
    public static let connectFailure = ProbeResult(.connectFailure)
    /// No response arrived within ``HealthCheckConfiguration/timeout``; the embedder enforces the
    /// timeout and reports it.
    public static let timeout = ProbeResult(.timeout)
    /// The connection or stream was reset before a complete response.
    public static let reset = ProbeResult(.reset)

    /// The HTTP status, or `nil` for a network failure.
    public var statusCode: Int? {
        if case .status(let code) = self.kind { return Int(code) }
        return nil
    }

    /// Whether this is a network failure (no status) rather than an HTTP status.
    public var isNetworkFailure: Bool {
        self.statusCode == nil
    }

    /// `200`, `connect-failure`, `timeout` or `reset`.
    public var description: String {
        switch self.kind {
        case .status(let code): return String(code)
        case .connectFailure: return "connect-failure"
        case .timeout: return "timeout"
        case .reset: return "reset"
        }
    }
}

/// How a probe result counts, after the destination's ``HTTPHealthCheck`` judged it.
enum ProbeClassification: Hashable, Sendable {
    /// The probe passed.
    case pass
    /// The probe failed in a way that counts towards the unhealthy threshold (a network failure, or a
    /// retriable status).
    case countedFailure
    /// The probe failed with a status that makes a healthy endpoint unhealthy at once (Envoy's
    /// non-retriable `ACTIVE` failure).
    case immediateFailure

    var passed: Bool {
        self == .pass
    }
}
