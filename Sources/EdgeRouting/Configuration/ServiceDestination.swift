/// Where a workload Gateway's route sends requests: a service inside its cluster.
///
/// The host is written `namespace/fqdn`, for example
/// `bookinfo/productpage.bookinfo.svc.cluster.local`; the namespace part is optional.
public struct ServiceDestination: Hashable, Sendable {
    /// The service, as written (`bookinfo/productpage.bookinfo.svc.cluster.local`).
    public let host: String
    /// The service port, if given.
    public let port: Int?

    /// Creates a service destination.
    ///
    /// - Parameters:
    ///   - host: `namespace/fqdn` or just `fqdn`.
    ///   - port: The service port, 1…65535, if any.
    /// - Throws: ``ConfigurationError`` at `host` or `port` when a value is invalid.
    public init(host: String, port: Int? = nil) throws {
        let parts = host.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2 {
            throw ConfigurationError.invalid("host", "service host \"\(host)\" has more than one \"/\"")
        }
        if parts.count == 2, let problem = ValidationRules.nameProblem(String(parts[0]), what: "namespace") {
            throw ConfigurationError.invalid("host", problem)
        }
        if let problem = Hostname.problem(with: String(parts[parts.count - 1])) {
            throw ConfigurationError.invalid("host", "invalid service host \"\(host)\": \(problem)")
        }
        if let port, !(1...65535).contains(port) {
            throw ConfigurationError.invalid("port", "port must be a whole number in 1...65535, got \(port)")
        }
        self.host = host
        self.port = port
    }

    /// The namespace part of ``host``, if any (`bookinfo`).
    public var namespace: String? {
        let parts = self.host.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[0]) : nil
    }
}

extension ServiceDestination: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case host
        case port
    }

    /// Decodes `{host, port?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let host = try container.decode(String.self, forKey: .host)
        let port = try container.decodeInteger(Int.self, forKey: .port, in: 1...65535, what: "port")
        self = try decoder.validating { try ServiceDestination(host: host, port: port) }
    }

    /// Encodes `{host, port?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.host, forKey: .host)
        try container.encodeIfPresent(self.port, forKey: .port)
    }
}
