import EdgeRouting

/// Where an edge gateway runs and the workload clusters it fronts: the `--topology` file of the
/// examples.
///
/// ```yaml
/// edge:
///   locality: { region: region-1 }
/// clusters:
///   - name: cluster-1
///     locality: { region: region-1 }
///     ingressEndpoints: ["10.0.1.10:443"]
///     gateways: [ ... workload Gateway resources ... ]
/// ```
public struct DeploymentFile: Decodable, Sendable {
    /// The edge gateway's own location.
    public var edge: EdgeLocation
    /// The workload clusters.
    public var topology: Topology

    /// Creates a deployment.
    ///
    /// - Parameters:
    ///   - edge: The edge's location.
    ///   - topology: The workload clusters.
    public init(edge: EdgeLocation, topology: Topology) {
        self.edge = edge
        self.topology = topology
    }

    private enum CodingKeys: String, CodingKey {
        case edge
        case clusters
    }

    /// Decodes `{edge, clusters}`; unknown keys are rejected.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { $0 != "edge" && $0 != "clusters" }) {
            throw ConfigurationError(
                code: .unknownField,
                path: unknown,
                message: "unknown field '\(unknown)'; expected one of: edge, clusters"
            )
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.edge = try container.decode(EdgeLocation.self, forKey: .edge)
        self.topology = try Topology(clusters: container.decode([WorkloadCluster].self, forKey: .clusters))
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
