public import EdgeRouting

/// Declares workload clusters, regions, zones, endpoints and Gateways for a test in a few lines.
///
/// Each ``cluster(_:region:zone:labels:endpoints:addresses:weights:serving:ingress:)`` call adds a
/// cluster; endpoint addresses and Gateway names are generated unless given, and every endpoint has
/// weight 1 unless `weights` says otherwise. The builder is a value: every call returns a new builder,
/// so a base topology can be extended in several directions.
///
/// ```swift
/// let deployment = try TopologyBuilder(edgeRegion: "eu-west")
///     .cluster("eu-1", region: "eu-west", zone: "eu-west-a", endpoints: 2, serving: ["shop.example.com"])
///     .cluster("eu-2", region: "eu-west", zone: "eu-west-b", serving: ["shop.example.com"])
///     .cluster("us-1", region: "us-east", serving: ["shop.example.com"])
///     .deployment(hostname: "shop.example.com", destination: .automatic)
/// // Tiers seen from eu-west: P0 = {eu-1, eu-2}, P1 = {us-1}.
/// ```
///
/// Weighted endpoints, for a picker that must honour weights:
///
/// ```swift
/// let topology = try TopologyBuilder()
///     .cluster("cluster-1", region: "region-1", endpoints: 3, weights: [1, 2, 5], serving: ["shop.example.com"])
///     .build()
/// // 10.0.1.10:443 weight 1, 10.0.1.11:443 weight 2, 10.0.1.12:443 weight 5
/// ```
public struct TopologyBuilder: Sendable {
    /// One declared cluster.
    public struct ClusterDeclaration: Sendable {
        /// The cluster's name.
        public var name: String
        /// Its region.
        public var region: String
        /// Its zone, if any.
        public var zone: String?
        /// Its labels.
        public var labels: [String: String]
        /// Its ingress endpoints' addresses (`host:port`).
        public var addresses: [String]
        /// Its ingress endpoints' load-balancing weights, in the order of ``addresses``; empty when
        /// every endpoint has weight 1.
        public var weights: [UInt32]
        /// The hostnames its workload Gateways serve (one Gateway per hostname).
        public var hostnames: [String]
        /// The name of its ingress gateway (the Gateways' `workloadSelector` label `app`).
        public var ingress: String
    }

    /// The declared clusters, in order.
    public private(set) var clusters: [ClusterDeclaration] = []
    /// The edge's region.
    public var edgeRegion: String
    /// The edge's zone, if any.
    public var edgeZone: String?

    /// Starts an empty topology for an edge in `edgeRegion`.
    ///
    /// - Parameters:
    ///   - edgeRegion: The edge gateway's region; `region-1` by default, as in the guide.
    ///   - edgeZone: The edge's zone, if any.
    public init(edgeRegion: String = "region-1", edgeZone: String? = nil) {
        self.edgeRegion = edgeRegion
        self.edgeZone = edgeZone
    }

    /// Adds a cluster.
    ///
    /// - Parameters:
    ///   - name: The cluster's name.
    ///   - region: Its region.
    ///   - zone: Its zone, if any.
    ///   - labels: Its labels.
    ///   - endpoints: How many ingress endpoints to generate (`10.0.C.10:443`, `10.0.C.11:443`, … where C
    ///     is the cluster's position from 1), when `addresses` is empty.
    ///   - addresses: Explicit endpoint addresses, instead of generated ones.
    ///   - weights: The endpoints' load-balancing weights (each at least 1), one per endpoint in order;
    ///     empty (the default) gives every endpoint weight 1. ``build()`` rejects a list of another
    ///     length, or a weight of 0, with the field's path.
    ///   - hostnames: Hostnames its workload Gateways serve; each becomes a Gateway named
    ///     `FIRSTLABEL-NAME` (for example `bookinfo-cluster-1`).
    ///   - ingress: The ingress gateway's name; `ingressgw-C` by default.
    /// - Returns: The builder with the cluster added.
    public func cluster(
        _ name: String,
        region: String,
        zone: String? = nil,
        labels: [String: String] = [:],
        endpoints: Int = 1,
        addresses: [String] = [],
        weights: [UInt32] = [],
        serving hostnames: [String] = [],
        ingress: String? = nil
    ) -> TopologyBuilder {
        var copy = self
        let position = self.clusters.count + 1
        let generated = (0..<max(0, endpoints)).map { "10.0.\(position).\(10 + $0):443" }
        copy.clusters.append(
            ClusterDeclaration(
                name: name,
                region: region,
                zone: zone,
                labels: labels,
                addresses: addresses.isEmpty ? generated : addresses,
                weights: weights,
                hostnames: hostnames,
                ingress: ingress ?? "ingressgw-\(position)"
            )
        )
        return copy
    }

