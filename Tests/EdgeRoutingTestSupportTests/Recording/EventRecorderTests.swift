import EdgeRouting
import EdgeRoutingTestSupport
import Testing

@Suite struct EventRecorderTests {
    /// The guide's ingress drill at unit level: cluster-1 refuses connections until its endpoint is ejected.
    static func failOver(_ recorder: EventRecorder) throws -> (EdgeRouter<ManualClock>, ManualClock) {
        let clock = ManualClock()
        let deployment = DemoEnvironment.deployment(.automatic)
        let router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: EdgeRouterConfiguration(shardCount: 1),
            clock: clock,
            random: SeededRandomNumberGenerator(seed: 1),
            observer: recorder
        )
        for _ in 0..<10 {
            guard case .forward(var attempt) = router.route(DemoEnvironment.request) else { continue }
            while true {
                let outcome: AttemptOutcome =
                    router.name(of: attempt.cluster) == "cluster-1" ? .connectFailure : .status(200)
                guard case .retry(let retry) = router.complete(attempt, outcome: outcome) else { break }
                clock.advance(by: retry.delay)
                attempt = retry.attempt
            }
            clock.advance(by: .milliseconds(100))
        }
        return (router, clock)
    }

    @Test func recordsTheFailover() throws {
        let recorder = EventRecorder()
        _ = try Self.failOver(recorder)
        let ejection = try recorder.expectEjection(of: "cluster-1", reason: .consecutive5xx)
        #expect(ejection.detail.ejectedUntil == ejection.detail.time + .seconds(30))
        try recorder.expectTrafficShift(to: 1)
        try recorder.expectRetry(from: "cluster-1", to: "cluster-2")
        try recorder.expectNoEjection(of: "cluster-2")
        try recorder.expectNoEvents(.reconfigured, .retryBudgetExhausted)
        try recorder.expectRequests(count: 10, status: 200)
        #expect(recorder.retries.count == 5)
        #expect(recorder.events(.endpointEjected, .trafficShifted).count == 2)
    }

    @Test func failuresListWhatWasRecorded() throws {
        let recorder = EventRecorder()
        _ = try Self.failOver(recorder)
        let missing = try #require(throws: ExpectationFailure.self) {
            try recorder.expectEjection(of: "cluster-2")
        }
        #expect(missing.expected == "an ejection of cluster-2")
        #expect(missing.recorded.contains { $0.hasPrefix("ejected cluster-1") })
        #expect(missing.description.contains("but recorded"))

        let unexpected = try #require(throws: ExpectationFailure.self) {
            try recorder.expectNoEvents(.endpointEjected)
        }
        #expect(unexpected.recorded.count == 1)
        #expect(unexpected.description.contains("expected no endpointEjected events"))

        #expect(throws: ExpectationFailure.self) { try recorder.expectTrafficShift(to: 0, share: 50) }
        #expect(throws: ExpectationFailure.self) { try recorder.expectReadmission(of: "cluster-1") }
        #expect(throws: ExpectationFailure.self) { try recorder.expectRequests(count: 11) }
        #expect(throws: ExpectationFailure.self) { try recorder.expectReconfiguration(removing: "cluster-1") }
    }

    @Test func recordsReadmissionsAndReconfigurations() throws {
        let recorder = EventRecorder(accessLog: false)
        let (router, clock) = try Self.failOver(recorder)
        clock.advance(by: .seconds(31))
        _ = router.route(DemoEnvironment.request)
        try recorder.expectReadmission(of: "cluster-1")
        try router.update(
            topology: DemoEnvironment.topology().removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        )
        let changes = try recorder.expectReconfiguration(removing: "cluster-1")
        #expect(changes.hostnames.count == 1)
        #expect(recorder.accessLog.isEmpty)
        recorder.removeAll()
        try recorder.expectNoEvents()
    }

    @Test func anEmptyRecorderSaysNothingWasRecorded() throws {
        let failure = try #require(throws: ExpectationFailure.self) {
            try EventRecorder().expectEjection(of: "cluster-1")
        }
        #expect(failure.description == "expected an ejection of cluster-1, but nothing was recorded")
    }

    @Test func isSafeToShareAcrossThreads() async throws {
        let recorder = EventRecorder()
        let deployment = DemoEnvironment.deployment(.automatic)
        let router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: EdgeRouterConfiguration(shardCount: 4),
            clock: ManualClock(),
            observer: recorder
        )
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<250 {
                        if case .forward(let attempt) = router.route(DemoEnvironment.request) {
                            _ = router.complete(attempt, outcome: .status(200))
                        }
                    }
                }
            }
        }
        try recorder.expectRequests(count: 1_000, status: 200)
    }
}
