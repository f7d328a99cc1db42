/// One entry of a `clusterDestination.clusters` list: which clusters it selects, and its weight in a
/// weighted destination.
///
/// ```yaml
/// clusters:
///   - name: cluster-1
///     weight: 50
///   - labels: { tier: canary }
///     weight: 50
/// ```
public struct ClusterReference: Hashable, Sendable {
    /// Which clusters the entry selects.
    public let selector: ClusterSelector
    /// The entry's weight in a weighted destination, or `nil` in a named one.
    public let weight: UInt32?
    /// If set, only clusters on this network are selected (TSB's deprecated `network` filter).
    public let network: String?

    /// Creates an entry.
    ///
    /// - Parameters:
    ///   - selector: Which clusters the entry selects.
    ///   - weight: The weight in a weighted destination; `nil` in a named one. Weight 0 drains the entry.
    ///   - network: An optional network filter.
    /// - Throws: ``ConfigurationError`` at `network` when the network name is invalid.
    public init(_ selector: ClusterSelector, weight: UInt32? = nil, network: String? = nil) throws {
        if let network, let problem = ValidationRules.nameProblem(network, what: "network") {
            throw ConfigurationError.invalid("network", problem)
        }
        self.selector = selector
        self.weight = weight
        self.network = network
    }

    /// An entry that selects a cluster by name.
    ///
    /// - Parameters:
    ///   - name: The cluster's name.
    ///   - weight: The weight in a weighted destination; `nil` in a named one.
    /// - Throws: ``ConfigurationError`` when the name is invalid.
    public static func named(_ name: String, weight: UInt32? = nil) throws -> ClusterReference {
        try ClusterReference(.name(name), weight: weight)
    }
}

extension ClusterReference: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case labels
        case network
        case weight
    }

    /// Decodes `{name | labels, weight?, network?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decodeIfPresent(String.self, forKey: .name)
        let labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
        let weight = try container.decodeInteger(UInt32.self, forKey: .weight, in: 0...UInt32.max, what: "weight")
        let network = try container.decodeIfPresent(String.self, forKey: .network)
        self = try decoder.validating {
            let selector: ClusterSelector
            switch (name, labels) {
            case (let name?, nil): selector = try .name(name)
            case (nil, let labels?): selector = try .labels(labels)
            case (.some, .some):
                throw ConfigurationError(
                    code: .conflictingFields,
                    path: "",
                    message: "an entry selects clusters by 'name' or by 'labels', not both"
                )
            case (nil, nil):
                throw ConfigurationError(
                    code: .missingField,
                    path: "",
                    message: "an entry must have exactly one of 'name' or 'labels'"
                )
            }
            return try ClusterReference(selector, weight: weight, network: network)
        }
    }

    /// Encodes `{name | labels, weight?, network?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.selector.name, forKey: .name)
        try container.encodeIfPresent(self.selector.labels, forKey: .labels)
        try container.encodeIfPresent(self.network, forKey: .network)
        try container.encodeIfPresent(self.weight, forKey: .weight)
    }
}
