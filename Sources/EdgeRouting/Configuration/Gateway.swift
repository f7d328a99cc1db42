/// A Gateway resource: the configuration of an edge gateway (routes to workload clusters) or of a
/// workload cluster's ingress gateway (routes to services), as in the guide's documents.
///
/// ```swift
/// let gateway = try Gateway(json: """
///     {"spec": {"http": [{"name": "bookinfo", "port": 80,
///       "hostname": "bookinfo.tse.tetratelabs.io",
///       "routing": {"rules": [{"route": {"clusterDestination": {}}}]}}]}}
///     """)
/// gateway.role == .edge  // true
/// ```
///
/// Decoding validates everything and rejects unknown fields; every error is a
/// ``ConfigurationError`` that names the field path, for example
/// `spec.http[0].routing.rules[0].route.clusterDestination.clusters[1].weight`.
public struct Gateway: Hashable, Sendable {
    /// What a Gateway's routes lead to.
    public struct Role: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case edge
            case workload
            case empty
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// Every route leads to workload clusters: the Gateway configures an edge gateway.
        public static let edge = Role(.edge)
        /// Every route leads to a service: the Gateway configures a workload cluster's ingress gateway.
        public static let workload = Role(.workload)
        /// The Gateway has no servers.
        public static let empty = Role(.empty)

        /// `edge`, `workload` or `empty`.
        public var description: String {
            switch self.kind {
            case .edge: return "edge"
            case .workload: return "workload"
            case .empty: return "empty"
            }
        }
    }

    /// The resource's API version, if given (for example `gateway.tsb.tetrate.io/v2`).
    public var apiVersion: String?
    /// The resource's kind, if given; always `Gateway`.
    public var kind: String?
    /// The resource's metadata, if given.
    public var metadata: GatewayMetadata?
    /// The resource's body.
    public var spec: GatewaySpec

    /// Creates a Gateway.
    ///
    /// - Parameters:
    ///   - metadata: Optional identification.
    ///   - spec: The body.
    ///   - apiVersion: Optional API version.
    public init(metadata: GatewayMetadata? = nil, spec: GatewaySpec, apiVersion: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = apiVersion == nil ? nil : "Gateway"
        self.metadata = metadata
        self.spec = spec
    }

    /// Decodes and validates a Gateway from a JSON document.
    ///
    /// - Parameter json: The document's bytes (UTF-8).
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(json: some Collection<UInt8>) throws {
        self = try JSONConfiguration.decode(Gateway.self, from: json)
    }

    /// Decodes and validates a Gateway from a JSON document.
    ///
    /// - Parameter json: The document's text.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(json: String) throws {
        try self.init(json: Array(json.utf8))
    }

    /// The Gateway's name from its metadata, if any.
    public var name: String? {
        self.metadata?.name
    }

    /// Whether the routes lead to workload clusters (edge), to services (workload), or nowhere (empty).
    public var role: Role {
        guard let first = self.spec.http.first?.rules.first else { return .empty }
        return first.route.clusterDestination != nil ? .edge : .workload
    }
}

extension Gateway: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case apiVersion
        case kind
        case metadata
        case spec
    }

    /// Decodes `{apiVersion?, kind?, metadata?, spec}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        self.kind = try container.decodeIfPresent(String.self, forKey: .kind)
        if let kind = self.kind, kind != "Gateway" {
            throw ConfigurationError.invalid(
                FieldPath.render(decoder.codingPath + [CodingKeys.kind]),
                "expected kind \"Gateway\", got \"\(kind)\""
            )
        }
        self.metadata = try container.decodeIfPresent(GatewayMetadata.self, forKey: .metadata)
        self.spec = try container.decode(GatewaySpec.self, forKey: .spec)
    }

    /// Encodes `{apiVersion?, kind?, metadata?, spec}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.apiVersion, forKey: .apiVersion)
        try container.encodeIfPresent(self.kind, forKey: .kind)
        try container.encodeIfPresent(self.metadata, forKey: .metadata)
        try container.encode(self.spec, forKey: .spec)
    }
}
