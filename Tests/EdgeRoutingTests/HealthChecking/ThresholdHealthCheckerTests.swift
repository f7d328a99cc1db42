import EdgeRouting
import Testing

/// Envoy's threshold semantics, with every endpoint probed (``HealthCheckScope/allEndpoints``).
@Suite struct ThresholdHealthCheckerTests {
    static func everyEndpoint(_ change: (inout HealthCheckConfiguration) -> Void = { _ in }) -> HealthCheckConfiguration
    {
        var configuration = HealthCheckConfiguration.defaults
        configuration.scope = .allEndpoints
        change(&configuration)
        return configuration
    }

    /// A joining endpoint is unhealthy until its first probe, which is due at once; a first pass makes
    /// it healthy without the threshold (Envoy's `first_check_`).
    @Test func firstPassOfAJoiningEndpointMakesItHealthyAtOnce() throws {
        var driver = CheckerDriver(Self.everyEndpoint())
        #expect(driver.health(0) == .unhealthy && driver.health(1) == .unhealthy)
        #expect(driver.checker.nextDeadline == .origin)
        #expect(driver.collect(at: .origin) == [0, 1])
        let update = try driver.report(.status(200), endpoint: 0, at: at(0.01))
        #expect(update.transition == .becameHealthy && update.isFirstResult && update.health == .healthy)
        #expect(update.previousHealth == .unhealthy && update.healthChanged)
        #expect(driver.health(0) == .healthy)
        #expect(driver.state(0).healthySince == at(0.01))
        #expect(driver.state(0).nextProbe == at(1.01))  // healthy: the interval
    }

    /// A first failure leaves it unhealthy, and the first-check rule is spent: two passes are needed.
    @Test func firstFailureSpendsTheFirstCheck() throws {
        var driver = CheckerDriver(Self.everyEndpoint())
        let first = try driver.probe(.connectFailure, at: .origin)
        #expect(first.transition == .unchanged && first.isFirstResult && first.health == .unhealthy)
        let second = try driver.probe(.status(200), at: at(1))
        #expect(second.transition == .pending && second.passesTowardHealthy == 1 && !second.isFirstResult)
        #expect(driver.health() == .unhealthy)
        let third = try driver.probe(.status(200), at: at(2))
        #expect(third.transition == .becameHealthy && driver.health() == .healthy)
    }

    /// Envoy's `ignore_new_hosts_until_first_hc`: excluded until the first result.
    @Test func excludedUntilTheFirstResult() throws {
        var driver = CheckerDriver(Self.everyEndpoint { $0.initialHealth = .excluded })
        #expect(driver.health(0) == .excluded)
        let failed = try driver.probe(.status(503), at: .origin)
        #expect(failed.transition == .becameUnhealthy && failed.previousHealth == .excluded)
        #expect(driver.health(0) == .unhealthy)
        #expect(try driver.probe(.status(200), endpoint: 1, at: at(0.5)).transition == .becameHealthy)
    }

    @Test func optimisticInitialHealthNeedsTheThresholdToGoOut() throws {
        var driver = CheckerDriver(Self.everyEndpoint { $0.initialHealth = .healthy })
        #expect(driver.health(0) == .healthy)
        #expect(try driver.probe(.timeout, at: .origin).transition == .pending)
        #expect(try driver.probe(.timeout, at: at(1)).transition == .becameUnhealthy)
    }

    /// Consecutive failures: network failures, timeouts and retriable statuses count; a pass resets the
    /// count; the threshold is reached exactly at the configured number.
    @Test(arguments: [
        ([ProbeResult.connectFailure, .connectFailure], 1),
        ([.timeout, .timeout], 1),
        ([.reset, .timeout], 1),
        ([.timeout, .status(200), .timeout, .timeout], 3),
        ([.connectFailure, .status(200), .connectFailure, .status(200), .connectFailure, .connectFailure], 5),
    ])
    func consecutiveFailuresMakeAHealthyEndpointUnhealthy(results: [ProbeResult], becomesUnhealthyAt: Int) throws {
        var driver = CheckerDriver(Self.everyEndpoint { $0.initialHealth = .healthy })
        for (index, result) in results.enumerated() {
            let update = try driver.probe(result, at: at(Double(index)))
            let expected: HealthTransition =
                index == becomesUnhealthyAt ? .becameUnhealthy : update.passed ? .unchanged : .pending
            #expect(update.transition == expected)
            #expect((driver.health() == .unhealthy) == (index >= becomesUnhealthyAt))
        }
    }

