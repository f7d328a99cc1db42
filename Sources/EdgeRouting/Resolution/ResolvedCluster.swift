/// A workload cluster as a destination plan uses it: its name, place, labels and ingress endpoints.
///
/// A resolved cluster is a snapshot of the ``WorkloadCluster`` it was made from, without its Gateway
/// resources. The endpoints are listed in the topology's order.
public struct ResolvedCluster: Hashable, Sendable, CustomStringConvertible {
    /// The cluster's name, unique in the topology.
    public let name: String
    /// Where the cluster runs.
    public let locality: Locality
    /// The cluster's network (the `network` field or the `topology.istio.io/network` label), if any.
    public let network: String?
    /// The cluster's labels, including the well-known topology labels derived from its locality and
    /// network (``TopologyLabel``).
    public let labels: [String: String]
    /// The ingress-gateway endpoints, in the topology's order.
    public let endpoints: [IngressEndpoint]

    /// Creates a resolved cluster from its parts.
    ///
    /// - Parameters:
    ///   - name: The cluster's name.
    ///   - locality: Where it runs.
    ///   - network: Its network, if any.
    ///   - labels: Its labels, including derived topology labels.
    ///   - endpoints: Its ingress-gateway endpoints.
    public init(
        name: String,
        locality: Locality,
        network: String? = nil,
        labels: [String: String] = [:],
        endpoints: [IngressEndpoint]
    ) {
        self.name = name
        self.locality = locality
        self.network = network
        self.labels = labels
        self.endpoints = endpoints
    }

    /// A snapshot of a topology's cluster.
    ///
    /// - Parameter cluster: The workload cluster.
    public init(_ cluster: WorkloadCluster) {
        self.init(
            name: cluster.name,
            locality: cluster.locality,
            network: cluster.effectiveNetwork,
            labels: cluster.effectiveLabels,
            endpoints: cluster.ingressEndpoints
        )
    }

    /// `name (locality) [endpoints]`, for example `cluster-1 (region-1) [10.0.1.10:443]`.
    public var description: String {
        "\(self.name) (\(self.locality)) [" + self.endpoints.map(\.description).joined(separator: ", ") + "]"
    }
}
