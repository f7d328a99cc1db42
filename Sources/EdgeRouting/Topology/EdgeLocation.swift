/// Where the edge gateway itself runs: the reference point of locality-aware routing.
///
/// Priority tiers rank workload clusters by how close their ``Locality`` is to this one, and
/// `failoverPriority` labels are compared with this location's labels. The well-known topology labels
/// (``TopologyLabel``) are derived from the locality and network, as they are for clusters.
///
/// ```json
/// { "locality": { "region": "region-1" }, "network": "edge-net", "labels": { "tier": "gold" } }
/// ```
public struct EdgeLocation: Hashable, Sendable {
    /// The edge's locality.
    public let locality: Locality
    /// The edge's network, if any.
    public let network: String?
    /// The edge's own labels, compared with cluster labels by `failoverPriority`.
    public let labels: [String: String]

    /// Creates an edge location.
    ///
    /// - Parameters:
    ///   - locality: The edge's locality.
    ///   - network: The edge's network, if any.
    ///   - labels: Labels with Kubernetes' syntax; well-known topology labels only with the values the
    ///     locality and network imply.
    /// - Throws: ``ConfigurationError`` at `network` or `labels["key"]`.
    public init(locality: Locality, network: String? = nil, labels: [String: String] = [:]) throws {
        if let network, let problem = ValidationRules.nameProblem(network, what: "network") {
            throw ConfigurationError.invalid("network", problem)
        }
        if let (key, problem) = ValidationRules.labelsProblem(labels) {
            throw ConfigurationError.invalid("labels[\"\(key)\"]", problem)
        }
        if let (key, problem) = TopologyLabel.conflict(in: labels, locality: locality, network: network) {
            throw ConfigurationError(code: .conflictingFields, path: "labels[\"\(key)\"]", message: problem)
        }
        self.locality = locality
        self.network = network
        self.labels = labels
    }

    /// An edge location with only a region and, optionally, a zone.
    ///
    /// - Parameters:
    ///   - region: The edge's region.
    ///   - zone: The edge's zone, if any.
    /// - Throws: ``ConfigurationError`` at `region` or `zone` when a name is invalid.
    public init(region: String, zone: String? = nil) throws {
        try self.init(locality: Locality(region: region, zone: zone))
    }

    /// The labels with the well-known topology labels derived from the locality and network.
    public var effectiveLabels: [String: String] {
        TopologyLabel.effectiveLabels(self.labels, locality: self.locality, network: self.network)
    }
}

extension EdgeLocation: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case locality
        case network
        case labels
    }

    /// Decodes `{locality, network?, labels?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let locality = try container.decode(Locality.self, forKey: .locality)
        let network = try container.decodeIfPresent(String.self, forKey: .network)
        let labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self = try decoder.validating { try EdgeLocation(locality: locality, network: network, labels: labels) }
    }

    /// Encodes `{locality, network?, labels?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.locality, forKey: .locality)
        try container.encodeIfPresent(self.network, forKey: .network)
        if !self.labels.isEmpty {
            try container.encode(self.labels, forKey: .labels)
        }
    }
}
