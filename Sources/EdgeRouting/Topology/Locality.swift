/// Where a workload cluster or the edge runs: a region and, optionally, a zone inside it.
///
/// Priority tiers are computed by comparing localities: a cluster in the edge's region and zone comes
/// first, then the rest of the edge's region, then other regions (see ``RouteTable``).
///
/// ```json
/// { "region": "region-1", "zone": "region-1a" }
/// ```
public struct Locality: Hashable, Sendable, CustomStringConvertible {
    /// The region, for example `region-1`.
    public let region: String
    /// The zone inside the region, if known.
    public let zone: String?

    /// Creates a locality.
    ///
    /// - Parameters:
    ///   - region: The region's name (letters, digits, `-`, `_` and `.`).
    ///   - zone: The zone's name, if any.
    /// - Throws: ``ConfigurationError`` at `region` or `zone` when a name is invalid.
    public init(region: String, zone: String? = nil) throws {
        if let problem = ValidationRules.nameProblem(region, what: "region") {
            throw ConfigurationError.invalid("region", problem)
        }
        if let zone, let problem = ValidationRules.nameProblem(zone, what: "zone") {
            throw ConfigurationError.invalid("zone", problem)
        }
        self.region = region
        self.zone = zone
    }

    /// `region` or `region/zone`, Istio's notation.
    public var description: String {
        self.zone.map { "\(self.region)/\($0)" } ?? self.region
    }
}

extension Locality: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case region
        case zone
    }

    /// Decodes `{region, zone?}`; a zone without a region is rejected.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let region = try container.decodeIfPresent(String.self, forKey: .region)
        let zone = try container.decodeIfPresent(String.self, forKey: .zone)
        guard let region else {
            throw ConfigurationError(
                code: .missingField,
                path: FieldPath.render(decoder.codingPath + [CodingKeys.region]),
                message: zone == nil
                    ? "required field 'region' is missing"
                    : "a zone requires a region; required field 'region' is missing"
            )
        }
        self = try decoder.validating { try Locality(region: region, zone: zone) }
    }

    /// Encodes `{region, zone?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.region, forKey: .region)
        try container.encodeIfPresent(self.zone, forKey: .zone)
    }
}
