import EdgeRouting

/// The topologies, gateways and routers the benchmarks run against, built in code (the benchmark
/// package cannot import the test targets; this follows `Tests/EdgeRoutingTests/Router/DemoFixture.swift`
/// and `Tests/EdgeRoutingTests/Resolution/LargeTopologyTests.swift`).
enum Fixtures {
    static let hostname = "bookinfo.tse.tetratelabs.io"
    static let request = RequestHead(authority: hostname, path: "/productpage")

    /// A workload Gateway serving `hostnames`, each routed to the BookInfo product page.
    static func workloadGateway(_ name: String, hostnames: [String]) throws -> Gateway {
        let servers = try hostnames.enumerated().map { index, hostname in
            try HTTPServer(
                name: "server-\(index)",
                port: 443,
                hostname: Hostname(hostname),
                rules: [
                    RoutingRule(
                        route: .service(ServiceDestination(host: "bookinfo/productpage.bookinfo.svc.cluster.local"))
                    )
                ]
            )
        }
        return Gateway(metadata: GatewayMetadata(name: name), spec: try GatewaySpec(http: servers))
    }

    /// An edge Gateway with one server per hostname, each routed to `.automatic` (locality-aware
    /// failover over every cluster that serves the hostname).
    static func edgeGateway(hostnames: [String]) throws -> Gateway {
        let servers = try hostnames.enumerated().map { index, hostname in
            try HTTPServer(
                name: "edge-\(index)",
                port: 80,
                hostname: Hostname(hostname),
                rules: [RoutingRule(route: .clusters(.automatic))]
            )
        }
        return Gateway(
            metadata: GatewayMetadata(name: "edge"),
            spec: try GatewaySpec(
                workloadSelector: WorkloadSelector(namespace: "edge", labels: ["app": "edgegw"]),
                http: servers
            )
        )
    }

    // MARK: - Pick topologies

    /// The shape of a pick topology: how many clusters in each priority tier, and endpoints per cluster.
    struct Shape: Sendable {
        let name: String
        /// Clusters per tier, tier 0 first. Tier 0 shares the edge's region and zone, tier 1 its region
        /// only, tier 2 is another region: the three tiers of Istio's locality failover.
        let clustersPerTier: [Int]
        let endpointsPerCluster: Int
        /// Endpoints (host numbers `1...`) ejected in each tier-0 cluster for the "10 % ejected" runs.
        let ejectedPerTier0Cluster: Int

        var clusterCount: Int { self.clustersPerTier.reduce(0, +) }
        var endpointCount: Int { self.clusterCount * self.endpointsPerCluster }

        /// 10 clusters × 10 endpoints over 3 tiers (5 + 3 + 2 clusters); 10 % ejected = 2 endpoints in
        /// each tier-0 cluster.
        static let tenByTen = Shape(
            name: "10x10",
            clustersPerTier: [5, 3, 2],
            endpointsPerCluster: 10,
            ejectedPerTier0Cluster: 2
        )

        /// 1,000 clusters × 10 endpoints over 3 tiers (500 + 300 + 200); 10 % ejected = 2 endpoints in
        /// each tier-0 cluster.
        static let thousandByTen = Shape(
            name: "1000x10",
            clustersPerTier: [500, 300, 200],
            endpointsPerCluster: 10,
            ejectedPerTier0Cluster: 2
        )
    }

    static func edge() throws -> EdgeLocation {
        try EdgeLocation(region: "region-1", zone: "zone-a")
    }

    /// The topology of a shape: every cluster serves ``hostname``.
    static func topology(_ shape: Shape) throws -> Topology {
        var clusters: [WorkloadCluster] = []
        let localities = [
            try Locality(region: "region-1", zone: "zone-a"),
            try Locality(region: "region-1", zone: "zone-b"),
            try Locality(region: "region-2", zone: "zone-a"),
        ]
        for (tier, count) in shape.clustersPerTier.enumerated() {
            for _ in 0..<count {
                let index = clusters.count
                clusters.append(
                    try WorkloadCluster(
                        name: "cluster-\(index)",
                        locality: localities[tier],
                        ingressEndpoints: (1...shape.endpointsPerCluster).map {
                            try IngressEndpoint(Self.address(cluster: index, host: $0))
                        },
                        gateways: [workloadGateway("bookinfo-ingress-\(index)", hostnames: [hostname])]
                    )
                )
            }
        }
        return try Topology(clusters: clusters)
    }

