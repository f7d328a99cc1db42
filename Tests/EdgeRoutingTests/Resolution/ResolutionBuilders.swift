@testable import EdgeRouting

/// Small builders for topologies and edge Gateways, so that each test states only what it is about.
enum Build {
    static let bookinfo = "bookinfo.tse.tetratelabs.io"

    /// A workload Gateway with one server per hostname, each routing to a service.
    static func workloadGateway(_ name: String, hostnames: [String], port: Int = 443) throws -> Gateway {
        let servers = try hostnames.enumerated().map { index, hostname in
            try HTTPServer(
                name: "server-\(index)",
                port: port,
                hostname: Hostname(hostname),
                rules: [RoutingRule(route: .service(ServiceDestination(host: "bookinfo/productpage", port: 9080)))]
            )
        }
        return Gateway(metadata: GatewayMetadata(name: name), spec: try GatewaySpec(http: servers))
    }

    /// A workload cluster whose single Gateway (named `<cluster>-gateway`) serves `hostnames`.
    static func cluster(
        _ name: String,
        region: String,
        zone: String? = nil,
        labels: [String: String] = [:],
        network: String? = nil,
        endpoints: [String],
        hostnames: [String] = [bookinfo]
    ) throws -> WorkloadCluster {
        try WorkloadCluster(
            name: name,
            locality: Locality(region: region, zone: zone),
            labels: labels,
            network: network,
            ingressEndpoints: endpoints.map { try IngressEndpoint($0) },
            gateways: hostnames.isEmpty ? [] : [workloadGateway("\(name)-gateway", hostnames: hostnames)]
        )
    }

    /// An edge server with rules.
    static func server(
        _ name: String = "bookinfo",
        hostname: String = bookinfo,
        port: Int = 80,
        rules: [RoutingRule],
        failover: FailoverSettings? = nil
    ) throws -> HTTPServer {
        try HTTPServer(name: name, port: port, hostname: Hostname(hostname), rules: rules, failoverSettings: failover)
    }

    /// An edge Gateway with these servers.
    static func edgeGateway(_ servers: [HTTPServer]) throws -> Gateway {
        Gateway(metadata: GatewayMetadata(name: "edge"), spec: try GatewaySpec(http: servers))
    }

    /// An edge Gateway with one server and one rule.
    static func edgeGateway(
        _ destination: ClusterDestination,
        hostname: String = bookinfo,
        port: Int = 80,
        failover: FailoverSettings? = nil
    ) throws -> Gateway {
        try edgeGateway([
            server(
                hostname: hostname,
                port: port,
                rules: [RoutingRule(route: .clusters(destination))],
                failover: failover
            )
        ])
    }

    /// The guide's demo: cluster-1 in region-1, cluster-2 in region-2, each serving bookinfo.
    static func demoTopology() throws -> Topology {
        try Topology(json: Fixtures.bytes("topology/demo.json"))
    }

    /// The guide's edge: region-1.
    static func demoEdge() throws -> EdgeLocation {
        try JSONConfiguration.decode(EdgeLocation.self, from: Fixtures.bytes("topology/edge-location.json"))
    }

    static func table(_ gateway: Gateway, _ topology: Topology, edge: EdgeLocation? = nil) throws -> RouteTable {
        try RouteTable(gateway: gateway, edgeLocation: edge ?? demoEdge(), topology: topology)
    }

    static func hostname(_ text: String) throws -> Hostname {
        try Hostname(text)
    }
}

extension DestinationPlan {
    /// The cluster names of each tier, for compact expectations.
    var tierNames: [[String]] {
        self.failover?.tiers.map(\.clusterNames) ?? []
    }
}

extension RouteTable {
    /// The plan of the first rule of the first server.
    var firstPlan: DestinationPlan? {
        self.servers.first?.rules.first?.plan
    }
}
