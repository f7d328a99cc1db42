public import EdgeRouting

/// The guide's demo environment, ready to use in tests: an edge gateway in `region-1` in front of
/// `cluster-1` (`region-1`, ingress gateway `ingressgw-1`) and `cluster-2` (`region-2`, ingress gateway
/// `ingressgw-2`), each running BookInfo's `productpage` behind a workload Gateway for
/// `bookinfo.tse.tetratelabs.io`.
///
/// ```swift
/// let deployment = try DemoEnvironment.deployment(.named)
/// let topology = try DemoEnvironment.topology()
/// let broken = topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
/// ```
///
/// The documents are the ones in `Examples/config/` (`demo-topology.yaml`, `edge-automatic.yaml`,
/// `edge-named.yaml`, `edge-weighted.yaml`), built in code.
public enum DemoEnvironment {
    /// The three edge Gateway variants of the guide.
    public enum Destination: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// `clusterDestination: {}`: every cluster whose Gateway serves the hostname, locality-aware.
        case automatic
        /// `clusters: [{name: cluster-1}, {name: cluster-2}]`: only those, locality-aware.
        case named
        /// `clusters: [{name: cluster-1, weight: 50}, {name: cluster-2, weight: 50}]`: a strict split.
        case weighted

        /// The cluster destination of this variant.
        public var clusterDestination: ClusterDestination {
            switch self {
            case .automatic:
                return .automatic
            case .named:
                // Valid by construction.
                return try! .named(["cluster-1", "cluster-2"])
            case .weighted:
                return try! .weighted([("cluster-1", 50), ("cluster-2", 50)])
            }
        }

        /// `automatic`, `named` or `weighted`.
        public var description: String {
            self.rawValue
        }
    }

    /// `bookinfo.tse.tetratelabs.io`: the hostname the edge serves and each workload Gateway serves.
    public static let hostname = "bookinfo.tse.tetratelabs.io"

    /// `/productpage`: the path the guide's load generator requests.
    public static let path = "/productpage"

    /// `bookinfo/productpage.bookinfo.svc.cluster.local`: the upstream service behind each ingress.
    public static let serviceHost = "bookinfo/productpage.bookinfo.svc.cluster.local"

    /// The two workload clusters: name, region, ingress gateway name, workload Gateway name, address.
    public static let clusters: [(name: String, region: String, ingress: String, gateway: String, address: String)] = [
        ("cluster-1", "region-1", "ingressgw-1", "bookinfo-ingress-1", "ingressgw-1.cluster-1.example:443"),
        ("cluster-2", "region-2", "ingressgw-2", "bookinfo-ingress-2", "ingressgw-2.cluster-2.example:443"),
    ]

    /// The guide's request: `GET bookinfo.tse.tetratelabs.io/productpage`.
    public static var request: RequestHead {
        RequestHead(authority: Self.hostname, path: Self.path)
    }

    /// The edge gateway's location: `region-1`.
    public static var edge: EdgeLocation {
        // A valid region name.
        try! EdgeLocation(region: "region-1")
    }

    /// The workload Gateway of one cluster (`bookinfo-ingress-1.yaml` in the guide): it serves the
    /// hostname on port 443 and forwards to `productpage` on port 9080.
    ///
    /// - Parameters:
    ///   - name: The Gateway's `metadata.name`, for example `bookinfo-ingress-1`.
    ///   - ingress: The ingress gateway it configures (its `workloadSelector` label `app`).
    /// - Returns: The Gateway.
    public static func workloadGateway(named name: String, ingress: String) -> Gateway {
        // Every value is valid by construction.
        try! GatewayBuilder.workload(
            name: name,
            hostname: Self.hostname,
            service: Self.serviceHost,
            servicePort: 9080,
            selector: (namespace: "bookinfo", app: ingress)
        )
    }

    /// The workload clusters with their ingress endpoints and workload Gateways.
    ///
    /// - Parameter endpointsPerCluster: Ingress endpoints per cluster; 1, as in the guide, by default.
    ///   More than one are named `ingressgw-1-0.cluster-1.example:443`, `ingressgw-1-1…` and so on.
    /// - Returns: The topology.
    public static func topology(endpointsPerCluster: Int = 1) -> Topology {
        let clusters = Self.clusters.map { cluster in
            let endpoints: [IngressEndpoint] =
                endpointsPerCluster == 1
                ? [try! IngressEndpoint(cluster.address)]
                : (0..<max(0, endpointsPerCluster)).map { index in
                    try! IngressEndpoint("\(cluster.ingress)-\(index).\(cluster.name).example:443")
                }
            return try! WorkloadCluster(
                name: cluster.name,
                locality: Locality(region: cluster.region),
                ingressEndpoints: endpoints,
                gateways: [Self.workloadGateway(named: cluster.gateway, ingress: cluster.ingress)]
            )
        }
        return try! Topology(clusters: clusters)
    }

    /// The edge Gateway for a destination variant (`bookinfo-edge.yaml` in the guide).
    ///
    /// - Parameter destination: The variant.
    /// - Returns: The Gateway.
    public static func edgeGateway(_ destination: Destination) -> Gateway {
        try! GatewayBuilder.edge(hostname: Self.hostname, destination: destination.clusterDestination)
    }

    /// The whole demo for one destination variant.
    ///
    /// - Parameters:
    ///   - destination: The edge Gateway variant.
    ///   - endpointsPerCluster: Ingress endpoints per cluster.
    /// - Returns: The edge Gateway, the edge's location and the topology.
    public static func deployment(_ destination: Destination, endpointsPerCluster: Int = 1) -> EdgeDeployment {
        EdgeDeployment(
            gateway: Self.edgeGateway(destination),
            edge: Self.edge,
            topology: Self.topology(endpointsPerCluster: endpointsPerCluster)
        )
    }
}
