import Testing

@testable import EdgeRouting

/// 1,000 clusters × 3 endpoints, 100 edge hostnames, built programmatically.
@Suite struct LargeTopologyTests {
    static let clusterCount = 1_000
    static let hostnameCount = 100

    static func hostname(_ h: Int) -> String { "app-\(h).apps.example.com" }

    /// Even clusters serve `*.apps.example.com`; cluster i also serves the hostnames h with (i + h) % 5 == 0.
    static func serves(cluster i: Int, hostname h: Int) -> Bool {
        i.isMultiple(of: 2) || (i + h) % 5 == 0
    }

    static func topology() throws -> Topology {
        try Topology(
            clusters: (0..<Self.clusterCount).map { i in
                var hostnames = (0..<Self.hostnameCount).filter { (i + $0) % 5 == 0 }.map(Self.hostname)
                if i.isMultiple(of: 2) { hostnames.append("*.apps.example.com") }
                return try Build.cluster(
                    "c-\(i)",
                    region: "region-\(i % 10)",
                    zone: "zone-\(i % 3)",
                    labels: ["group": "g\(i % 7)"],
                    endpoints: (1...3).map { "10.\(i / 256).\(i % 256).\($0):443" },
                    hostnames: hostnames
                )
            }
        )
    }

    static func gateway() throws -> Gateway {
        try Build.edgeGateway(
            (0..<Self.hostnameCount).map { h in
                let destination =
                    h == 7 ? try ClusterDestination(clusters: [ClusterReference(.labels(["group": "g3"]))]) : .automatic
                return try Build.server(
                    "s\(h)",
                    hostname: Self.hostname(h),
                    rules: [RoutingRule(route: .clusters(destination))]
                )
            }
        )
    }

    @Test func resolvesEveryHostname() throws {
        let topology = try Self.topology()
        let table = try Build.table(Self.gateway(), topology, edge: EdgeLocation(region: "region-0", zone: "zone-0"))
        #expect(table.servers.count == Self.hostnameCount)
        // Only the label-selected route has diagnostics: its group's clusters that do not serve it.
        let unserving = (0..<Self.clusterCount).filter { $0 % 7 == 3 && !Self.serves(cluster: $0, hostname: 7) }
        #expect(table.diagnostics.count == unserving.count)
        #expect(table.diagnostics.map(\.cluster) == unserving.map { "c-\($0)" })
        #expect(
            table.diagnostics.allSatisfy { $0.kind == .noGatewayForHostname && $0.hostname.value == Self.hostname(7) }
        )
        for h in [0, 1, 42, 99] {
            let plan = try #require(table.lookup(authority: Self.hostname(h), path: "/")?.plan)
            let serving = (0..<Self.clusterCount).filter { Self.serves(cluster: $0, hostname: h) }
            #expect(plan.clusters.count == serving.count)
            #expect(serving.count == 600)
            let tiers = try #require(plan.failover?.tiers)
            #expect(tiers.count == 3)
            #expect(tiers[0].clusterNames == serving.filter { $0 % 10 == 0 && $0 % 3 == 0 }.map { "c-\($0)" })
            #expect(tiers[1].clusterNames == serving.filter { $0 % 10 == 0 && $0 % 3 != 0 }.map { "c-\($0)" })
            #expect(tiers[2].clusters.count == serving.filter { $0 % 10 != 0 }.count)
            #expect(plan.failover?.endpointCount == 3 * serving.count)
        }
        // The label-selected route reaches only its group, and only clusters that serve the hostname.
        let grouped = try #require(table.lookup(authority: Self.hostname(7), path: "/")?.plan)
        let expected = (0..<Self.clusterCount).filter { $0 % 7 == 3 && Self.serves(cluster: $0, hostname: 7) }
        #expect(Set(grouped.clusters.map(\.name)) == Set(expected.map { "c-\($0)" }))
        #expect(table.lookup(authority: "app-100.apps.example.com", path: "/") == nil)
        #expect(table.lookup(authority: "APP-5.Apps.Example.com:443", path: "/")?.server.name == "s5")
    }

    @Test func removingAClusterChangesEveryHostnameItServed() throws {
        let topology = try Self.topology()
        let table = try Build.table(Self.gateway(), topology, edge: EdgeLocation(region: "region-0", zone: "zone-0"))
        let changes = table.resolving(topology: topology.removingCluster(named: "c-0")).changes(since: table)
        // c-0 is in group g0, so the g3 route (hostname 7) is unaffected.
        #expect(changes.hostnames.count == Self.hostnameCount - 1)
        #expect(changes.hostnames.allSatisfy { $0.clustersRemoved == ["c-0"] && $0.endpointsRemoved.count == 3 })
        #expect(changes.diagnosticsRaised.isEmpty)
    }
}
