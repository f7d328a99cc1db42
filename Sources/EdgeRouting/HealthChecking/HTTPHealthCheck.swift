/// The HTTP request a probe sends and how its answer is judged, after Envoy's `HttpHealthCheck`.
///
/// The default is issue 15's probe: `GET /` with the route's hostname as `Host`, healthy when the
/// status is below 500 (an ingress gateway whose upstream service is gone answers 503). Envoy's own
/// default accepts only 200.
///
/// A status in ``expectedStatuses`` passes. A status in ``retriableStatuses`` fails but only counts
/// towards ``HealthCheckConfiguration/unhealthyThreshold``, as network failures do; any other status
/// makes a healthy endpoint unhealthy at once, whatever the threshold (Envoy's rule for a status that
/// is neither expected nor retriable).
///
/// ```swift
/// let probe = try HTTPHealthCheck(path: "/healthz", expectedStatuses: [HTTPStatusRange(start: 200, end: 300)])
/// ```
public struct HTTPHealthCheck: Hashable, Sendable {
    /// The request path, starting with `/`. Default `/`.
    public let path: String
    /// The `Host` header; `nil` (the default) sends the hostname of the route the destination serves,
    /// where Envoy sends the cluster's name.
    public let host: String?
    /// The request method, an HTTP token other than `CONNECT`. Default `GET`.
    public let method: String
    /// The statuses that pass; at least one range. Default `100..<500`.
    public let expectedStatuses: [HTTPStatusRange]
    /// The failing statuses that only count towards the unhealthy threshold. Default none.
    public let retriableStatuses: [HTTPStatusRange]

    private let expected: HTTPStatusCodeSet
    private let retriable: HTTPStatusCodeSet

    /// `GET /`, the route's hostname as `Host`, healthy below 500.
    public static var defaults: HTTPHealthCheck {
        HTTPHealthCheck(
            unchecked: "/",
            host: nil,
            method: "GET",
            expectedStatuses: [.below500],
            retriableStatuses: []
        )
    }

    /// Creates a validated probe description.
    ///
    /// - Parameters:
    ///   - path: The request path; it must start with `/` and contain only visible ASCII characters.
    ///   - host: The `Host` header (a hostname or IPv4 address with an optional `:port`), or `nil` for
    ///     the route's hostname.
    ///   - method: The request method.
    ///   - expectedStatuses: The statuses that pass; not empty.
    ///   - retriableStatuses: The failing statuses that only count towards the threshold.
    /// - Throws: ``ConfigurationError`` naming the first invalid field.
    public init(
        path: String = "/",
        host: String? = nil,
        method: String = "GET",
        expectedStatuses: [HTTPStatusRange] = [.below500],
        retriableStatuses: [HTTPStatusRange] = []
    ) throws {
        if let problem = Self.pathProblem(path) {
            throw ConfigurationError.invalid("path", problem)
        }
        if let host, let problem = Self.hostProblem(host) {
            throw ConfigurationError.invalid("host", problem)
        }
        if ValidationRules.headerNameProblem(method) != nil {
            throw ConfigurationError.invalid("method", "must be an HTTP token such as GET or HEAD, got \"\(method)\"")
        }
        if method.uppercased() == "CONNECT" {
            throw ConfigurationError.invalid("method", "CONNECT cannot be used for a probe")
        }
        if expectedStatuses.isEmpty {
            throw ConfigurationError.invalid("expectedStatuses", "must list at least one range, or no probe could pass")
        }
        self.init(
            unchecked: path,
            host: host,
            method: method,
            expectedStatuses: expectedStatuses,
            retriableStatuses: retriableStatuses
        )
    }

    private init(
        unchecked path: String,
        host: String?,
        method: String,
        expectedStatuses: [HTTPStatusRange],
        retriableStatuses: [HTTPStatusRange]
    ) {
        self.path = path
        self.host = host
        self.method = method
        self.expectedStatuses = expectedStatuses
        self.retriableStatuses = retriableStatuses
        self.expected = Self.codes(expectedStatuses)
        self.retriable = Self.codes(retriableStatuses)
    }

