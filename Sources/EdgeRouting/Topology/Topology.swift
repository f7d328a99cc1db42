/// The workload clusters an edge gateway can send traffic to: their localities, labels, ingress
/// endpoints and workload Gateway resources.
///
/// A topology is validated as a whole: cluster names are unique, and no two endpoints anywhere share
/// an address. Errors name the field, for example `clusters[1].name` or
/// `clusters[0].ingressEndpoints[2].address`.
///
/// ```swift
/// let topology = try Topology(json: """
///     {"clusters": [
///       {"name": "cluster-1", "locality": {"region": "region-1"}, "ingressEndpoints": ["10.0.1.10:443"],
///        "gateways": [{"metadata": {"name": "bookinfo-ingress-1"}, "spec": {"http": [
///          {"name": "bookinfo", "port": 443, "hostname": "bookinfo.tse.tetratelabs.io",
///           "routing": {"rules": [{"route": {"serviceDestination":
///             {"host": "bookinfo/productpage.bookinfo.svc.cluster.local", "port": 9080}}}]}}]}}]}]}
///     """)
/// let withoutGateway = topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
/// ```
///
/// The editing methods return a new topology and leave this one unchanged; those that add something
/// validate again and throw, those that remove something cannot make a topology invalid and do not.
public struct Topology: Hashable, Sendable {
    /// The clusters, in the order given.
    public let clusters: [WorkloadCluster]

    /// A topology without clusters.
    public static let empty = Topology(validated: [])

