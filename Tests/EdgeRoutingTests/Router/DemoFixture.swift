import EdgeRouting

/// The guide's demo environment, built in code: an edge in region-1, cluster-1 (region-1) and
/// cluster-2 (region-2), each with one ingress endpoint and a workload Gateway for the hostname.
enum DemoFixture {
    static let hostname = "bookinfo.tse.tetratelabs.io"

    static func workloadGateway(_ name: String) throws -> Gateway {
        try Gateway(
            json: """
                {"metadata": {"name": "\(name)"}, "spec": {"http": [{"name": "bookinfo", "port": 443,
                  "hostname": "\(hostname)", "routing": {"rules": [{"route": {"serviceDestination":
                  {"host": "bookinfo/productpage.bookinfo.svc.cluster.local", "port": 9080}}}]}}]}}
                """
        )
    }

    static func topology(endpointsPerCluster: Int = 1) throws -> Topology {
        try Topology(clusters: [
            WorkloadCluster(
                name: "cluster-1",
                locality: Locality(region: "region-1"),
                ingressEndpoints: (0..<endpointsPerCluster).map { try IngressEndpoint("10.0.1.\(10 + $0):443") },
                gateways: [workloadGateway("bookinfo-ingress-1")]
            ),
            WorkloadCluster(
                name: "cluster-2",
                locality: Locality(region: "region-2"),
                ingressEndpoints: (0..<endpointsPerCluster).map { try IngressEndpoint("10.0.2.\(10 + $0):443") },
                gateways: [workloadGateway("bookinfo-ingress-2")]
            ),
        ])
    }

    static func edgeGateway(_ destination: ClusterDestination) throws -> Gateway {
        try Gateway(
            spec: GatewaySpec(
                workloadSelector: WorkloadSelector(namespace: "edge", labels: ["app": "edgegw"]),
                http: [
                    HTTPServer(
                        name: "bookinfo",
                        port: 80,
                        hostname: Hostname(hostname),
                        rules: [RoutingRule(route: .clusters(destination))]
                    )
                ]
            )
        )
    }

    static var edge: EdgeLocation {
        get throws { try EdgeLocation(region: "region-1") }
    }

    static let request = RequestHead(authority: hostname, path: "/productpage")
}
