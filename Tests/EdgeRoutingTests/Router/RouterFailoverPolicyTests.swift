import EdgeRouting
import EdgeRoutingTestSupport
import Testing

/// Panic thresholds, strict failover and the retry-exclusion invariant, through the router.
@Suite struct RouterFailoverPolicyTests {
    @Test func everythingEjectedWithoutPanicAnswersNoHealthyUpstream() throws {
        let harness = try RouterHarness(.automatic)
        _ = harness.send(20) { _ in .connectFailure }
        let trace = harness.send(Upstream.healthy)
        #expect(trace.status == 503 && trace.flags == .noHealthyUpstream && trace.clusters.isEmpty)
        #expect(harness.router.statistics()["no_healthy_upstream"] >= 1)
    }

    @Test func everythingEjectedWithPanic50StillUsesEveryEndpoint() throws {
        let harness = try RouterHarness(
            .automatic,
            configuration: EdgeRouterConfiguration(
                loadBalancingPolicy: PriorityFailoverPolicy(panicThreshold: 50),
                shardCount: 1
            )
        )
        _ = harness.send(20) { _ in .connectFailure }
        let status = harness.router.status()
        #expect(status.destinations[0].tiers.allSatisfy { $0.clusters[0].endpoints[0].isEjected })
        #expect(status.destinations[0].tiers.allSatisfy { $0.isPanic })
        // Total panic splits by host counts: both ejected endpoints take traffic.
        let traces = harness.send(2_000, every: .microseconds(10)) { _ in .status(200) }
        let toCluster1 = traces.filter { $0.clusters.first == "cluster-1" }.count
        #expect(abs(toCluster1 - 1_000) < 100)
        #expect(traces.allSatisfy { $0.status == 200 })
    }

    @Test func aHalfHealthyLocalTierKeeps70Percent() throws {
        // Ten endpoints per cluster; five of cluster-1's are ejected: 140 × 5/10 = 70 % stays local.
        let harness = try RouterHarness(.automatic, topology: DemoFixture.topology(endpointsPerCluster: 10))
        var ejected: Set<String> = []
        while ejected.count < 5 {
            guard case .forward(let attempt) = harness.router.route(DemoFixture.request) else { break }
            let address = harness.router.address(of: attempt.endpoint)?.description ?? ""
            let fail = ["ingressgw-1-0", "ingressgw-1-1", "ingressgw-1-2", "ingressgw-1-3", "ingressgw-1-4"]
                .contains(String(address.prefix { $0 != "." }))
            var decision = harness.router.complete(attempt, outcome: fail ? .connectFailure : .status(200))
            while case .retry(let retry) = decision {
                decision = harness.router.complete(retry.attempt, outcome: .status(200))
            }
            ejected = Set(
                harness.router.status().destinations[0].tiers[0].clusters[0].endpoints.filter(\.isEjected)
                    .map(\.address.description)
            )
        }
        #expect(harness.router.status().destinations[0].tiers.map(\.healthyLoad) == [70, 30])
        let traces = harness.send(20_000, every: .microseconds(10), Upstream.healthy)
        let local = Double(traces.filter { $0.clusters == ["cluster-1"] }.count) / Double(traces.count)
        #expect(abs(local - 0.70) < 0.01, "70 % stays local: \(local)")
    }

    @Test func strictFailoverKeepsEverythingLocalWhileOneEndpointLives() throws {
        let harness = try RouterHarness(
            .automatic,
            topology: DemoFixture.topology(endpointsPerCluster: 4),
            configuration: EdgeRouterConfiguration(loadBalancingPolicy: StrictFailoverPolicy(), shardCount: 1)
        )
        // Three of cluster-1's four endpoints fail until ejected.
        for _ in 0..<200 {
            _ = harness.send { cluster in cluster == "cluster-1" ? .connectFailure : .status(200) }
            if harness.router.status().destinations[0].tiers[0].clusters[0].endpoints.filter(\.isEjected).count >= 3 {
                break
            }
        }
        let status = harness.router.status()
        let healthyLocal = status.destinations[0].tiers[0].clusters[0].endpoints.filter { !$0.isEjected }.count
        #expect(healthyLocal >= 1)
        #expect(status.destinations[0].tiers.map(\.healthyLoad) == [100, 0])
    }

    @Test func retriesNeverRevisitATriedEndpointOrClusterWhileAnUntriedOneIsHealthy() throws {
        // Random topologies and random failures; the invariant is checked on every retry.
        var random = SeededRandomNumberGenerator(seed: 77)
        for round in 0..<20 {
            let clusters = Int.random(in: 2...4, using: &random)
            let perCluster = Int.random(in: 1...3, using: &random)
            let gateway = try DemoFixture.workloadGateway("bookinfo")
            let topology = try Topology(
                clusters: (0..<clusters).map { index in
                    try WorkloadCluster(
                        name: "cluster-\(index)",
                        locality: Locality(region: "region-\(index % 2)"),
                        ingressEndpoints: (0..<perCluster).map {
                            try IngressEndpoint("10.\(round).\(index).\($0 + 1):443")
                        },
                        gateways: [gateway]
                    )
                }
            )
            let policy = try RetryPolicy(attempts: 4, retryOn: .defaults, retriableStatusCodes: [503])
            let harness = try RouterHarness(
                .automatic,
                topology: topology,
                configuration: EdgeRouterConfiguration(retries: policy, shardCount: 1),
                seed: UInt64(round)
            )
            for _ in 0..<50 {
                guard case .forward(var attempt) = harness.router.route(DemoFixture.request) else { continue }
                var tried: Set<String> = []
                while true {
                    let cluster = harness.router.name(of: attempt.cluster) ?? "?"
                    if attempt.number > 1 {
                        let healthyClusters = Set(
                            harness.router.status().destinations[0].tiers.flatMap(\.clusters)
                                .filter { $0.endpoints.contains { !$0.isEjected } }.map(\.name)
                        )
                        if !healthyClusters.subtracting(tried).isEmpty {
                            #expect(!tried.contains(cluster), "retry \(attempt.number) went back to \(cluster)")
                        }
                    }
                    tried.insert(cluster)
                    let outcome: AttemptOutcome = random.next() % 3 == 0 ? .status(200) : .status(503)
                    guard case .retry(let retry) = harness.router.complete(attempt, outcome: outcome) else { break }
                    attempt = retry.attempt
                }
                harness.clock.advance(by: .seconds(1))
            }
        }
    }
}
