import Testing

@testable import EdgeRouting

/// The guide's demo: an edge in region-1, cluster-1 in region-1 and cluster-2 in region-2.
@Suite struct DemoResolutionTests {
    private func edgeGateway(_ fixture: String) throws -> Gateway {
        try Gateway(json: Fixtures.bytes("gateways/\(fixture).json"))
    }

    @Test(arguments: ["edge-automatic", "edge-named"])
    func localClusterFirstRemoteSecond(fixture: String) throws {
        let table = try Build.table(self.edgeGateway(fixture), Build.demoTopology())
        #expect(table.diagnostics.isEmpty)
        #expect(table.servers.map(\.name) == ["bookinfo"])
        let plan = try #require(table.firstPlan)
        #expect(plan.tierNames == [["cluster-1"], ["cluster-2"]])
        let failover = try #require(plan.failover)
        #expect(failover.tiers[0].clusters[0].endpoints.map(\.address.description) == ["10.0.1.10:443"])
        #expect(failover.tiers[1].clusters[0].endpoints.map(\.address.description) == ["10.0.2.10:443"])
        #expect(failover.tiers[1].clusters[0].locality.region == "region-2")
        #expect(failover.endpointCount == 2)
        #expect(plan.weighted == nil)
        #expect(plan.hasEndpoints)
        #expect(plan.identity.hostname.value == Build.bookinfo)
        #expect(plan.identity.port == 80)
        #expect("\(failover)" == "P0 {cluster-1} P1 {cluster-2}")
    }

    @Test func weightedKeepsTheSplit() throws {
        let table = try Build.table(self.edgeGateway("edge-weighted"), Build.demoTopology())
        #expect(table.diagnostics.isEmpty)
        let weighted = try #require(table.firstPlan?.weighted)
        #expect(weighted.targets.map(\.weight) == [50, 50])
        #expect(weighted.targets.map { $0.clusters.map(\.name) } == [["cluster-1"], ["cluster-2"]])
        #expect(weighted.totalWeight == 100)
        #expect(table.firstPlan?.failover == nil)
        #expect("\(weighted)" == "cluster-1=50 cluster-2=50")
    }

    @Test func anEdgeInRegion2PrefersCluster2() throws {
        let table = try Build.table(
            self.edgeGateway("edge-automatic"),
            Build.demoTopology(),
            edge: EdgeLocation(region: "region-2")
        )
        #expect(table.firstPlan?.tierNames == [["cluster-2"], ["cluster-1"]])
    }

    /// The guide's first drill: `tctl delete -f bookinfo-ingress-1.yaml`, then apply it again.
    @Test(arguments: ["edge-automatic", "edge-named"])
    func deletingCluster1sGateway(fixture: String) throws {
        let topology = try Build.demoTopology()
        let before = try Build.table(self.edgeGateway(fixture), topology)
        let after = before.resolving(
            topology: topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        )
        #expect(after.firstPlan?.tierNames == [["cluster-2"]])
        let changes = after.changes(since: before)
        let bookinfo = try Hostname(Build.bookinfo)
        let hostChanges = try #require(changes.changes(for: bookinfo))
        #expect(hostChanges.clustersRemoved == ["cluster-1"])
        #expect(hostChanges.clustersAdded.isEmpty)
        #expect(hostChanges.endpointsRemoved.map(\.description) == ["cluster-1/10.0.1.10:443"])
        #expect(changes.plansChanged == [try #require(before.firstPlan?.identity)])
        #expect(changes.hostnamesAdded.isEmpty && changes.hostnamesRemoved.isEmpty)
        if fixture == "edge-named" {
            let diagnostic = try #require(after.diagnostics.first)
            #expect(after.diagnostics.count == 1)
            #expect(diagnostic.kind == .noGatewayForHostname)
            #expect(diagnostic.cluster == "cluster-1")
            #expect(diagnostic.hostname == bookinfo)
            #expect(diagnostic.path == "spec.http[0].routing.rules[0].route.clusterDestination.clusters[0]")
            #expect(diagnostic.message.contains("has no Gateway that serves bookinfo.tse.tetratelabs.io"))
            #expect(changes.diagnosticsRaised == [diagnostic])
        } else {
            // Automatic destinations simply stop using a cluster that no longer serves the hostname.
            #expect(after.diagnostics.isEmpty)
            #expect(changes.diagnosticsRaised.isEmpty)
        }
        // Restoring the Gateway restores the table and clears the diagnostic.
        let restored = after.resolving(topology: topology)
        #expect(restored == before)
        let back = restored.changes(since: after)
        #expect(back.changes(for: bookinfo)?.clustersAdded == ["cluster-1"])
        #expect(back.diagnosticsCleared == after.diagnostics)
        #expect(restored.changes(since: before).isEmpty)
    }

    @Test func deletingCluster1sGatewayUnderAWeightedSplit() throws {
        let topology = try Build.demoTopology()
        let before = try Build.table(self.edgeGateway("edge-weighted"), topology)
        let after = before.resolving(
            topology: topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        )
        let weighted = try #require(after.firstPlan?.weighted)
        #expect(weighted.targets.map(\.weight) == [50, 50])
        #expect(weighted.targets.map(\.hasEndpoints) == [false, true])
        #expect(weighted.targets[0].clusters.isEmpty)
        #expect(after.diagnostics.map(\.kind) == [.noGatewayForHostname])
        #expect(after.diagnostics.first?.message.contains("its share (weight 50 of 100) is answered 503 (UH)") == true)
        #expect(
            after.changes(since: before).changes(for: try Hostname(Build.bookinfo))?.clustersRemoved == ["cluster-1"]
        )
    }

    @Test func theEdgeGatewayMustBeAnEdgeGateway() throws {
        let workload = try Gateway(json: Fixtures.bytes("gateways/workload-bookinfo.json"))
        let error = try #require(throws: ConfigurationError.self) {
            try RouteTable(gateway: workload, edgeLocation: Build.demoEdge(), topology: Build.demoTopology())
        }
        #expect(error.path == "spec.http[0].routing.rules[0].route")
        #expect(error.message.contains("workload Gateway"))
        let empty = Gateway(spec: try GatewaySpec(http: []))
        let emptyError = try #require(throws: ConfigurationError.self) {
            try RouteTable(gateway: empty, edgeLocation: Build.demoEdge(), topology: Build.demoTopology())
        }
        #expect(emptyError.path == "spec.http")
        #expect(emptyError.code == .missingField)
    }

    /// A topology document that fails validation never reaches resolution: decoding throws, with the
    /// field's path. (That the router then keeps its previous table is tested with the router:
    /// `rejectedReconfigurationKeepsTheOldConfiguration`.)
    @Test func anInvalidTopologyDocumentIsRejectedWithItsPath() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try Topology(json: Fixtures.bytes("topology/invalid/duplicate-cluster-name.json"))
        }
        #expect(error?.path == "clusters[1].name")
    }

    @Test func theTableDescribesItself() throws {
        let table = try Build.table(self.edgeGateway("edge-automatic"), Build.demoTopology())
        #expect(
            table.description == """
                bookinfo.tse.tetratelabs.io:80 (server bookinfo)
                  rule 0 automatic: P0 {cluster-1} P1 {cluster-2}
                """
        )
        #expect(table.hostnames == [try Hostname(Build.bookinfo)])
        #expect(table.plans.count == 1)
        let identity = try #require(table.firstPlan?.identity)
        #expect(table.plan(for: identity) == table.firstPlan)
        #expect("\(identity)" == "bookinfo.tse.tetratelabs.io:80 automatic")
    }
}