    /// The name of the workload Gateway generated for a cluster and hostname.
    ///
    /// - Parameters:
    ///   - hostname: The hostname.
    ///   - cluster: The cluster's name.
    /// - Returns: For example `bookinfo-cluster-1`.
    public static func gatewayName(hostname: String, cluster: String) -> String {
        let label = hostname.split(separator: ".").first { $0 != "*" }.map(String.init) ?? "gateway"
        return "\(label)-\(cluster)"
    }

    /// The topology.
    ///
    /// - Returns: The validated topology.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` naming the cluster (`clusters[1].…`) when a value is invalid.
    public func build() throws -> Topology {
        var clusters: [WorkloadCluster] = []
        for (index, declaration) in self.clusters.enumerated() {
            do {
                clusters.append(try Self.make(declaration))
            } catch let error as ConfigurationError {
                throw ConfigurationError(
                    code: error.code,
                    path: "clusters[\(index)]" + (error.path.isEmpty ? "" : "." + error.path),
                    message: error.message,
                    cause: error.cause
                )
            }
        }
        return try Topology(clusters: clusters)
    }

    /// The edge's location.
    ///
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when the region or zone is invalid.
    public func edge() throws -> EdgeLocation {
        try EdgeLocation(region: self.edgeRegion, zone: self.edgeZone)
    }

    /// A whole deployment: this topology, the edge's location, and an edge Gateway that routes
    /// `hostname` to `destination`.
    ///
    /// - Parameters:
    ///   - hostname: The hostname the edge serves.
    ///   - destination: The cluster destination.
    /// - Returns: The deployment.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when a value is invalid.
    public func deployment(hostname: String, destination: ClusterDestination) throws -> EdgeDeployment {
        EdgeDeployment(
            gateway: try GatewayBuilder.edge(hostname: hostname, destination: destination),
            edge: try self.edge(),
            topology: try self.build()
        )
    }

    private static func make(_ declaration: ClusterDeclaration) throws -> WorkloadCluster {
        let weights = declaration.weights
        if !weights.isEmpty && weights.count != declaration.addresses.count {
            throw ConfigurationError(
                code: .invalidValue,
                path: "ingressEndpoints",
                message: "\(weights.count) weights for \(declaration.addresses.count) endpoints; give one weight per "
                    + "endpoint, or none for weight 1 each"
            )
        }
        let endpoints = try declaration.addresses.enumerated().map { index, address in
            do {
                return try IngressEndpoint(address, weight: weights.isEmpty ? 1 : weights[index])
            } catch let error as ConfigurationError {
                let field = error.path == "weight" ? ".weight" : ""
                throw ConfigurationError(
                    code: error.code,
                    path: "ingressEndpoints[\(index)]" + field,
                    message: error.message,
                    cause: error
                )
            }
        }
        let gateways = try declaration.hostnames.map { hostname in
            try GatewayBuilder.workload(
                name: Self.gatewayName(hostname: hostname, cluster: declaration.name),
                hostname: hostname,
                selector: (namespace: "default", app: declaration.ingress)
            )
        }
        return try WorkloadCluster(
            name: declaration.name,
            locality: Locality(region: declaration.region, zone: declaration.zone),
            labels: declaration.labels,
            ingressEndpoints: endpoints,
            gateways: gateways
        )
    }
}
