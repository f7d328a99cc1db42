/// Where an edge route sends requests: to workload clusters, in one of three forms decided by content.
///
/// | form | document | meaning |
/// |---|---|---|
/// | ``Form-swift.struct/automatic`` | `{}` or `clusters: []` | every workload cluster whose Gateway serves the hostname; locality-aware with failover |
/// | ``Form-swift.struct/named`` | `clusters: [{name: cluster-1}, …]` | only the listed clusters; failover inside the list only |
/// | ``Form-swift.struct/weighted`` | `clusters: [{name: cluster-1, weight: 50}, …]` | a strict split by weight, no failover between clusters |
///
/// Rules, checked by every initialiser and by decoding: either every entry has a weight or none does;
/// weights are whole numbers whose sum fits in `UInt32` and is greater than zero (weight 0 drains an
/// entry); no two entries select the same cluster name or the same label set.
public struct ClusterDestination: Hashable, Sendable {
    /// The form of a cluster destination.
    public struct Form: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case automatic
            case named
            case weighted
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// Every cluster whose Gateway serves the hostname, with locality-aware failover.
        public static let automatic = Form(.automatic)
        /// Only the listed clusters, with locality-aware failover among them.
        public static let named = Form(.named)
        /// A strict split by weight; no health-based failover between clusters.
        public static let weighted = Form(.weighted)

        /// `automatic`, `named` or `weighted`.
        public var description: String {
            switch self.kind {
            case .automatic: return "automatic"
            case .named: return "named"
            case .weighted: return "weighted"
            }
        }
    }

    /// The entries; empty for an automatic destination.
    public let clusters: [ClusterReference]

    /// The form, decided by the entries: none → automatic; unweighted → named; weighted → weighted.
    public var form: Form {
        if self.clusters.isEmpty { return .automatic }
        return self.clusters[0].weight == nil ? .named : .weighted
    }

    /// The sum of the weights of a weighted destination (0 for the other forms).
    public var totalWeight: UInt32 {
        self.clusters.reduce(0) { $0 &+ ($1.weight ?? 0) }
    }

    /// Every cluster that serves the hostname: `clusterDestination: {}`.
    public static let automatic = ClusterDestination(validated: [])

    private init(validated clusters: [ClusterReference]) {
        self.clusters = clusters
    }

    /// Creates a destination from its entries; the form follows from them.
    ///
    /// - Parameter clusters: The entries; an empty list is the automatic form.
    /// - Throws: ``ConfigurationError`` with a path such as `clusters[1].weight` when the entries
    ///   break a rule.
    public init(clusters: [ClusterReference]) throws {
        try Self.validate(clusters)
        self.clusters = clusters
    }

    /// Only the named clusters, with failover among them.
    ///
    /// - Parameter names: Cluster names, each at most once.
    /// - Throws: ``ConfigurationError`` when a name is invalid or repeated.
    public static func named(_ names: [String]) throws -> ClusterDestination {
        var entries: [ClusterReference] = []
        for (index, name) in names.enumerated() {
            do {
                entries.append(try .named(name))
            } catch let error as ConfigurationError {
                throw error.prefixed(by: "clusters" + FieldPath.index(index))
            }
        }
        return try ClusterDestination(clusters: entries)
    }

    /// A strict split between the named clusters by weight.
    ///
    /// - Parameter weights: Cluster names and weights, in the order that defines the split's ranges.
    /// - Throws: ``ConfigurationError`` when a name is invalid or repeated, or the weights break a rule.
    public static func weighted(_ weights: [(name: String, weight: UInt32)]) throws -> ClusterDestination {
        var entries: [ClusterReference] = []
        for (index, entry) in weights.enumerated() {
            do {
                entries.append(try .named(entry.name, weight: entry.weight))
            } catch let error as ConfigurationError {
                throw error.prefixed(by: "clusters" + FieldPath.index(index))
            }
        }
        return try ClusterDestination(clusters: entries)
    }

    private static func validate(_ clusters: [ClusterReference]) throws {
        guard let first = clusters.first else { return }
        let weighted = first.weight != nil
        var names: Set<String> = []
        var labelSets: Set<[String: String]> = []
        var sum: UInt64 = 0
        for (index, entry) in clusters.enumerated() {
            let path = "clusters" + FieldPath.index(index)
            if (entry.weight != nil) != weighted {
                throw ConfigurationError(
                    code: .conflictingFields,
                    path: path + ".weight",
                    message: weighted
                        ? "clusters[0] has a weight but this entry has none; either every entry has a weight or none does"
                        : "clusters[0] has no weight but this entry has one; either every entry has a weight or none does"
                )
            }
            if let name = entry.selector.name, !names.insert(name).inserted {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path + ".name",
                    message: "cluster \"\(name)\" is listed more than once"
                )
            }
            if let labels = entry.selector.labels, !labelSets.insert(labels).inserted {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path + ".labels",
                    message: "the same label selector is listed more than once"
                )
            }
            sum += UInt64(entry.weight ?? 0)
            if sum > UInt64(UInt32.max) {
                throw ConfigurationError.invalid(
                    path + ".weight",
                    "the weights add up to more than \(UInt32.max) (the sum must fit in 32 bits)"
                )
            }
        }
        if weighted && sum == 0 {
            throw ConfigurationError.invalid(
                "clusters",
                "every weight is 0; at least one weight must be greater than 0"
            )
        }
    }
}

extension ClusterDestination: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case clusters
    }

    /// Decodes `{}` or `{clusters: [...]}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let clusters = try container.decodeIfPresent([ClusterReference].self, forKey: .clusters) ?? []
        self = try decoder.validating { try ClusterDestination(clusters: clusters) }
    }

    /// Encodes `{}` for the automatic form, `{clusters: [...]}` otherwise.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !self.clusters.isEmpty {
            try container.encode(self.clusters, forKey: .clusters)
        }
    }
}
