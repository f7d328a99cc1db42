import EdgeRouting
import EdgeRoutingTestSupport
import Testing

@Suite struct RouterSmokeTests {
    @Test func demoFailsOverAndBack() throws {
        let clock = ManualClock()
        let router = try EdgeRouter(
            gateway: DemoFixture.edgeGateway(.automatic),
            edge: DemoFixture.edge,
            topology: DemoFixture.topology(),
            configuration: EdgeRouterConfiguration(shardCount: 1),
            clock: clock,
            random: SplitMix64(seed: 1)
        )
        func send(_ outcome: (String) -> AttemptOutcome) -> [String] {
            var clusters: [String] = []
            guard case .forward(var attempt) = router.route(DemoFixture.request) else { return ["local"] }
            while true {
                let name = router.name(of: attempt.cluster) ?? "?"
                clusters.append(name)
                switch router.complete(attempt, outcome: outcome(name)) {
                case .finish(let final):
                    clusters.append("\(final.status)")
                    return clusters
                case .retry(let retry): attempt = retry.attempt
                }
            }
        }
        #expect(send { _ in .status(200) } == ["cluster-1", "200"])
        // cluster-1's ingress refuses connections: each request fails there and is retried on cluster-2.
        for _ in 0..<5 {
            #expect(send { $0 == "cluster-1" ? .connectFailure : .status(200) } == ["cluster-1", "cluster-2", "200"])
        }
        // Five consecutive failures ejected cluster-1's endpoint: traffic now goes to cluster-2 directly.
        #expect(send { $0 == "cluster-1" ? .connectFailure : .status(200) } == ["cluster-2", "200"])
        clock.advance(by: .seconds(29))
        #expect(send { _ in .status(200) } == ["cluster-2", "200"])
        clock.advance(by: .seconds(1))
        #expect(send { _ in .status(200) } == ["cluster-1", "200"])
        let stats = router.statistics()
        #expect(stats["cluster.cluster-1.upstream_cx_connect_fail"] == 5)
        #expect(stats["cluster.cluster-2.upstream_rq_200"] == 7)
        #expect(stats["upstream_rq_retry"] == 5)
        #expect(stats["outlier_detection.ejections_enforced_total"] == 1)
    }
}
