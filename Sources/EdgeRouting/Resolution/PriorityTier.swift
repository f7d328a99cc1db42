/// One priority level of a failover plan: the clusters that share traffic while the tiers before it
/// lack healthy capacity.
///
/// Tier 0 holds the clusters closest to the edge. The load balancer pools the endpoints of every
/// cluster in a tier; how much traffic a tier receives follows Envoy's priority-load algorithm.
public struct PriorityTier: Hashable, Sendable, CustomStringConvertible {
    /// The tier's clusters, each with at least one endpoint in a resolved plan.
    public let clusters: [ResolvedCluster]

    /// Creates a tier.
    ///
    /// - Parameter clusters: The tier's clusters.
    public init(clusters: [ResolvedCluster]) {
        self.clusters = clusters
    }

    /// The names of the tier's clusters, in order.
    public var clusterNames: [String] {
        self.clusters.map(\.name)
    }

    /// The number of endpoints of all the tier's clusters.
    public var endpointCount: Int {
        self.clusters.reduce(0) { $0 + $1.endpoints.count }
    }

    /// The cluster names, for example `{cluster-1, cluster-3}`.
    public var description: String {
        "{" + self.clusterNames.joined(separator: ", ") + "}"
    }
}
