import EdgeRouting
import EdgeRoutingTestSupport
import Testing

/// The router's request lifecycle, answer by answer: local answers, final responses and their flags,
/// the access log, counters, reconfiguration and the knobs a proxy uses.
@Suite struct RouterLifecycleTests {
    @Test func unknownHostIsAnswered404NR() throws {
        let harness = try RouterHarness(.automatic)
        guard case .respond(let local) = harness.router.route(RequestHead(authority: "unknown.example.com", path: "/"))
        else {
            Issue.record("expected a local answer")
            return
        }
        #expect(local == .noRoute)
        #expect(local.status == 404 && local.flags == .noRouteFound)
        let stats = harness.router.statistics()
        #expect(stats["no_route"] == 1)
        #expect(stats["downstream_rq_4xx"] == 1)
        let record = try #require(harness.events.accessLog.first)
        #expect(record.status == 404 && record.flags == .noRouteFound && record.attempts == 0)
        #expect(AccessLogFormatter().format(record).contains("\"GET / HTTP/1.1\" 404 NR 0 0"))
    }

    @Test func authorityMatchingIgnoresCaseAndPort() throws {
        let harness = try RouterHarness(.automatic)
        let request = RequestHead(authority: "BookInfo.TSE.tetratelabs.io:80", path: "/productpage")
        guard case .forward(let attempt) = harness.router.route(request) else {
            Issue.record("expected a forward")
            return
        }
        #expect(harness.router.name(of: attempt.cluster) == "cluster-1")
        #expect(harness.router.address(of: attempt.endpoint)?.description == "ingressgw-1.cluster-1.example:443")
        #expect(attempt.number == 1 && attempt.tier == 0 && !attempt.isWeighted)
        _ = harness.router.complete(attempt, outcome: .status(200))
    }

    @Test func retriesExhaustedPassTheLastResponseWithURX() throws {
        let harness = try RouterHarness(.automatic)
        let trace = harness.send { _ in .status(503) }
        // The default policy: 2 retries; the first avoids cluster-1, the second falls back to it.
        #expect(trace.clusters == ["cluster-1", "cluster-2", "cluster-1"])
        #expect(trace.status == 503)
        #expect(trace.flags == .upstreamRetryLimitExceeded)
        #expect(trace.localBody == nil, "the upstream's own 503 is passed through")
        #expect(trace.delays.count == 2)
        #expect(trace.delays[0] < .milliseconds(25) && trace.delays[1] < .milliseconds(50))
        let stats = harness.router.statistics()
        #expect(stats["upstream_rq_retry_limit_exceeded"] == 1)
        #expect(stats["upstream_rq_retry"] == 2)
        #expect(stats["upstream_rq_total"] == 3)
        #expect(stats["downstream_rq_5xx"] == 1)
        let record = try #require(harness.events.accessLog.last)
        #expect(record.attempts == 3 && record.flags == .upstreamRetryLimitExceeded && record.cluster == "cluster-1")
        #expect(record.upstreamHost == "ingressgw-1.cluster-1.example:443" && record.status == 503)
    }

    @Test(arguments: [
        (
            AttemptOutcome.connectFailure, 503, "UF,URX",
            "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
        ),
        (.timeout, 504, "UT,URX", "upstream request timeout"),
        (
            .reset, 503, "UR,URX",
            "upstream connect error or disconnect/reset before headers. reset reason: remote reset"
        ),
    ])
    func localFailuresAreAnsweredAsEnvoyDoes(outcome: AttemptOutcome, status: Int, flags: String, body: String) throws {
        let harness = try RouterHarness(.automatic)
        let trace = harness.send { _ in outcome }
        #expect(trace.status == status)
        #expect("\(trace.flags)" == flags)
        #expect(trace.localBody == body)
    }

    @Test func notRetriableStatusIsPassedThroughAtOnce() throws {
        let harness = try RouterHarness(.automatic)
        let trace = harness.send { _ in .status(500) }
        #expect(trace.clusters == ["cluster-1"])
        #expect(trace.status == 500 && trace.flags == [] && trace.localBody == nil)
    }

