import EdgeRouting
import EdgeRoutingTestSupport
import Testing

/// The guide's three failure drills at unit level, for each destination form, with a manual clock.
@Suite struct RouterDrillTests {
    static let failoverForms: [ClusterDestination] = [.automatic, try! .named(["cluster-1", "cluster-2"])]

    @Test(arguments: failoverForms)
    func ingressScaledToZeroFailsOverWithoutClientErrors(destination: ClusterDestination) throws {
        let harness = try RouterHarness(destination)
        let before = harness.send(20, Upstream.healthy)
        #expect(before.allSatisfy { $0.clusters == ["cluster-1"] && $0.status == 200 })

        let during = harness.send(100, Upstream.ingressDown)
        #expect(during.allSatisfy { $0.status == 200 }, "no client-visible error")
        // The first five requests try cluster-1 and are retried on cluster-2; then cluster-1's
        // endpoint is ejected and requests go straight to cluster-2.
        #expect(during.prefix(5).allSatisfy { $0.clusters == ["cluster-1", "cluster-2"] })
        #expect(during[5].clusters == ["cluster-2"])
        let ejection = try #require(harness.events.ejections.first)
        #expect(ejection.cluster == "cluster-1")
        #expect(ejection.detail.ejectedUntil == ejection.detail.time + .seconds(30))
        #expect(harness.events.shifts.first?.after.healthy == [0, 100])
        // Every 30 s the endpoint is re-admitted, fails its probe and is ejected for longer.
        let probes = during.filter { $0.clusters.first == "cluster-1" }
        #expect(probes.count >= 5 && probes.count <= 7)

        // Repair: after the current ejection ends, traffic returns to cluster-1 and stays there.
        harness.clock.advance(by: .seconds(300))
        let after = harness.send(20, Upstream.healthy)
        #expect(after.allSatisfy { $0.clusters == ["cluster-1"] && $0.status == 200 })
        #expect(harness.events.shifts.last?.after.healthy == [100, 0])
    }

    @Test(arguments: failoverForms)
    func upstreamScaledToZeroIsRetriedOnTheOtherCluster(destination: ClusterDestination) throws {
        let harness = try RouterHarness(destination)
        let during = harness.send(50, Upstream.upstreamDown)
        #expect(during.allSatisfy { $0.status == 200 }, "the default retry policy retries 503 on cluster-2")
        #expect(during.prefix(5).allSatisfy { $0.clusters == ["cluster-1", "cluster-2"] && $0.delays.count == 1 })
        #expect(during.prefix(5).allSatisfy { $0.delays[0] < .milliseconds(25) }, "first retry waits in [0, 25 ms)")
        // Five consecutive 5xx eject cluster-1's ingress.
        #expect(harness.events.ejections.first?.detail.ejectionType == .consecutive5xx)
        #expect(
            during[5...].allSatisfy { $0.clusters.first == "cluster-2" || $0.clusters == ["cluster-1", "cluster-2"] }
        )
        let stats = harness.router.statistics()
        #expect(stats["cluster.cluster-1.upstream_rq_503"] >= 5)
        #expect(stats["cluster.cluster-1.upstream_rq_retry"] >= 5)
        #expect(stats["cluster.cluster-2.upstream_rq_retry_success"] >= 5)

        harness.clock.advance(by: .seconds(300))
        let after = harness.send(10, Upstream.healthy)
        #expect(after.allSatisfy { $0.clusters == ["cluster-1"] })
    }

    @Test(arguments: failoverForms)
    func deletingTheGatewayMovesTrafficAtOnce(destination: ClusterDestination) throws {
        let topology = try DemoFixture.topology()
        let harness = try RouterHarness(destination, topology: topology)
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-1"])

        let changes = try harness.router.update(
            topology: topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        )
        #expect(changes.hostnames.first?.clustersRemoved == ["cluster-1"])
        let during = harness.send(20, Upstream.healthy)
        #expect(during.allSatisfy { $0.clusters == ["cluster-2"] && $0.status == 200 })
        let diagnostics = harness.router.routeTable.diagnostics.map(\.kind)
        #expect(diagnostics.contains(.noGatewayForHostname) == (destination.form == .named))

        try harness.router.update(topology: topology)
        #expect(harness.send(20, Upstream.healthy).allSatisfy { $0.clusters == ["cluster-1"] })
        #expect(harness.events.all.contains { $0.kind == .reconfigured })
    }

    @Test func weightedSplitHoldsAndTheBrokenClustersShareFails() throws {
        let harness = try RouterHarness(.weighted([("cluster-1", 50), ("cluster-2", 50)]))
        let before = harness.send(2_000, Upstream.healthy)
        let toCluster1 = before.filter { $0.clusters == ["cluster-1"] }.count
        #expect(abs(toCluster1 - 1_000) < 100, "about half of 2,000 requests go to cluster-1: \(toCluster1)")

        // cluster-1's ingress refuses connections: no failover between clusters; its share fails.
        let during = harness.send(2_000, Upstream.ingressDown)
        let failed = during.filter { $0.status == 503 }
        #expect(abs(failed.count - 1_000) < 100, "about half fail: \(failed.count)")
        #expect(
            during.allSatisfy { $0.status == 503 ? !$0.clusters.contains("cluster-2") : $0.clusters == ["cluster-2"] }
        )
        // Once cluster-1's endpoint is ejected, its share is answered at once: 503 UH, no healthy upstream.
        #expect(failed.last?.clusters.isEmpty == true)
        #expect(failed.last?.flags == .noHealthyUpstream)
        #expect(failed.last?.localBody == "no healthy upstream")

        harness.clock.advance(by: .seconds(300))
        let after = harness.send(1_000, Upstream.healthy)
        #expect(after.allSatisfy { $0.status == 200 })
    }

    @Test func weightedShareOfADeletedGatewayIsAnswered503UH() throws {
        let topology = try DemoFixture.topology()
        let harness = try RouterHarness(.weighted([("cluster-1", 50), ("cluster-2", 50)]), topology: topology)
        try harness.router.update(
            topology: topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        )
        let traces = harness.send(1_000, Upstream.healthy)
        let failed = traces.filter { $0.status == 503 }
        #expect(abs(failed.count - 500) < 75)
        #expect(failed.allSatisfy { $0.flags == .noHealthyUpstream && $0.clusters.isEmpty })
        #expect(traces.filter { $0.status == 200 }.allSatisfy { $0.clusters == ["cluster-2"] })
    }

    @Test func namedListNeverUsesAnUnlistedCluster() throws {
        var topology = try DemoFixture.topology()
        topology = try topology.updating(
            WorkloadCluster(
                name: "cluster-3",
                locality: Locality(region: "region-3"),
                ingressEndpoints: [IngressEndpoint("10.0.3.10:443")],
                gateways: [DemoFixture.workloadGateway("bookinfo-ingress-3")]
            )
        )
        let harness = try RouterHarness(.named(["cluster-1"]), topology: topology)
        let traces = harness.send(200) { _ in .connectFailure }
        #expect(traces.allSatisfy { !$0.clusters.contains("cluster-3") && $0.status == 503 })
        #expect(traces.last?.flags == .noHealthyUpstream)
    }
}