    /// A status that is neither expected nor retriable ignores the threshold (Envoy's non-retriable
    /// `ACTIVE` failure); a retriable one counts.
    @Test func immediateAndRetriableStatuses() throws {
        let retriable = try HTTPHealthCheck(retriableStatuses: [HTTPStatusRange(start: 503, end: 504)])
        var driver = CheckerDriver(
            Self.everyEndpoint {
                $0.initialHealth = .healthy
                $0.unhealthyThreshold = 3
                $0.http = retriable
            }
        )
        #expect(try driver.probe(.status(503), at: .origin).transition == .pending)
        #expect(try driver.probe(.status(503), at: at(1)).failuresTowardUnhealthy == 2)
        #expect(try driver.probe(.status(500), at: at(2)).transition == .becameUnhealthy)
        #expect(try driver.probe(.status(500), endpoint: 1, at: at(2.5)).transition == .becameUnhealthy)
    }

    /// Consecutive passes: a failure resets the count.
    @Test func aFailureResetsThePassCount() throws {
        var driver = CheckerDriver(Self.everyEndpoint { $0.healthyThreshold = 3 })
        _ = try driver.probe(.status(503), at: .origin)  // spends the first check
        let sequence: [(ProbeResult, HealthTransition)] = [
            (.status(200), .pending), (.status(200), .pending), (.timeout, .unchanged),
            (.status(200), .pending), (.status(200), .pending), (.status(200), .becameHealthy),
            (.status(200), .unchanged),
        ]
        for (step, (result, transition)) in sequence.enumerated() {
            #expect(try driver.probe(result, at: at(Double(step + 1))).transition == transition)
        }
    }

    /// The wait after each probe is Envoy's: edge intervals on the way to a change, the unhealthy
    /// interval while unhealthy, the interval while healthy, the no-traffic intervals before traffic.
    @Test func waitsFollowEnvoysIntervals() throws {
        let configuration = Self.everyEndpoint {
            $0.initialHealth = .healthy
            $0.interval = .seconds(10)
            $0.unhealthyInterval = .seconds(3)
            $0.unhealthyEdgeInterval = .seconds(2)
            $0.healthyEdgeInterval = .seconds(4)
        }
        var driver = CheckerDriver(configuration)
        var now = MonotonicTime.origin
        let steps: [(ProbeResult, Duration)] = [
            (.status(200), .seconds(10)),  // healthy, stays healthy
            (.timeout, .seconds(2)),  // first of two failures: unhealthy edge
            (.timeout, .seconds(3)),  // became unhealthy: unhealthy interval
            (.timeout, .seconds(3)),  // stays unhealthy
            (.status(200), .seconds(4)),  // first of two passes: healthy edge
            (.status(200), .seconds(10)),  // became healthy: interval
        ]
        for (result, wait) in steps {
            _ = try driver.probe(result, at: now)
            let next = try #require(driver.state().nextProbe)
            #expect(next == now + wait)
            now = next
        }
    }

    @Test func noTrafficIntervalsApplyUntilTheDestinationHasTraffic() throws {
        var driver = CheckerDriver(Self.everyEndpoint(), hasTraffic: false)
        _ = try driver.probe(.status(200), at: .origin)
        #expect(driver.state().nextProbe == at(60))  // no-traffic healthy interval: 60 s by default
        driver.checker.setHasTraffic(true)
        _ = try driver.probe(.status(200), at: at(60))
        #expect(driver.state().nextProbe == at(61))
        #expect(driver.checker.snapshot().hasTraffic)
    }

    @Test func initialJitterDelaysTheFirstProbe() {
        var random = ScriptedRandom([250_000_000, 1_750_000_000])
        let configuration = Self.everyEndpoint { $0.initialJitter = .seconds(2) }
        let checker = ThresholdHealthChecker(
            configuration: configuration,
            endpoints: ["a", "b"],
            now: .origin,
            random: &random
        )
        let states = checker.snapshot().endpoints
        #expect(states[0].nextProbe == at(0.25) && states[1].nextProbe == at(1.75))
        #expect(checker.nextDeadline == at(0.25))
    }

    @Test func countersFollowEnvoysStatistics() throws {
        var driver = CheckerDriver(Self.everyEndpoint())
        _ = try driver.probe(.status(200), at: .origin)
        _ = try driver.report(.timeout, endpoint: 1, at: at(0.5))
        _ = try driver.probe(.status(503), at: at(1))
        let statistics = driver.checker.snapshot().statistics
        #expect(statistics.attempts == 3 && statistics.successes == 1 && statistics.failures == 2)
        #expect(statistics.networkFailures == 1 && statistics.lost == 0 && statistics.ignored == 0)
    }
}
