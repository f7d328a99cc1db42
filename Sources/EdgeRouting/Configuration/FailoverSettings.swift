/// How an edge server orders remote regions for failover (Istio's locality failover rules).
///
/// ```yaml
/// failoverSettings:
///   regionalFailover:
///     - { from: region-1, to: region-3 }
///   failoverPriority:
///     - topology.istio.io/network
/// ```
///
/// - `regionalFailover`: when the edge is in `from`, clusters in `to` come before other remote
///   regions; clusters in remote regions that are not a `to` of the edge's region come after them.
/// - `failoverPriority`: an ordered list of cluster label keys. Clusters that match the edge's values for
///   more leading labels come first (a label counts only while every earlier one matched). As in Istio,
///   the labels alone then decide the order, unless `regionalFailover` is also set, in which case the
///   labels rank first and locality breaks ties.
public struct FailoverSettings: Hashable, Sendable {
    /// Ordered label keys that refine the failover order.
    public let failoverPriority: [String]
    /// Region-to-region preferences.
    public let regionalFailover: [RegionalFailover]

    /// Creates failover settings.
    ///
    /// - Parameters:
    ///   - failoverPriority: Ordered, distinct label keys.
    ///   - regionalFailover: Preferences with distinct `from` regions.
    /// - Throws: ``ConfigurationError`` naming the offending entry.
    public init(failoverPriority: [String] = [], regionalFailover: [RegionalFailover] = []) throws {
        var seenLabels: Set<String> = []
        for (index, key) in failoverPriority.enumerated() {
            let path = "failoverPriority" + FieldPath.index(index)
            if let problem = ValidationRules.labelKeyProblem(key) {
                throw ConfigurationError.invalid(path, problem)
            }
            if !seenLabels.insert(key).inserted {
                throw ConfigurationError(code: .duplicateEntry, path: path, message: "label \"\(key)\" is listed twice")
            }
        }
        var seenFrom: Set<String> = []
        for (index, rule) in regionalFailover.enumerated() where !seenFrom.insert(rule.from).inserted {
            throw ConfigurationError(
                code: .duplicateEntry,
                path: "regionalFailover" + FieldPath.index(index) + ".from",
                message: "region \"\(rule.from)\" already has a failover rule"
            )
        }
        self.failoverPriority = failoverPriority
        self.regionalFailover = regionalFailover
    }
}

/// One regional failover preference: traffic of an edge in `from` fails over to `to` first.
public struct RegionalFailover: Hashable, Sendable {
    /// The edge's region.
    public let from: String
    /// The region to prefer when `from` has no healthy capacity.
    public let to: String

    /// Creates a preference.
    ///
    /// - Parameters:
    ///   - from: The edge's region.
    ///   - to: The preferred failover region, different from `from`.
    /// - Throws: ``ConfigurationError`` at `from` or `to` when a region is invalid or they are equal.
    public init(from: String, to: String) throws {
        if let problem = ValidationRules.nameProblem(from, what: "region") {
            throw ConfigurationError.invalid("from", problem)
        }
        if let problem = ValidationRules.nameProblem(to, what: "region") {
            throw ConfigurationError.invalid("to", problem)
        }
        if from == to {
            throw ConfigurationError(
                code: .conflictingFields,
                path: "to",
                message: "a region cannot fail over to itself (\"\(from)\")"
            )
        }
        self.from = from
        self.to = to
    }
}

extension FailoverSettings: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case failoverPriority
        case regionalFailover
    }

    /// Decodes `{failoverPriority?, regionalFailover?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let priority = try container.decodeIfPresent([String].self, forKey: .failoverPriority) ?? []
        let regional = try container.decodeIfPresent([RegionalFailover].self, forKey: .regionalFailover) ?? []
        self = try decoder.validating { try FailoverSettings(failoverPriority: priority, regionalFailover: regional) }
    }

    /// Encodes the non-empty parts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !self.failoverPriority.isEmpty {
            try container.encode(self.failoverPriority, forKey: .failoverPriority)
        }
        if !self.regionalFailover.isEmpty {
            try container.encode(self.regionalFailover, forKey: .regionalFailover)
        }
    }
}

extension RegionalFailover: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case from
        case to
    }

    /// Decodes `{from, to}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let from = try container.decode(String.self, forKey: .from)
        let to = try container.decode(String.self, forKey: .to)
        self = try decoder.validating { try RegionalFailover(from: from, to: to) }
    }

    /// Encodes `{from, to}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.from, forKey: .from)
        try container.encode(self.to, forKey: .to)
    }
}
