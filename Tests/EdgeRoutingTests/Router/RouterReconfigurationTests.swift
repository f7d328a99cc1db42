import EdgeRouting
import EdgeRoutingTestSupport
import Foundation
import Testing

/// Reconfiguration as a proxy's control loop uses it, and the reports a proxy makes after the fact.
@Suite struct RouterReconfigurationTests {
    @Test func gatewayTopologyAndEdgeChangeTogether() throws {
        let harness = try RouterHarness(.automatic)
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-1"])
        let changes = try harness.router.update(
            gateway: DemoFixture.edgeGateway(.named(["cluster-2"])),
            topology: DemoFixture.topology(endpointsPerCluster: 2),
            edge: EdgeLocation(region: "region-2")
        )
        #expect(!changes.isEmpty)
        #expect(harness.events.all.filter { $0.kind == .reconfigured }.count == 1, "one change, not three")
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-2"])
        #expect(harness.router.routeTable.edgeLocation.locality.region == "region-2")
    }

    @Test func movingTheEdgeReordersTheTiers() throws {
        let harness = try RouterHarness(.automatic)
        try harness.router.update(gateway: nil, topology: nil, edge: EdgeLocation(region: "region-2"))
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-2"])
        #expect(
            harness.router.status().destinations[0].tiers.map { $0.clusters.map(\.name) } == [
                ["cluster-2"], ["cluster-1"],
            ]
        )
    }

    @Test func anInvalidCombinationChangesNothing() throws {
        let harness = try RouterHarness(.automatic)
        let workload = try DemoFixture.workloadGateway("not-an-edge")
        #expect(throws: ConfigurationError.self) {
            try harness.router.update(
                gateway: workload,
                topology: DemoFixture.topology(endpointsPerCluster: 3),
                edge: nil
            )
        }
        #expect(
            harness.router.routeTable.topology.clusters[0].ingressEndpoints.count == 1,
            "the topology was not applied either"
        )
    }

    @Test func outlierCountersNeverGoDownWhenDestinationsAreReplaced() throws {
        let harness = try RouterHarness(.automatic)
        _ = harness.send(6, Upstream.ingressDown)
        let before = harness.router.statistics()["outlier_detection.ejections_enforced_total"]
        #expect(before == 1)
        try harness.router.update(gateway: DemoFixture.edgeGateway(.weighted([("cluster-1", 1), ("cluster-2", 1)])))
        let after = harness.router.statistics()
        #expect(after["outlier_detection.ejections_enforced_total"] >= before)
        #expect(after["outlier_detection.ejections_active"] == 0, "a gauge covers current destinations only")
    }

    /// An ejection outlives reconfigurations that keep its endpoint in its destination: a topology
    /// that adds a cluster, and a Gateway that adds an unrelated server.
    @Test func ejectionsSurviveUpdatesThatKeepTheEndpoint() throws {
        let harness = try RouterHarness(.automatic)
        _ = harness.send(6, Upstream.ingressDown)
        func cluster1() throws -> RouterStatus.Endpoint {
            let destination = try #require(harness.router.status().destinations.first)
            let cluster = try #require(destination.tiers.flatMap(\.clusters).first { $0.name == "cluster-1" })
            return try #require(cluster.endpoints.first)
        }
        let ejected = try cluster1()
        #expect(ejected.isEjected)
        let until = try #require(ejected.ejectedUntil)
        harness.clock.advance(by: .seconds(1))

        // A third cluster in region-3 serving the hostname.
        var topology = harness.router.routeTable.topology.clusters
        topology.append(
            try WorkloadCluster(
                name: "cluster-3",
                locality: Locality(region: "region-3"),
                ingressEndpoints: [IngressEndpoint("ingressgw-3.cluster-3.example:443")],
                gateways: [DemoFixture.workloadGateway("bookinfo-ingress-3")]
            )
        )
        try harness.router.update(topology: Topology(clusters: topology))
        #expect(try cluster1().isEjected)
        #expect(try cluster1().ejectedUntil == until)
        #expect(harness.send(Upstream.healthy).clusters.allSatisfy { $0 != "cluster-1" })

        // A second hostname on the edge Gateway; the bookinfo server is unchanged.
        let gateway = harness.router.routeTable.gateway
        let other = try HTTPServer(
            name: "details",
            port: 80,
            hostname: Hostname("details.tse.tetratelabs.io"),
            rules: [RoutingRule(route: .clusters(.automatic))]
        )
        try harness.router.update(
            gateway: Gateway(
                metadata: gateway.metadata,
                spec: GatewaySpec(workloadSelector: gateway.spec.workloadSelector, http: gateway.spec.http + [other])
            )
        )
        #expect(try cluster1().isEjected)
        #expect(try cluster1().ejectedUntil == until)
        #expect(harness.send(Upstream.healthy).clusters.allSatisfy { $0 != "cluster-1" })

        // And it ends when it was due.
        harness.clock.advance(by: harness.router.status().time.duration(to: until))
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-1"])
    }

    @Test func theOriginIsNowOnTheWallClock() throws {
        let harness = try RouterHarness(.automatic)
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        #expect(abs(harness.router.originUnixNanoseconds - now) < 60_000_000_000)
        #expect(harness.router.accessLogFormatter.originUnixNanoseconds == harness.router.originUnixNanoseconds)
    }

    @Test func resultsReportedAfterCompletionCountForOutlierDetection() throws {
        let harness = try RouterHarness(.automatic)
        guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else {
            Issue.record("expected a forward")
            return
        }
        // The response head was a 200 (which clears the endpoint's consecutive-failure count) ...
        _ = harness.router.complete(attempt, outcome: .status(200))
        // ... and then failures arrive that only the proxy saw: five of them eject the endpoint.
        for _ in 0..<4 {
            harness.router.record(.reset, for: attempt)
        }
        #expect(harness.events.ejections.isEmpty)
        harness.router.record(.reset, for: attempt)
        #expect(harness.events.ejections.first?.cluster == "cluster-1")
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-2"])
    }
}
