import EdgeRouting

/// One Envoy cluster of an export: the resource itself, its endpoints, and what they came from.
public struct ExportedCluster: Hashable, Sendable {
    /// One `LocalityLbEndpoints` of the cluster: the endpoints of one workload cluster at one priority.
    public struct Locality: Hashable, Sendable {
        /// Envoy's priority: the EdgeRouting tier (0 for a weighted target).
        public let priority: Int
        /// The workload cluster, which is also the locality's `sub_zone`.
        public let cluster: String
        /// The workload cluster's region and zone.
        public let locality: EdgeRouting.Locality
        /// The endpoints, with their weights.
        public let endpoints: [IngressEndpoint]
    }

    /// The cluster's name (see ``EnvoyNames``).
    public let name: String
    /// The destination plan the cluster serves.
    public let destination: DestinationPlan.Identity
    /// The `Cluster` resource, as `static_resources.clusters` or CDS hold it.
    public let resource: JSONValue
    /// The `ClusterLoadAssignment`: inline in ``resource``, or the content of ``endpointFile``.
    public let loadAssignment: JSONValue
    /// The absolute path of the EDS file, when the endpoints are delivered by file-based EDS.
    public let endpointFile: String?
    /// The localities, in priority order.
    public let localities: [Locality]

    /// The cluster's `type`: `STATIC`, `STRICT_DNS` or `EDS`.
    public var discoveryType: String {
        self.resource["type"]?.stringValue ?? ""
    }

    /// The priorities and their workload clusters, for example `P0 {cluster-1} P1 {cluster-2}`, or
    /// `no endpoints`.
    public var priorities: String {
        guard let last = self.localities.last?.priority else { return "no endpoints" }
        return (0...last).compactMap { priority -> String? in
            let clusters = self.localities.filter { $0.priority == priority }.map(\.cluster)
            return clusters.isEmpty ? nil : "P\(priority) {" + clusters.joined(separator: ", ") + "}"
        }.joined(separator: " ")
    }
}