    /// Creates a topology.
    ///
    /// - Parameter clusters: Clusters with distinct names and distinct endpoint addresses.
    /// - Throws: ``ConfigurationError`` with a path such as `clusters[1].name`.
    public init(clusters: [WorkloadCluster]) throws {
        var names: [String: Int] = [:]
        var addresses: [EndpointAddress: (cluster: Int, endpoint: Int)] = [:]
        for (index, cluster) in clusters.enumerated() {
            let path = "clusters" + FieldPath.index(index)
            if let first = names.updateValue(index, forKey: cluster.name) {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path + ".name",
                    message: "cluster name \"\(cluster.name)\" is used twice (also clusters[\(first)])"
                )
            }
            for (endpointIndex, endpoint) in cluster.ingressEndpoints.enumerated() {
                if let first = addresses.updateValue((index, endpointIndex), forKey: endpoint.address) {
                    throw ConfigurationError(
                        code: .duplicateEntry,
                        path: path + ".ingressEndpoints" + FieldPath.index(endpointIndex) + ".address",
                        message: "endpoint address \(endpoint.address) is already used by cluster "
                            + "\"\(clusters[first.cluster].name)\" (clusters[\(first.cluster)].ingressEndpoints[\(first.endpoint)])"
                    )
                }
            }
        }
        self.clusters = clusters
    }

    private init(validated clusters: [WorkloadCluster]) {
        self.clusters = clusters
    }

    /// Decodes and validates a topology from a JSON document `{"clusters": [...]}`.
    ///
    /// - Parameter json: The document's bytes (UTF-8).
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(json: some Collection<UInt8>) throws {
        self = try JSONConfiguration.decode(Topology.self, from: json)
    }

    /// Decodes and validates a topology from a JSON document `{"clusters": [...]}`.
    ///
    /// - Parameter json: The document's text.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(json: String) throws {
        try self.init(json: Array(json.utf8))
    }

    /// The cluster named `name`, if any.
    ///
    /// - Parameter name: A cluster name.
    /// - Complexity: O(*n*) in the number of clusters.
    public func cluster(named name: String) -> WorkloadCluster? {
        self.clusters.first { $0.name == name }
    }

    /// The names of the clusters, in order.
    public var clusterNames: [String] {
        self.clusters.map(\.name)
    }

    /// This topology with `cluster` added, or replacing the cluster of the same name in place.
    ///
    /// - Parameter cluster: The new or changed cluster.
    /// - Throws: ``ConfigurationError`` when one of its endpoint addresses is used by another cluster.
    public func updating(_ cluster: WorkloadCluster) throws -> Topology {
        var clusters = self.clusters
        if let index = clusters.firstIndex(where: { $0.name == cluster.name }) {
            clusters[index] = cluster
        } else {
            clusters.append(cluster)
        }
        return try Topology(clusters: clusters)
    }

    /// This topology without the cluster named `name`; unchanged when there is none.
    ///
    /// - Parameter name: The cluster's name.
    public func removingCluster(named name: String) -> Topology {
        Topology(validated: self.clusters.filter { $0.name != name })
    }

    /// This topology without the Gateway `gatewayName` in cluster `clusterName` — the guide's
    /// `tctl delete -f bookinfo-ingress-1.yaml`. Unchanged when there is no such cluster or Gateway.
    ///
    /// - Parameters:
    ///   - gatewayName: The Gateway's `metadata.name`.
    ///   - clusterName: The cluster it is applied in.
    public func removingGateway(named gatewayName: String, fromCluster clusterName: String) -> Topology {
        self.modifying(clusterName) { $0.removingGateway(named: gatewayName) } ?? self
    }

    /// This topology with `gateway` applied in cluster `clusterName` (replacing a Gateway of the same
    /// name) — the guide's `tctl apply -f bookinfo-ingress-1.yaml`.
    ///
    /// - Parameters:
    ///   - gateway: A workload Gateway.
    ///   - clusterName: The cluster to apply it in.
    /// - Throws: ``ConfigurationError`` when there is no such cluster or the Gateway is an edge Gateway.
    public func addingGateway(_ gateway: Gateway, toCluster clusterName: String) throws -> Topology {
        try self.requireModifying(clusterName) { try $0.addingGateway(gateway) }
    }

    /// This topology with `endpoint` added to cluster `clusterName`.
    ///
    /// - Parameters:
    ///   - endpoint: The new endpoint; its address must not be in use anywhere in the topology.
    ///   - clusterName: The cluster to add it to.
    /// - Throws: ``ConfigurationError`` when there is no such cluster or the address is in use.
    public func addingIngressEndpoint(_ endpoint: IngressEndpoint, toCluster clusterName: String) throws -> Topology {
        try self.requireModifying(clusterName) { try $0.replacing(ingressEndpoints: $0.ingressEndpoints + [endpoint]) }
    }

    /// This topology without the endpoint at `address` in cluster `clusterName`; unchanged when there
    /// is no such cluster or endpoint.
    ///
    /// - Parameters:
    ///   - address: The endpoint's address.
    ///   - clusterName: The cluster it belongs to.
    public func removingIngressEndpoint(_ address: EndpointAddress, fromCluster clusterName: String) -> Topology {
        self.modifying(clusterName) { $0.removingIngressEndpoint(address) } ?? self
    }

    private func modifying(_ clusterName: String, _ change: (WorkloadCluster) -> WorkloadCluster) -> Topology? {
        guard let index = self.clusters.firstIndex(where: { $0.name == clusterName }) else { return nil }
        var clusters = self.clusters
        clusters[index] = change(clusters[index])
        return Topology(validated: clusters)
    }

    private func requireModifying(
        _ clusterName: String,
        _ change: (WorkloadCluster) throws -> WorkloadCluster
    ) throws -> Topology {
        guard let index = self.clusters.firstIndex(where: { $0.name == clusterName }) else {
            throw ConfigurationError.invalid("clusters", "there is no cluster named \"\(clusterName)\"")
        }
        var clusters = self.clusters
        do {
            clusters[index] = try change(clusters[index])
        } catch let error as ConfigurationError {
            throw error.prefixed(by: "clusters" + FieldPath.index(index))
        }
        return try Topology(clusters: clusters)
    }
}

extension Topology: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case clusters
    }

    /// Decodes `{clusters}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let clusters = try container.decodeIfPresent([WorkloadCluster].self, forKey: .clusters) ?? []
        self = try decoder.validating { try Topology(clusters: clusters) }
    }

    /// Encodes `{clusters}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.clusters, forKey: .clusters)
    }
}
