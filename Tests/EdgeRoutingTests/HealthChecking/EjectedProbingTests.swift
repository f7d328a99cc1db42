import EdgeRouting
import Testing

/// The default scope: only endpoints that outlier detection ejects, and those their probes hold back,
/// are probed.
@Suite struct EjectedProbingTests {
    @Test func nothingIsProbedUntilAnEjection() {
        var driver = CheckerDriver()
        #expect(driver.checker.nextDeadline == MonotonicTime(nanoseconds: .max))
        #expect(driver.collect(at: at(100)).isEmpty)
        #expect(driver.health(0) == .unknown && driver.health(1) == .unknown)
        #expect(!driver.state(0).isProbed)
    }

    /// An ejection starts probing one unhealthy interval later; without results the probes say nothing.
    @Test func anEjectedEndpointIsProbedEveryUnhealthyInterval() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: at(0.025))
        #expect(driver.checker.nextDeadline == at(1.025))
        #expect(driver.health() == .unknown)
        #expect(driver.collect(at: at(1)).isEmpty)
        let first = try driver.probe(.connectFailure, at: at(1.025))
        // The ejection was the unhealthy verdict; the failing probe confirms it (Envoy: `Unchanged`), and
        // the probe health now says "unhealthy" where it said nothing.
        #expect(first.transition == .unchanged && first.isFirstResult)
        #expect(first.previousHealth == .unknown && first.health == .unhealthy && first.healthChanged)
        #expect(driver.health() == .unhealthy)
        #expect(driver.state().nextProbe == at(2.025))
        let second = try driver.probe(.status(503), at: at(2.025))
        #expect(second.transition == .unchanged && !second.isFirstResult)
        #expect(driver.collect(at: at(3.025)) == [0])
    }

    /// The ejection is an unhealthy verdict: the healthy threshold (2) of passes in a row brings the
    /// endpoint back; the router then re-admits it early.
    @Test func theHealthyThresholdReadmitsBeforeTheEjectionExpires() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        _ = try driver.probe(.status(503), at: at(1))
        let pending = try driver.probe(.status(200), at: at(2))
        #expect(pending.transition == .pending && pending.passesTowardHealthy == 1)
        #expect(!HealthCombiner.readmits(after: pending, isEjected: true))
        #expect(driver.state().nextProbe == at(3))  // the healthy edge interval (1 s)
        let passed = try driver.probe(.status(200), at: at(3))
        #expect(passed.transition == .becameHealthy && passed.health == .healthy)
        #expect(HealthCombiner.readmits(after: passed, isEjected: true))
        #expect(!HealthCombiner.readmits(after: passed, isEjected: false))
        // Still ejected until the router re-admits it: probed every interval meanwhile.
        #expect(driver.health() == .healthy && driver.state().isProbed)
        driver.readmit(0, at: at(3))
        #expect(driver.health() == .unknown && !driver.state().isProbed)
        #expect(driver.checker.nextDeadline == MonotonicTime(nanoseconds: .max))
        #expect(driver.state().healthySince == at(3))
        #expect(driver.checker.healthySince(endpointIndex: 0) == at(3))
        #expect(driver.checker.healthySince(endpointIndex: 5) == nil)
    }

    /// At expiry, an endpoint whose most recent probe failed stays out, and is probed on until it passes
    /// the healthy threshold.
    @Test func aFailingProbeHoldsTheEndpointBackAtExpiry() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        for second in 1...30 {
            _ = try driver.probe(.connectFailure, at: at(Double(second)))
        }
        driver.readmit(0, at: at(30))
        #expect(driver.health() == .unhealthy && driver.state().isProbed && !driver.state().isEjected)
        #expect(try driver.probe(.connectFailure, at: at(31)).transition == .unchanged)
        #expect(try driver.probe(.status(200), at: at(32)).transition == .pending)
        let back = try driver.probe(.status(200), at: at(33))
        #expect(back.transition == .becameHealthy && back.health == .healthy)
        #expect(driver.health() == .unknown && !driver.state().isProbed)
    }

    @Test func aPassingLastProbeReleasesTheEndpointAtExpiry() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        _ = try driver.probe(.connectFailure, at: at(1))
        _ = try driver.probe(.status(200), at: at(2))  // pending: 1 of 2
        #expect(driver.health() == .unknown)
        driver.readmit(0, at: at(2.5))
        #expect(driver.health() == .unknown && !driver.state().isProbed)
    }

    /// No results at all: nothing is held, whatever the probes were asked to do.
    @Test func withoutResultsNothingIsHeld() {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        driver.collect(at: at(1))  // handed out, never reported
        driver.readmit(0, at: at(30))
        #expect(driver.health() == .unknown && !driver.state().isProbed)
        #expect(driver.checker.nextDeadline == MonotonicTime(nanoseconds: .max))
    }

    /// A hold needs fresh evidence: three probe periods (1 s wait + 1 s timeout each) after the last
    /// result, the verdict lapses and outlier detection alone decides.
    @Test func aHoldLapsesWithoutFreshResults() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        _ = try driver.probe(.connectFailure, at: at(1))
        driver.readmit(0, at: at(1.5))
        #expect(driver.health() == .unhealthy)
        // The embedder takes probes but stops running them: the one due at 2 s is lost at 4 s and
        // handed out again, and so on every two timeouts.
        #expect(driver.collect(at: at(2)) == [0])
        #expect(driver.checker.nextDeadline == at(4))
        #expect(driver.collect(at: at(4)) == [0])
        #expect(driver.collect(at: at(6)) == [0])
        let early = driver.checker.advance(to: at(6.999))
        #expect(!early && driver.checker.nextDeadline == at(7))
        let lapsed = driver.checker.advance(to: at(7))
        #expect(lapsed && driver.health() == .unknown)
        let again = driver.checker.advance(to: at(8))
        #expect(!again)
        // Results resume: a failure holds it again.
        _ = try driver.probe(.connectFailure, at: at(8))
        #expect(driver.health() == .unhealthy)
    }

    /// A probe not reported within twice the timeout is lost: counted, handed out again, and its late
    /// result ignored.
    @Test func lostProbesAreRetriedAndTheirLateResultsIgnored() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        var buffer: [ProbeRequest<String>] = []
        driver.checker.collectDueProbes(now: at(1), into: &buffer)
        let lost = try #require(buffer.first)
        #expect(lost.deadline == at(2) && lost.sentAt == at(1) && lost.endpoint == "a")
        #expect(driver.checker.nextDeadline == at(3))
        buffer.removeAll()
        driver.checker.collectDueProbes(now: at(2.999), into: &buffer)
        #expect(buffer.isEmpty)
        driver.checker.collectDueProbes(now: at(3), into: &buffer)
        let retry = try #require(buffer.first)
        #expect(retry.sequence != lost.sequence)
        #expect(driver.checker.record(.status(200), for: lost, now: at(3.1), random: &driver.random) == nil)
        let update = try #require(
            driver.checker.record(.connectFailure, for: retry, now: at(3.2), random: &driver.random)
        )
        #expect(update.isFirstResult && update.health == .unhealthy && update.transition == .unchanged)
        #expect(driver.checker.record(.connectFailure, for: retry, now: at(3.3), random: &driver.random) == nil)
        let statistics = driver.checker.snapshot().statistics
        #expect(statistics.attempts == 2 && statistics.lost == 1 && statistics.ignored == 2 && statistics.failures == 1)
    }

    /// A re-admitted endpoint is no longer probed: a probe still in flight reports into nothing.
    @Test func aResultAfterReadmissionIsIgnored() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        driver.collect(at: at(1))
        driver.readmit(0, at: at(1.5))
        let probe = try #require(driver.inFlight.first)
        #expect(driver.checker.record(.status(503), for: probe, now: at(1.6), random: &driver.random) == nil)
        #expect(driver.health() == .unknown)
    }

    @Test func aNewEjectionStartsAFreshSession() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        _ = try driver.probe(.status(200), at: at(1))
        _ = try driver.probe(.status(200), at: at(2))
        driver.readmit(0, at: at(2))
        driver.eject(0, at: at(10))
        #expect(driver.state().passesTowardHealthy == 0 && driver.state().lastResult == nil)
        let first = try driver.probe(.status(200), at: at(11))
        #expect(first.isFirstResult && first.transition == .pending)
    }

    @Test func everyEndpointScopeKeepsProbingAfterReadmission() throws {
        var configuration = HealthCheckConfiguration.defaults
        configuration.scope = .allEndpoints
        configuration.initialHealth = .healthy
        var driver = CheckerDriver(configuration)
        _ = try driver.probe(.status(200), at: .origin)
        driver.eject(0, at: at(0.5))
        #expect(driver.state().nextProbe == at(1))  // no later than one unhealthy interval: still 1 s
        _ = try driver.probe(.status(200), at: at(1))
        let back = try driver.probe(.status(200), at: at(2))
        #expect(back.transition == .becameHealthy)
        driver.readmit(0, at: at(2))
        #expect(driver.health() == .healthy && driver.state().isProbed)
    }

    @Test func scopeOffNeverProbes() throws {
        var configuration = HealthCheckConfiguration.defaults
        configuration.scope = .off
        var driver = CheckerDriver(configuration)
        driver.eject(0, at: .origin)
        #expect(driver.checker.nextDeadline == MonotonicTime(nanoseconds: .max))
        #expect(driver.collect(at: at(10)).isEmpty)
        #expect(driver.health() == .unknown)
    }

    @Test func outOfRangeIndicesAreIgnored() {
        var driver = CheckerDriver()
        driver.eject(7, at: .origin)
        driver.eject(-1, at: .origin)
        driver.readmit(7, at: .origin)
        #expect(driver.health(7) == .unknown && driver.health(-1) == .unknown)
        #expect(driver.checker.nextDeadline == MonotonicTime(nanoseconds: .max))
        let stray = ProbeRequest(endpointIndex: 9, endpoint: "z", sequence: 1, sentAt: .origin, deadline: .origin)
        #expect(driver.checker.record(.status(200), for: stray, now: .origin, random: &driver.random) == nil)
    }

    @Test func anEmptyDestinationHasNothingDue() {
        var driver = CheckerDriver(endpoints: [])
        driver.eject(0, at: .origin)
        #expect(driver.checker.nextDeadline == MonotonicTime(nanoseconds: .max))
        #expect(driver.checker.endpointCount == 0 && driver.checker.snapshot().endpoints.isEmpty)
    }

    /// Identity survives a reconfiguration; a probe of a moved endpoint still counts; a removed
    /// endpoint's result is ignored; an added endpoint starts clean.
    @Test func endpointsKeepTheirStateByIdentity() throws {
        var driver = CheckerDriver(endpoints: ["a", "b"])
        driver.eject(0, at: .origin)
        driver.eject(1, at: .origin)
        _ = try driver.probe(.connectFailure, endpoint: 0, at: at(1))
        driver.collect(at: at(2))
        let probeOfA = try #require(driver.inFlight.first { $0.endpoint == "a" })
        let probeOfB = try #require(driver.inFlight.first { $0.endpoint == "b" })
        driver.checker.setEndpoints(["c", "a"], now: at(2.5), random: &driver.random)
        #expect(driver.health(1) == .unhealthy && driver.state(1).isEjected && driver.state(1).endpoint == "a")
        #expect(driver.health(0) == .unknown && !driver.state(0).isProbed)
        let moved = try #require(
            driver.checker.record(.status(200), for: probeOfA, now: at(2.6), random: &driver.random)
        )
        #expect(moved.endpointIndex == 1 && moved.transition == .pending)
        #expect(driver.checker.record(.status(200), for: probeOfB, now: at(2.6), random: &driver.random) == nil)
    }

    @Test func updatesDescribeThemselves() throws {
        var driver = CheckerDriver()
        driver.eject(0, at: .origin)
        let failed = try driver.probe(.status(503), at: at(1))
        #expect(failed.description == "endpoint 0 probe 503 at 1.0 seconds: unchanged (unhealthy, first result)")
        let pending = try driver.probe(.status(200), at: at(2))
        #expect(pending.description == "endpoint 0 probe 200 at 2.0 seconds: pending (1 passes toward healthy)")
        let unchanged = try driver.probe(.timeout, at: at(3))
        #expect(unchanged.description == "endpoint 0 probe timeout at 3.0 seconds: unchanged (unhealthy)")
    }
}