    @Test func aRetryTheProxyCannotReplayIsNotMade() throws {
        let harness = try RouterHarness(.automatic)
        guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else {
            Issue.record("expected a forward")
            return
        }
        guard case .finish(let final) = harness.router.complete(attempt, outcome: .status(503), retryAllowed: false)
        else {
            Issue.record("expected the request to finish")
            return
        }
        #expect(final.status == 503 && final.flags == .upstreamRetryLimitExceeded && final.attempts == 1)
    }

    @Test func retryBudgetExhaustionAnswersWithUO() throws {
        let policy = try RetryPolicy(budget: RetryPolicy.Budget(retryPercent: 0, minRetriesPerSecond: 0))
        let harness = try RouterHarness(
            .automatic,
            configuration: EdgeRouterConfiguration(retries: policy, shardCount: 1)
        )
        let trace = harness.send(Upstream.upstreamDown)
        #expect(trace.clusters == ["cluster-1"])
        #expect(trace.status == 503 && trace.flags == .upstreamOverflow)
        #expect(harness.router.statistics()["upstream_rq_retry_overflow"] == 1)
        #expect(
            harness.events.all.contains { $0.kind == .retryBudgetExhausted }
        )
    }

    @Test func perTryTimeoutIsCarriedToTheProxy() throws {
        let policy = try RetryPolicy(perTryTimeout: .seconds(2))
        let harness = try RouterHarness(
            .automatic,
            configuration: EdgeRouterConfiguration(retries: policy, shardCount: 1)
        )
        guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else {
            Issue.record("expected a forward")
            return
        }
        #expect(attempt.perTryTimeout == .seconds(2))
        harness.router.cancel(attempt)
        #expect(harness.events.accessLog.last?.flags == .downstreamConnectionTermination)
        #expect(harness.events.accessLog.last?.status == 0)
        #expect(harness.events.accessLog.last?.cluster == "cluster-1")
        #expect(harness.events.accessLog.last?.upstreamHost == "ingressgw-1.cluster-1.example:443")
    }

    @Test func rejectedReconfigurationKeepsTheOldConfiguration() throws {
        let harness = try RouterHarness(.automatic)
        let workload = try DemoFixture.workloadGateway("not-an-edge")
        #expect(throws: ConfigurationError.self) { try harness.router.update(gateway: workload) }
        #expect(
            harness.events.all.contains { $0.kind == .reconfigurationRejected }
        )
        #expect(harness.send(Upstream.healthy).clusters == ["cluster-1"])
    }

    @Test func anAttemptMadeBeforeAReconfigurationCompletesAfterIt() throws {
        let topology = try DemoFixture.topology(endpointsPerCluster: 2)
        let harness = try RouterHarness(.automatic, topology: topology)
        guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else {
            Issue.record("expected a forward")
            return
        }
        // Another cluster appears while the attempt is in flight: indices change, identities stay.
        try harness.router.update(
            topology: topology.updating(
                WorkloadCluster(
                    name: "cluster-0",
                    locality: Locality(region: "region-0"),
                    ingressEndpoints: [IngressEndpoint("10.0.0.10:443")],
                    gateways: [DemoFixture.workloadGateway("bookinfo-ingress-0")]
                )
            )
        )
        guard case .retry(let retry) = harness.router.complete(attempt, outcome: .status(503)) else {
            Issue.record("expected a retry through the remembered route")
            return
        }
        #expect(retry.attempt.endpoint != attempt.endpoint)
        #expect(harness.router.name(of: retry.attempt.cluster) != "cluster-1", "a different cluster, by default")
        _ = harness.router.complete(retry.attempt, outcome: .status(200))
        #expect(harness.router.statistics()["upstream_rq_retry_success"] == 1)
    }

    @Test func differentClusterRetriesSpillToTheNextTierOnlyWhenTheTierIsTried() throws {
        let policy = try RetryPolicy(retryTarget: .differentEndpoint)
        let topology = try DemoFixture.topology(endpointsPerCluster: 2)
        let harness = try RouterHarness(
            .automatic,
            topology: topology,
            configuration: EdgeRouterConfiguration(retries: policy, shardCount: 1)
        )
        let trace = harness.send(Upstream.upstreamDown)
        // Different endpoint: the second endpoint of cluster-1 first, then the next tier.
        #expect(trace.clusters == ["cluster-1", "cluster-1", "cluster-2"])
        #expect(trace.status == 200)
    }

    @Test func statusListsTiersAndEjections() throws {
        let harness = try RouterHarness(.automatic)
        _ = harness.send(6, Upstream.ingressDown)
        let status = harness.router.status()
        let destination = try #require(status.destinations.first)
        #expect(destination.name == "bookinfo.tse.tetratelabs.io:80 automatic")
        #expect(destination.tiers.map(\.healthyLoad) == [0, 100])
        #expect(destination.tiers[0].clusters[0].endpoints[0].isEjected)
        #expect(destination.tiers[0].clusters[0].endpoints[0].ejectedUntil != nil)
        #expect(status.description.contains("cluster-1 ingressgw-1.cluster-1.example:443 ejected"))
        let stats = harness.router.statistics()
        #expect(stats["outlier_detection.ejections_active"] == 1)
        #expect(
            stats["destination.bookinfo.tse.tetratelabs.io:80 automatic.outlier_detection.ejections_enforced_total"]
                == 1
        )
        #expect(stats.description.contains("cluster.cluster-1.upstream_cx_connect_fail: 5"))
    }

    @Test func localityWeightsSplitATierByClusterSize() throws {
        // Two clusters in the edge's region: cluster-a with 1 endpoint, cluster-b with 2.
        let gateway = try DemoFixture.workloadGateway("bookinfo")
        let topology = try Topology(clusters: [
            WorkloadCluster(
                name: "cluster-a",
                locality: Locality(region: "region-1"),
                ingressEndpoints: [IngressEndpoint("10.1.0.1:443")],
                gateways: [gateway]
            ),
            WorkloadCluster(
                name: "cluster-b",
                locality: Locality(region: "region-1"),
                ingressEndpoints: [IngressEndpoint("10.2.0.1:443"), IngressEndpoint("10.2.0.2:443")],
                gateways: [gateway]
            ),
        ])
        let harness = try RouterHarness(
            .automatic,
            topology: topology,
            configuration: EdgeRouterConfiguration(localityWeighted: true, shardCount: 1)
        )
        let traces = harness.send(30_000, Upstream.healthy)
        let share = Double(traces.filter { $0.clusters == ["cluster-a"] }.count) / Double(traces.count)
        #expect(abs(share - 1.0 / 3.0) < 0.01, "cluster-a gets a third: \(share)")
    }

    /// With one of cluster-b's two endpoints ejected, a pooled tier (the default) splits by healthy
    /// endpoints — 1:1 — while locality weighting gives cluster-b `2 × min(1, 1.4 × 1/2)` = 1.4 against
    /// cluster-a's 1.
    @Test(arguments: [(false, 1.0 / 2.0), (true, 1.0 / 2.4)])
    func aTierPoolsItsEndpointsUnlessLocalityWeighted(localityWeighted: Bool, expectedShareOfA: Double) throws {
        let gateway = try DemoFixture.workloadGateway("bookinfo")
        let topology = try Topology(clusters: [
            WorkloadCluster(
                name: "cluster-a",
                locality: Locality(region: "region-1"),
                ingressEndpoints: [IngressEndpoint("10.1.0.1:443")],
                gateways: [gateway]
            ),
            WorkloadCluster(
                name: "cluster-b",
                locality: Locality(region: "region-1"),
                ingressEndpoints: [IngressEndpoint("10.2.0.1:443"), IngressEndpoint("10.2.0.2:443")],
                gateways: [gateway]
            ),
        ])
        let harness = try RouterHarness(
            .automatic,
            topology: topology,
            configuration: EdgeRouterConfiguration(localityWeighted: localityWeighted, shardCount: 1)
        )
        // Connect failures at 10.2.0.2 until it is ejected; every other attempt succeeds.
        while harness.events.ejections.isEmpty {
            guard case .forward(var attempt) = harness.router.route(DemoFixture.request) else {
                Issue.record("expected a forward")
                return
            }
            while true {
                let failing = harness.router.address(of: attempt.endpoint)?.description == "10.2.0.2:443"
                guard
                    case .retry(let retry) = harness.router.complete(
                        attempt,
                        outcome: failing ? .connectFailure : .status(200)
                    )
                else { break }
                attempt = retry.attempt
            }
        }
        #expect(harness.events.ejections.map(\.address.description) == ["10.2.0.2:443"])
        // All at the same instant, so the ejection holds throughout.
        let traces = harness.send(30_000, every: .zero, Upstream.healthy)
        let share = Double(traces.filter { $0.clusters == ["cluster-a"] }.count) / Double(traces.count)
        #expect(abs(share - expectedShareOfA) < 0.01, "cluster-a's share: \(share)")
    }

    @Test func leastRequestPrefersTheIdleEndpoint() throws {
        let harness = try RouterHarness(
            .automatic,
            topology: DemoFixture.topology(endpointsPerCluster: 2),
            configuration: EdgeRouterConfiguration(endpointPicker: .leastRequest, shardCount: 1)
        )
        // Keep one attempt in flight. Envoy's power of two choices draws two candidates with
        // replacement, so the busy endpoint is chosen only when both draws hit it: a quarter of picks.
        guard case .forward(let busy) = harness.router.route(DemoFixture.request) else {
            Issue.record("expected a forward")
            return
        }
        var busyPicks = 0
        for _ in 0..<4_000 {
            guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else {
                Issue.record("expected a forward")
                return
            }
            if attempt.endpoint == busy.endpoint { busyPicks += 1 }
            _ = harness.router.complete(attempt, outcome: .status(200))
        }
        #expect(abs(busyPicks - 1_000) < 100, "about a quarter: \(busyPicks)")
        _ = harness.router.complete(busy, outcome: .status(200))
    }

    @Test func roundRobinAlternatesInsideATier() throws {
        let harness = try RouterHarness(.automatic, topology: DemoFixture.topology(endpointsPerCluster: 3))
        var addresses: [String] = []
        for _ in 0..<6 {
            guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else { return }
            addresses.append(harness.router.address(of: attempt.endpoint)?.description ?? "?")
            _ = harness.router.complete(attempt, outcome: .status(200))
        }
        #expect(
            Array(addresses[0..<3]).sorted() == [
                "ingressgw-1-0.cluster-1.example:443", "ingressgw-1-1.cluster-1.example:443",
                "ingressgw-1-2.cluster-1.example:443",
            ]
        )
        #expect(addresses[3...] == addresses[..<3])
    }

    @Test func configurationDecodesFromJSON() throws {
        let configuration = try JSONConfiguration.decode(
            EdgeRouterConfiguration.self,
            from: Array(
                #"{"loadBalancing": {"policy": "strict", "panicThreshold": 50, "picker": "least-request"}, "retries": {"attempts": 3}}"#
                    .utf8
            )
        )
        #expect(configuration.loadBalancingPolicy as? StrictFailoverPolicy == StrictFailoverPolicy(panicThreshold: 50))
        #expect(configuration.endpointPicker is LeastRequestPicker)
        #expect(configuration.retries.attempts == 3)
        let error = try #require(throws: ConfigurationError.self) {
            try JSONConfiguration.decode(
                EdgeRouterConfiguration.self,
                from: Array(#"{"loadBalancing": {"picker": "fastest"}}"#.utf8)
            )
        }
        #expect(error.path == "loadBalancing.picker")
        let roundTrip = try JSONConfiguration.decode(
            EdgeRouterConfiguration.self,
            from: Array(try JSONConfiguration.encode(configuration).utf8)
        )
        #expect(roundTrip.retries == configuration.retries)
        #expect(roundTrip.loadBalancingPolicy as? StrictFailoverPolicy == StrictFailoverPolicy(panicThreshold: 50))
    }
}
