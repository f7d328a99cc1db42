/// The outcomes of an attempt that make it worth retrying: Envoy's `retry_on` policies.
///
/// A set of conditions, written in configuration as Istio and Envoy write them, comma-separated:
/// `connect-failure,refused-stream,reset,503`. A bare status code in that list is shorthand for
/// ``retriableStatusCodes`` plus the code (see ``RetryPolicy/retryOn``).
///
/// | condition | name | retries |
/// |---|---|---|
/// | ``connectFailure`` | `connect-failure` | a connection that could not be established |
/// | ``refusedStream`` | `refused-stream` | an HTTP/2 `REFUSED_STREAM` reset |
/// | ``reset`` | `reset` | any attempt that ended without a response: connect failure, reset, refused stream, connection termination, local reset, per-try timeout |
/// | ``serverError`` | `5xx` | any status from 500 on, and every attempt that ended without a response |
/// | ``gatewayError`` | `gateway-error` | 502, 503, 504, and every attempt that ended without a response |
/// | ``retriable4xx`` | `retriable-4xx` | 409 |
/// | ``retriableStatusCodes`` | `retriable-status-codes` | the policy's ``RetryPolicy/retriableStatusCodes`` |
///
/// The rows for `5xx` and `gateway-error` follow Envoy's code rather than its prose: the router
/// documentation says `gateway-error` retries "502, 503, or 504", but `RetryStateImpl::wouldRetryFromReset`
/// treats every reset (and so every connect failure and per-try timeout) as retriable under both
/// `5xx` and `gateway-error`, because such a reset ends in a 5xx answer.
///
/// The type is an option set so that conditions can be added later without breaking callers.
public struct RetryConditions: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The conditions as bits; bits that name no condition are kept but match nothing.
    public var rawValue: UInt32

    /// Creates a set from its bits.
    ///
    /// - Parameter rawValue: The bits.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `connect-failure`: no connection could be established (refused, unreachable, connect timeout).
    public static let connectFailure = RetryConditions(rawValue: 1 << 0)
    /// `refused-stream`: the upstream refused the stream (HTTP/2 `REFUSED_STREAM`), so it did no work.
    public static let refusedStream = RetryConditions(rawValue: 1 << 1)
    /// `reset`: the attempt ended without a response: disconnect, reset, or per-try timeout.
    public static let reset = RetryConditions(rawValue: 1 << 2)
    /// `5xx`: any 5xx status, and every attempt that ended without a response.
    public static let serverError = RetryConditions(rawValue: 1 << 3)
    /// `gateway-error`: 502, 503 or 504, and every attempt that ended without a response.
    public static let gatewayError = RetryConditions(rawValue: 1 << 4)
    /// `retriable-4xx`: status 409 (Conflict), the only retriable 4xx Envoy defines.
    public static let retriable4xx = RetryConditions(rawValue: 1 << 5)
    /// `retriable-status-codes`: any of the policy's retriable status codes.
    public static let retriableStatusCodes = RetryConditions(rawValue: 1 << 6)

    /// The default conditions: connect failure, refused stream, reset and retriable status codes
    /// (with the default code 503), as the gateways of the failover guide use.
    public static let defaults: RetryConditions = [.connectFailure, .refusedStream, .reset, .retriableStatusCodes]

    /// Every condition with its configuration name, in the order names are written.
    static let named: [(condition: RetryConditions, name: String)] = [
        (.connectFailure, "connect-failure"),
        (.refusedStream, "refused-stream"),
        (.reset, "reset"),
        (.serverError, "5xx"),
        (.gatewayError, "gateway-error"),
        (.retriable4xx, "retriable-4xx"),
        (.retriableStatusCodes, "retriable-status-codes"),
    ]

    /// Envoy and Istio retry conditions that EdgeRouting knows of but does not implement, because
    /// they need response headers or gRPC status the planner does not see.
    static let unsupportedNames: Set<String> = [
        "envoy-ratelimited", "retriable-headers", "reset-before-request", "http3-post-connect-failure",
        "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
    ]

    /// The condition with the given configuration name (`connect-failure`, `5xx`, …), or `nil`.
    ///
    /// - Parameter name: A condition name, exactly as Envoy spells it.
    public init?(name: String) {
        guard let entry = Self.named.first(where: { $0.name == name }) else { return nil }
        self = entry.condition
    }

    /// The configuration names of the conditions in the set, in a fixed order.
    public var names: [String] {
        Self.named.filter { self.contains($0.condition) }.map(\.name)
    }

    /// The names comma-joined, for example `connect-failure,refused-stream`; empty for no conditions.
    public var description: String {
        self.names.joined(separator: ",")
    }

    /// Whether an attempt that ended with `outcome` should be retried under these conditions,
    /// following Envoy's `wouldRetryFromHeaders` and `wouldRetryFromReset`.
    ///
    /// This is a pure function; it neither checks the retry limit nor the budget.
    ///
    /// ```swift
    /// let conditions: RetryConditions = [.gatewayError]
    /// conditions.matches(.status(503))      // true
    /// conditions.matches(.connectFailure)   // true: a reset counts as a gateway error
    /// conditions.matches(.status(500))      // false
    /// ```
    ///
    /// - Parameters:
    ///   - outcome: How the attempt ended.
    ///   - retriableStatusCodes: The codes ``retriableStatusCodes`` retries; codes outside
    ///     `100...599` never match.
    /// - Returns: `true` when a condition in the set covers the outcome.
    public func matches(_ outcome: AttemptOutcome, retriableStatusCodes: [Int] = []) -> Bool {
        self.matches(outcome, codes: HTTPStatusCodeSet(retriableStatusCodes))
    }

    /// The allocation-free form of ``matches(_:retriableStatusCodes:)`` used on the request path.
    @inline(__always)
    func matches(_ outcome: AttemptOutcome, codes: HTTPStatusCodeSet) -> Bool {
        switch outcome.kind {
        case .status(let raw):
            let code = Int(raw)
            // Codes of 600 and above count as server errors, as AttemptOutcome documents for the package
            // (Envoy's `is5xx` stops at 599; it never sees such a code because its codecs reject it).
            if self.contains(.serverError) && code >= 500 { return true }
            if self.contains(.gatewayError) && (502...504).contains(code) { return true }
            if self.contains(.retriable4xx) && code == 409 { return true }
            if self.contains(.retriableStatusCodes) && codes.contains(code) { return true }
            return false
        case .connectFailure:
            // Envoy: a pool failure is retried under connect-failure, and otherwise falls through to the
            // reset rules below.
            if self.contains(.connectFailure) { return true }
            return !self.isDisjoint(with: [.reset, .serverError, .gatewayError])
        case .refusedStream:
            if !self.isDisjoint(with: [.reset, .serverError, .gatewayError]) { return true }
            return self.contains(.refusedStream)
        case .timeout, .remoteReset, .connectionTermination, .localReset:
            // A per-try timeout reaches Envoy's retry state as a local reset.
            return !self.isDisjoint(with: [.reset, .serverError, .gatewayError])
        }
    }

    /// Parses Istio's `retryOn` text: comma-separated condition names and bare status codes. Spaces
    /// around parts and empty parts are ignored, as Istio does. A bare code adds itself to the codes
    /// and ``retriableStatusCodes`` to the conditions.
    ///
    /// - Throws: `ConfigurationError` with an empty path when a part is unknown or a code is out of range,
    ///   or when the text names nothing.
    static func parse(_ text: String) throws -> (RetryConditions, HTTPStatusCodeSet) {
        var conditions: RetryConditions = []
        var codes = HTTPStatusCodeSet()
        var sawAny = false
        for rawPart in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = String(rawPart.trimmingBlanks)
            if part.isEmpty { continue }
            sawAny = true
            if let condition = RetryConditions(name: part) {
                conditions.insert(condition)
                continue
            }
            if part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                guard part.utf8.count <= 3, let code = Int(part), HTTPStatusCodeSet.range.contains(code) else {
                    throw ConfigurationError.invalid("", "status code \(part) is not in 100...599")
                }
                codes.insert(code)
                conditions.insert(.retriableStatusCodes)
                continue
            }
            var message = "unknown retry condition '\(part)'; expected status codes or any of: "
            message += Self.named.map(\.name).joined(separator: ", ")
            if Self.unsupportedNames.contains(part) {
                message += " ('\(part)' is an Envoy or Istio condition that EdgeRouting does not implement)"
            }
            throw ConfigurationError.invalid("", message)
        }
        if !sawAny {
            throw ConfigurationError.invalid(
                "",
                "retryOn names no condition; list at least one, or set attempts to 0 to disable retries"
            )
        }
        return (conditions, codes)
    }

    /// Writes conditions and codes back in `retryOn` form: names in a fixed order, then the codes in
    /// increasing order. ``retriableStatusCodes`` is written by name only when there are no codes,
    /// since a bare code implies it.
    static func format(_ conditions: RetryConditions, codes: HTTPStatusCodeSet) -> String {
        var parts: [String] = []
        for (condition, name) in Self.named where conditions.contains(condition) {
            if condition == .retriableStatusCodes && !codes.isEmpty { continue }
            parts.append(name)
        }
        if conditions.contains(.retriableStatusCodes) {
            parts.append(contentsOf: codes.sorted.map(String.init))
        }
        return parts.joined(separator: ",")
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingBlanks: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = self.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = self.lastIndex(where: { !isBlank($0) })!
        return self[first...last]
    }
}
