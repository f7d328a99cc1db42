import Testing

@testable import EdgeRouting

/// Which workload Gateways serve an edge hostname: equal names, or one a wildcard covering the other.
@Suite struct HostnameServingTests {
    @Test(arguments: [
        ("*.tetratelabs.io", "bookinfo.tse.tetratelabs.io", true),
        ("bookinfo.tse.tetratelabs.io", "*.tetratelabs.io", true),
        ("bookinfo.tse.tetratelabs.io", "*.tse.tetratelabs.io", true),
        ("*.tse.tetratelabs.io", "*.tetratelabs.io", true),
        ("*.tetratelabs.io", "*.tse.tetratelabs.io", true),
        ("BookInfo.TSE.tetratelabs.io", "bookinfo.tse.tetratelabs.io", true),
        ("*.io", "bookinfo.tse.tetratelabs.io", true),
        ("details.tse.tetratelabs.io", "bookinfo.tse.tetratelabs.io", false),
        ("*.tse.tetratelabs.io", "tse.tetratelabs.io", false),
        ("tse.tetratelabs.io", "*.tse.tetratelabs.io", false),
        ("*.other.io", "bookinfo.tse.tetratelabs.io", false),
        ("*.labs.io", "bookinfo.tse.tetratelabs.io", false),
        ("*.a.example.com", "*.b.example.com", false),
    ])
    func workloadServesEdge(workload: String, edge: String, expected: Bool) throws {
        #expect(try Hostname(workload).overlaps(Hostname(edge)) == expected)
        // Resolution agrees with the predicate.
        let topology = try Topology(clusters: [
            Build.cluster("c", region: "region-1", endpoints: ["10.0.0.1:443"], hostnames: [workload])
        ])
        let table = try Build.table(Build.edgeGateway(.automatic, hostname: edge), topology)
        #expect(table.firstPlan?.clusters.map(\.name) == (expected ? ["c"] : []))
        #expect(table.diagnostics.map(\.kind) == (expected ? [] : [.hostnameServedByNoCluster]))
    }

    @Test func edgeAndWorkloadWildcardsTogether() throws {
        let topology = try Topology(clusters: [
            Build.cluster("exact", region: "region-1", endpoints: ["10.0.0.1:443"], hostnames: [Build.bookinfo]),
            Build.cluster("wide", region: "region-2", endpoints: ["10.0.0.2:443"], hostnames: ["*.tetratelabs.io"]),
            Build.cluster(
                "narrow",
                region: "region-1",
                endpoints: ["10.0.0.3:443"],
                hostnames: ["*.tse.tetratelabs.io"]
            ),
            Build.cluster(
                "sibling",
                region: "region-1",
                endpoints: ["10.0.0.4:443"],
                hostnames: ["details.tse.tetratelabs.io", "*.example.com"]
            ),
            Build.cluster("none", region: "region-1", endpoints: ["10.0.0.5:443"], hostnames: []),
        ])
        let gateway = try Build.edgeGateway([
            Build.server("exact", hostname: Build.bookinfo, rules: [RoutingRule(route: .clusters(.automatic))]),
            Build.server("wild", hostname: "*.tse.tetratelabs.io", rules: [RoutingRule(route: .clusters(.automatic))]),
            Build.server("apex", hostname: "tetratelabs.io", rules: [RoutingRule(route: .clusters(.automatic))]),
        ])
        let table = try Build.table(gateway, topology)
        #expect(
            table.servers.map { $0.rules[0].plan.tierNames } == [
                [["exact", "narrow"], ["wide"]],
                [["exact", "narrow", "sibling"], ["wide"]],
                [],
            ]
        )
        #expect(table.diagnostics.map(\.kind) == [.hostnameServedByNoCluster])
        #expect(table.diagnostics.map(\.serverName) == ["apex"])
        #expect(
            table.diagnostics.map(\.message) == [
                "no workload cluster with ingress endpoints has a Gateway that serves tetratelabs.io; its requests "
                    + "are answered 503 (UH)"
            ]
        )
    }
}
