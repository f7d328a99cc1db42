import EdgeRouting
import Testing

@Suite struct HealthCombinerTests {
    /// Passive and active health are independent flags, as Envoy's `FAILED_OUTLIER_CHECK` and
    /// `FAILED_ACTIVE_HC`: an endpoint takes traffic only when neither is set.
    @Test(arguments: [
        (false, ProbeHealth.unknown, EndpointAvailability.healthy),
        (false, .healthy, .healthy),
        (false, .unhealthy, .unhealthy),
        (false, .excluded, .excluded),
        (true, .unknown, .unhealthy),
        (true, .healthy, .unhealthy),
        (true, .unhealthy, .unhealthy),
        (true, .excluded, .excluded),
    ])
    func availability(isEjected: Bool, probeHealth: ProbeHealth, expected: EndpointAvailability) {
        let availability = HealthCombiner.availability(isEjected: isEjected, probeHealth: probeHealth)
        #expect(availability == expected)
        #expect(availability.takesTraffic == (expected == .healthy))
    }

    /// Only a transition to healthy of an endpoint that is still ejected re-admits it early.
    @Test(arguments: [
        (HealthTransition.becameHealthy, true, true),
        (.becameHealthy, false, false),
        (.pending, true, false),
        (.unchanged, true, false),
        (.becameUnhealthy, true, false),
    ])
    func readmission(transition: HealthTransition, isEjected: Bool, expected: Bool) {
        let update = HealthCheckUpdate(
            endpointIndex: 0,
            time: .origin,
            result: .status(200),
            passed: true,
            transition: transition,
            previousHealth: .unhealthy,
            health: .healthy,
            isFirstResult: false,
            passesTowardHealthy: 2,
            failuresTowardUnhealthy: 0
        )
        #expect(HealthCombiner.readmits(after: update, isEjected: isEjected) == expected)
    }

    @Test func namesAreStable() {
        #expect(
            [ProbeHealth.unknown, .healthy, .unhealthy, .excluded].map(\.description) == [
                "unknown", "healthy", "unhealthy", "excluded",
            ]
        )
        #expect(
            [EndpointAvailability.healthy, .unhealthy, .excluded].map(\.description) == [
                "healthy", "unhealthy", "excluded",
            ]
        )
        #expect(
            [HealthTransition.unchanged, .pending, .becameHealthy, .becameUnhealthy].map(\.description)
                == ["unchanged", "pending", "became healthy", "became unhealthy"]
        )
        #expect(HealthTransition.becameHealthy.isChange && !HealthTransition.pending.isChange)
        #expect(
            [HealthCheckScope.off, .ejectedEndpoints, .allEndpoints].map(\.description) == ["off", "ejected", "all"]
        )
        #expect(!HealthCheckScope.off.probesAnything && HealthCheckScope.allEndpoints.probesEveryEndpoint)
    }

    /// The no-op checker never probes and always answers "unknown": outlier detection alone.
    @Test func noOpCheckerNeverProbes() {
        var checker = NoOpHealthChecker(endpoints: ["a", "b"])
        var random = SplitMix64(seed: 1)
        checker.setEndpoints(["a", "b", "c"], now: .origin, random: &random)
        checker.endpointEjected(0, now: .origin, random: &random)
        checker.setHasTraffic(true)
        var probes: [ProbeRequest<String>] = []
        checker.collectDueProbes(now: .origin + .seconds(60), into: &probes)
        #expect(probes.isEmpty)
        #expect(checker.nextDeadline == MonotonicTime(nanoseconds: .max))
        let changed = checker.advance(to: .origin + .seconds(60))
        #expect(!changed && checker.health(endpointIndex: 0) == .unknown)
        let probe = ProbeRequest(endpointIndex: 0, endpoint: "a", sequence: 1, sentAt: .origin, deadline: .origin)
        #expect(checker.record(.status(503), for: probe, now: .origin, random: &random) == nil)
        checker.endpointReadmitted(0, now: .origin)
        #expect(checker.healthySince(endpointIndex: 0) == nil)
        #expect(checker.snapshot().endpoints.map(\.endpoint) == ["a", "b", "c"])
        #expect(checker.configuration.scope == .off)
    }
}