    /// The address of endpoint `host` (from 1) of cluster `cluster`.
    static func address(cluster: Int, host: Int) -> String {
        "10.\(cluster / 250).\(cluster % 250).\(host):443"
    }

    /// The guide's demo: an edge in region-1, cluster-1 (region-1) and cluster-2 (region-2), one
    /// ingress endpoint each.
    static func demoTopology() throws -> Topology {
        try Topology(clusters: [
            WorkloadCluster(
                name: "cluster-1",
                locality: Locality(region: "region-1"),
                ingressEndpoints: [IngressEndpoint("10.0.1.10:443")],
                gateways: [workloadGateway("bookinfo-ingress-1", hostnames: [hostname])]
            ),
            WorkloadCluster(
                name: "cluster-2",
                locality: Locality(region: "region-2"),
                ingressEndpoints: [IngressEndpoint("10.0.2.10:443")],
                gateways: [workloadGateway("bookinfo-ingress-2", hostnames: [hostname])]
            ),
        ])
    }

    static func demoEdge() throws -> EdgeLocation {
        try EdgeLocation(region: "region-1")
    }

    // MARK: - Routers

    /// The design's defaults, with a fixed seed.
    static func router(
        topology: Topology,
        edge: EdgeLocation,
        configuration: EdgeRouterConfiguration = .defaults,
        clock: ManualClock = ManualClock()
    ) throws -> EdgeRouter<ManualClock> {
        try EdgeRouter(
            gateway: edgeGateway(hostnames: [hostname]),
            edge: edge,
            topology: topology,
            configuration: configuration,
            clock: clock,
            random: SplitMix64(seed: 42)
        )
    }

    /// The defaults, except that consecutive 5xx are detected but not enforced and retries are not
    /// budgeted: a benchmark that fails every request on purpose measures the steady failure path,
    /// instead of ejecting its only endpoint or running out of retry budget after a few iterations.
    static var steadyFailureConfiguration: EdgeRouterConfiguration {
        var outlier = OutlierDetectionConfiguration.defaults
        outlier.enforcingConsecutive5xx = 0
        outlier.enforcingConsecutiveGatewayFailure = 0
        var configuration = EdgeRouterConfiguration.defaults
        configuration.outlierDetection = outlier
        configuration.retries = try! RetryPolicy(budget: .disabled)
        return configuration
    }

    // MARK: - Resolution topology

    /// 1,000 clusters × 3 endpoints and 100 edge hostnames, as `LargeTopologyTests`: even clusters serve
    /// `*.apps.example.com`, cluster i also serves hostname h when (i + h) % 5 == 0; 10 regions, 3 zones.
    enum Large {
        static let clusterCount = 1_000
        static let hostnameCount = 100

        static func hostname(_ h: Int) -> String { "app-\(h).apps.example.com" }

        static func cluster(_ i: Int, endpoints: Int = 3) throws -> WorkloadCluster {
            var hostnames = (0..<hostnameCount).filter { (i + $0) % 5 == 0 }.map(hostname)
            if i.isMultiple(of: 2) { hostnames.append("*.apps.example.com") }
            return try WorkloadCluster(
                name: "c-\(i)",
                locality: Locality(region: "region-\(i % 10)", zone: "zone-\(i % 3)"),
                labels: ["group": "g\(i % 7)"],
                ingressEndpoints: (1...endpoints).map { try IngressEndpoint("10.\(i / 256).\(i % 256).\($0):443") },
                gateways: [workloadGateway("c-\(i)-gateway", hostnames: hostnames)]
            )
        }

        static func topology() throws -> Topology {
            try Topology(clusters: (0..<clusterCount).map { try cluster($0) })
        }

        static func gateway() throws -> Gateway {
            try edgeGateway(hostnames: (0..<hostnameCount).map(hostname))
        }

        static func edge() throws -> EdgeLocation {
            try EdgeLocation(region: "region-0", zone: "zone-0")
        }
    }
}