    /// The `Host` header a probe of a destination that serves `hostname` sends: ``host``, or
    /// `hostname` when ``host`` is `nil`.
    ///
    /// - Parameter hostname: The hostname of the route the destination serves.
    public func hostHeader(forRouteHostname hostname: String) -> String {
        self.host ?? hostname
    }

    /// Whether a status passes.
    ///
    /// - Parameter code: An HTTP status code.
    public func passes(statusCode code: Int) -> Bool {
        self.expected.contains(code)
    }

    /// How a result counts: a pass, a failure that counts towards the unhealthy threshold, or one that
    /// makes a healthy endpoint unhealthy at once. A status that is both expected and retriable passes.
    func classify(_ result: ProbeResult) -> ProbeClassification {
        guard let code = result.statusCode else { return .countedFailure }
        if self.expected.contains(code) { return .pass }
        return self.retriable.contains(code) ? .countedFailure : .immediateFailure
    }

    private static func codes(_ ranges: [HTTPStatusRange]) -> HTTPStatusCodeSet {
        var set = HTTPStatusCodeSet()
        for range in ranges {
            for code in range.start..<range.end {
                set.insert(code)
            }
        }
        return set
    }

    private static func pathProblem(_ path: String) -> String? {
        guard path.utf8.first == UInt8(ascii: "/") else {
            return "must start with \"/\", got \"\(path)\""
        }
        if path.utf8.count > 2048 {
            return "must not be longer than 2048 characters"
        }
        if path.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            return "must contain only visible ASCII characters (percent-encode the others), got \"\(path)\""
        }
        return nil
    }

    private static func hostProblem(_ host: String) -> String? {
        var name = Substring(host)
        if let colon = name.lastIndex(of: ":") {
            let port = name[name.index(after: colon)...]
            guard let number = Int(port), (1...65_535).contains(number),
                port.utf8.allSatisfy({ $0 != UInt8(ascii: "+") })
            else {
                return "the port of \"\(host)\" must be a number in 1...65535"
            }
            name = name[..<colon]
        }
        if name.hasPrefix("*") {
            return "\"\(host)\" must name one host, not a wildcard"
        }
        if let problem = Hostname.problem(with: String(name)) {
            return "\"\(host)\" is not a valid host: \(problem)"
        }
        return nil
    }
}

extension HTTPHealthCheck: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case path
        case host
        case method
        case expectedStatuses
        case retriableStatuses
    }

    /// Decodes and validates a probe description; absent fields take the values of `base`.
    ///
    /// - Parameters:
    ///   - decoder: Any decoder.
    ///   - base: The values of absent fields.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    init(from decoder: any Decoder, base: HTTPHealthCheck) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let path = try container.decodeIfPresent(String.self, forKey: .path) ?? base.path
            let host = container.contains(.host) ? try container.decodeIfPresent(String.self, forKey: .host) : base.host
            let method = try container.decodeIfPresent(String.self, forKey: .method) ?? base.method
            let expected =
                try container.decodeIfPresent([HTTPStatusRange].self, forKey: .expectedStatuses)
                ?? base.expectedStatuses
            let retriable =
                try container.decodeIfPresent([HTTPStatusRange].self, forKey: .retriableStatuses)
                ?? base.retriableStatuses
            self = try decoder.validating {
                try HTTPHealthCheck(
                    path: path,
                    host: host,
                    method: method,
                    expectedStatuses: expected,
                    retriableStatuses: retriable
                )
            }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Decodes and validates a probe description; absent fields take their defaults (`GET /`, the
    /// route's hostname, healthy below 500). `"host": null` is the same as no `host`.
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, base: .defaults)
    }

    /// Encodes every field (``host`` only when set).
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        try self.encode(to: encoder, writingNulls: false)
    }

    /// Encodes every field; with `writingNulls`, an unset ``host`` is written as `null`.
    func encode(to encoder: any Encoder, writingNulls: Bool) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.path, forKey: .path)
        if let host = self.host {
            try container.encode(host, forKey: .host)
        } else if writingNulls {
            try container.encodeNil(forKey: .host)
        }
        try container.encode(self.method, forKey: .method)
        try container.encode(self.expectedStatuses, forKey: .expectedStatuses)
        try container.encode(self.retriableStatuses, forKey: .retriableStatuses)
    }
}
