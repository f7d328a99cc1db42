import Testing

@testable import EdgeRouting

/// Which clusters named, label-selected and weighted destinations reach, and the diagnostics for the
/// ones they cannot.
@Suite struct ClusterSelectionTests {
    /// cluster-1 has no endpoints, cluster-2 no Gateway for the hostname, cluster-3 is healthy but
    /// never listed; cluster-5 and cluster-6 are healthy canaries.
    private func topology() throws -> Topology {
        try Topology(clusters: [
            Build.cluster("cluster-1", region: "region-1", endpoints: []),
            Build.cluster(
                "cluster-2",
                region: "region-1",
                endpoints: ["10.0.2.1:443"],
                hostnames: ["other.example.com"]
            ),
            Build.cluster("cluster-3", region: "region-1", endpoints: ["10.0.3.1:443"]),
            Build.cluster(
                "cluster-5",
                region: "region-2",
                labels: ["tier": "canary"],
                network: "net-a",
                endpoints: ["10.0.5.1:443"]
            ),
            Build.cluster(
                "cluster-6",
                region: "region-1",
                labels: ["tier": "canary"],
                network: "net-b",
                endpoints: ["10.0.6.1:443", "10.0.6.2:443"]
            ),
        ])
    }

    @Test func aNamedListNeverReachesAnUnlistedCluster() throws {
        let destination = try ClusterDestination.named(["cluster-1", "cluster-2", "cluster-4"])
        let table = try Build.table(Build.edgeGateway(destination), self.topology())
        let plan = try #require(table.firstPlan)
        #expect(plan.failover?.tiers.isEmpty == true)
        #expect(plan.clusters.isEmpty)
        #expect(!plan.hasEndpoints)
        let path = "spec.http[0].routing.rules[0].route.clusterDestination"
        #expect(
            table.diagnostics.map(\.kind) == [
                .noIngressEndpoints, .noGatewayForHostname, .clusterNotFound, .hostnameServedByNoCluster,
            ]
        )
        #expect(table.diagnostics.map(\.cluster) == ["cluster-1", "cluster-2", "cluster-4", nil])
        #expect(
            table.diagnostics.map(\.path) == [
                path + ".clusters[0]", path + ".clusters[1]", path + ".clusters[2]", path,
            ]
        )
        #expect(table.diagnostics.allSatisfy { $0.serverName == "bookinfo" && $0.port == 80 })
        #expect(table.diagnostics[2].message == "cluster \"cluster-4\" is not in the topology; it gets no traffic")
        #expect(
            table.diagnostics[3].message
                == "none of the listed clusters can serve bookinfo.tse.tetratelabs.io; its requests are answered 503 (UH)"
        )
        // The automatic form of the same route does find the healthy clusters.
        let automatic = try Build.table(Build.edgeGateway(.automatic), self.topology())
        #expect(automatic.firstPlan?.tierNames == [["cluster-3", "cluster-6"], ["cluster-5"]])
        #expect(automatic.diagnostics.map(\.kind) == [.noIngressEndpoints])
        #expect(automatic.diagnostics.map(\.cluster) == ["cluster-1"])
    }

    @Test func namedClustersKeepTheirListOrderWithinATier() throws {
        let destination = try ClusterDestination.named(["cluster-6", "cluster-5", "cluster-3"])
        let table = try Build.table(Build.edgeGateway(destination), self.topology())
        #expect(table.firstPlan?.tierNames == [["cluster-6", "cluster-3"], ["cluster-5"]])
        #expect(table.diagnostics.isEmpty)
    }

    @Test func labelSelectorsAndNetworkFilters() throws {
        let canary = try ClusterReference(.labels(["tier": "canary"]))
        let canaryOnA = try ClusterReference(.labels(["tier": "canary"]), network: "net-a")
        let nowhere = try ClusterReference(.labels(["tier": "gold"]))
        let byRegion = try ClusterReference(.labels([TopologyLabel.region: "region-2"]))
        let cases: [([ClusterReference], [[String]], [ResolutionDiagnostic.Kind])] = [
            ([canary], [["cluster-6"], ["cluster-5"]], []),
            ([canaryOnA], [["cluster-5"]], []),
            ([nowhere], [], [.noClusterMatchesSelector, .hostnameServedByNoCluster]),
            // Derived topology labels select too.
            ([byRegion], [["cluster-5"]], []),
            // A cluster selected twice appears once.
            ([try .named("cluster-5"), canary], [["cluster-6"], ["cluster-5"]], []),
            (
                [try ClusterReference(.name("cluster-5"), network: "net-b")], [],
                [.clusterNotOnNetwork, .hostnameServedByNoCluster]
            ),
        ]
        for (entries, tiers, kinds) in cases {
            let table = try Build.table(Build.edgeGateway(ClusterDestination(clusters: entries)), self.topology())
            #expect(table.firstPlan?.tierNames == tiers, "\(entries)")
            #expect(table.diagnostics.map(\.kind) == kinds, "\(entries)")
        }
    }

    @Test func labelSelectedClustersThatCannotServeAreReported() throws {
        let topology = try self.topology().updating(
            Build.cluster("cluster-7", region: "region-1", labels: ["tier": "canary"], endpoints: [])
        )
        let destination = try ClusterDestination(clusters: [ClusterReference(.labels(["tier": "canary"]))])
        let table = try Build.table(Build.edgeGateway(destination), topology)
        #expect(table.firstPlan?.tierNames == [["cluster-6"], ["cluster-5"]])
        #expect(table.diagnostics.map(\.kind) == [.noIngressEndpoints])
        #expect(table.diagnostics.map(\.cluster) == ["cluster-7"])
    }

    @Test func weightedEntriesKeepTheirWeightsWhenBroken() throws {
        let destination = try ClusterDestination.weighted([
            ("cluster-1", 10), ("cluster-2", 20), ("cluster-3", 30), ("cluster-4", 40), ("cluster-5", 0),
        ])
        let table = try Build.table(Build.edgeGateway(destination), self.topology())
        let weighted = try #require(table.firstPlan?.weighted)
        #expect(weighted.targets.map(\.weight) == [10, 20, 30, 40, 0])
        #expect(
            weighted.targets.map(\.entry.selector.name) == [
                "cluster-1", "cluster-2", "cluster-3", "cluster-4", "cluster-5",
            ]
        )
        #expect(weighted.targets.map(\.hasEndpoints) == [false, false, true, false, true])
        #expect(weighted.totalWeight == 100)
        #expect(table.diagnostics.map(\.kind) == [.noIngressEndpoints, .noGatewayForHostname, .clusterNotFound])
        #expect(table.diagnostics[0].message.contains("its share (weight 10 of 100) is answered 503 (UH)"))
        #expect(table.diagnostics[2].message.contains("its share (weight 40 of 100) is answered 503 (UH)"))
        // Only usable clusters count as reachable; a drained (weight 0) one is still listed.
        #expect(table.firstPlan?.clusters.map(\.name) == ["cluster-3", "cluster-5"])
        #expect(
            "\(weighted)"
                == "cluster-1=10 (no usable cluster) cluster-2=20 (no usable cluster) cluster-3=30 cluster-4=40 (no usable cluster) cluster-5=0"
        )
    }

    @Test func aWeightedLabelEntryIsOneTargetOverAllItsClusters() throws {
        let destination = try ClusterDestination(clusters: [
            ClusterReference(.labels(["tier": "canary"]), weight: 10),
            ClusterReference(.name("cluster-3"), weight: 90),
            ClusterReference(.labels(["tier": "gold"]), weight: 5),
        ])
        let table = try Build.table(Build.edgeGateway(destination), self.topology())
        let weighted = try #require(table.firstPlan?.weighted)
        #expect(weighted.targets.map(\.weight) == [10, 90, 5])
        #expect(weighted.targets.map { $0.clusters.map(\.name) } == [["cluster-5", "cluster-6"], ["cluster-3"], []])
        #expect(table.diagnostics.map(\.kind) == [.noClusterMatchesSelector])
        #expect(table.diagnostics[0].message.contains("its share (weight 5 of 105) is answered 503 (UH)"))
    }
}
