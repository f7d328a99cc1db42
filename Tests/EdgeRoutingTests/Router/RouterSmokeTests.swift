import EdgeRouting
import Synchronization
import Testing

/// A minimal clock for router tests until the test-support clock lands.
final class StepClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - self.offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }
    private let nanoseconds = Atomic<Int64>(0)
    var now: Instant { Instant(offset: .nanoseconds(self.nanoseconds.load(ordering: .relaxed))) }
    var minimumResolution: Duration { .zero }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {}
    func advance(by duration: Duration) {
        let (s, a) = duration.components
        self.nanoseconds.add(s * 1_000_000_000 + a / 1_000_000_000, ordering: .relaxed)
    }
}

@Suite struct RouterSmokeTests {
    @Test func demoFailsOverAndBack() throws {
        let clock = StepClock()
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
