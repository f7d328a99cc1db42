import EdgeRouting
import Testing

/// Issue 15's three faults on cluster-1, with the defaults, through the real outlier detector and the
/// default health checker, combined as the router will combine them.
@Suite struct FailbackDrillTests {
    /// 0 client-visible errors, failback at most 2 s after the repair, and no more than the 5 detecting
    /// attempts at cluster-1 during the fault, whatever its length and kind.
    @Test(arguments: [
        (30.0, FailbackDrill.Fault.ingressDown, Duration.milliseconds(1_055), 31),
        (40.0, .ingressDown, .milliseconds(1_065), 41),
        (120.0, .ingressDown, .milliseconds(1_145), 121),
        (30.0, .upstream503, .milliseconds(1_055), 31),
        (40.0, .upstream503, .milliseconds(1_065), 41),
        (120.0, .upstream503, .milliseconds(1_145), 121),
    ])
    func issue15TargetsWithTheDefaults(length: Double, fault: FailbackDrill.Fault, failback: Duration, probes: Int) {
        var drill = FailbackDrill(faultFrom: 0, to: length, fault: fault)
        drill.run(until: length + 10)
        #expect(drill.clientErrors == 0)
        #expect(drill.attemptsDuringFault == 5)
        #expect(drill.failbackDelay == failback)
        #expect(failback <= .seconds(2))
        #expect(drill.probesSent == probes)
        // One ejection only: the ejection that expired during the fault was not renewed by client requests.
        #expect(drill.detector.snapshot().endpoints[0].ejectionCount == 1)
        #expect(drill.readmissionActions.isEmpty)  // every ejection expired before the repair
    }

    /// Today's behaviour, for comparison (the numbers issue 15 measured on real sockets): re-admitted at
    /// expiry while still broken, re-ejected with a doubled ejection, back long after the repair.
    @Test(arguments: [
        (30.0, 5, Duration.milliseconds(20), 1),
        (40.0, 10, .milliseconds(50_040), 2),
        (120.0, 15, .milliseconds(60_060), 3),
    ])
    func outlierDetectionAloneRediscoversTheFaultWithClientRequests(
        length: Double,
        attempts: Int,
        failback: Duration,
        ejections: Int
    ) {
        var drill = FailbackDrill(faultFrom: 0, to: length, probing: .none)
        drill.run(until: length + 70)
        #expect(drill.clientErrors == 0)
        #expect(drill.attemptsDuringFault == attempts)
        #expect(drill.failbackDelay == failback)
        #expect(drill.detector.snapshot().endpoints[0].ejectionCount == ejections)
        #expect(drill.probesSent == 0)
    }

    /// With no probe results at all, the combination is exactly outlier detection alone: the same
    /// ejections and re-admissions at the same instants, the same attempts, the same detector state.
    @Test(arguments: [(0.0, 10.0), (0.0, 40.0), (5.0, 120.0), (50.0, 51.0)])
    func withoutProbeResultsTheBehaviourIsUnchanged(start: Double, end: Double) {
        var alone = FailbackDrill(faultFrom: start, to: end, probing: .none)
        var combined = FailbackDrill(faultFrom: start, to: end, probing: .neverRun)
        alone.run(until: end + 100)
        combined.run(until: end + 100)
        #expect(!alone.outlierEvents.isEmpty)
        #expect(combined.outlierEvents == alone.outlierEvents)
        #expect(combined.attemptsToCluster1 == alone.attemptsToCluster1)
        #expect(combined.availableAtSecond == alone.availableAtSecond)
        #expect(combined.failbackTime == alone.failbackTime)
        #expect(combined.detector.snapshot() == alone.detector.snapshot())
    }

    /// Held back by its probes, the endpoint gets no client request, so outlier detection never ejects it
    /// again: its multiplier does not grow, and decays as Envoy decays it while a host is out.
    @Test func theMultiplierDoesNotGrowWhileProbesHoldTheEndpoint() throws {
        var probed = FailbackDrill(faultFrom: 0, to: 120)
        probed.run(until: 130)
        let held = probed.detector.snapshot().endpoints[0]
        #expect(held.ejectionCount == 1 && held.multiplier == 0)
        var alone = FailbackDrill(faultFrom: 0, to: 120, probing: .none)
        alone.run(until: 130)
        let rediscovered = alone.detector.snapshot().endpoints[0]
        #expect(rediscovered.ejectionCount == 3 && rediscovered.multiplier == 3)
    }

    /// A short fault: the probes pass the healthy threshold long before the ejection expires, and the
    /// combiner asks for the early re-admission right then.
    @Test func passingProbesAskForAnEarlyReadmission() throws {
        var drill = FailbackDrill(faultFrom: 0, to: 10)
        drill.run(until: 40)
        let action = try #require(drill.readmissionActions.first)
        #expect(drill.readmissionActions.count == 1)
        #expect(action == at(11.031))  // probes at 10.030 and 11.031 passed
        #expect(action - at(10) <= .seconds(2))
        #expect(drill.events.contains { $0.time == action && $0.text == "probe 200: became healthy" })
        // Until the outlier detector gains its re-admission entry point, the ejection runs its course.
        #expect(drill.failbackTime == at(30.02))
        #expect(drill.attemptsDuringFault == 5 && drill.clientErrors == 0)
    }

    /// With every endpoint probed, failing probes take cluster-1 out before a client request fails on
    /// it (here at one request every 5 s); outlier detection alone needs five failed attempts.
    @Test func probingEveryEndpointTakesAFailingOneOutFirst() {
        var configuration = HealthCheckConfiguration.defaults
        configuration.scope = .allEndpoints
        var probed = FailbackDrill(faultFrom: 12, to: 60, configuration: configuration, requestInterval: .seconds(5))
        probed.run(until: 80)
        #expect(probed.attemptsDuringFault == 0 && probed.clientErrors == 0)
        #expect(probed.outlierEvents.isEmpty)
        #expect(probed.failbackTime == at(65))
        var ejectedOnly = FailbackDrill(faultFrom: 12, to: 60, requestInterval: .seconds(5))
        ejectedOnly.run(until: 80)
        #expect(ejectedOnly.attemptsDuringFault == 5 && ejectedOnly.clientErrors == 0)
    }

    /// The article's timelines (HealthCheckingAndFailback.md), rendered from the drill.
    @Test(arguments: [
        (
            40.0, FailbackDrill.Probing.none, 95.0, 91,
            """
            | second | cluster-1 | outlier detection and probes | probe results | client attempts at cluster-1 |
            |---|---|---|---|---|
            | 0 | down | 0.020 s: ejected (multiplier 1, until 30.020 s) |  | 5 (failed, retried on cluster-2) |
            | 1–29 | down | out |  | 0 |
            | 30 | down | 30.020 s: re-admitted; 30.040 s: ejected (multiplier 2, until 90.040 s) |  | 5 (failed, retried on cluster-2) |
            | 31–39 | down | out |  | 0 |
            | 40–89 | up | out |  | 0 |
            | 90 | up | 90.040 s: re-admitted |  | 192 |
            | 91 | up |  |  | 200 |
            """
        ),
        (
            30.0, .run, 35.0, 34,
            """
            | second | cluster-1 | outlier detection and probes | probe results | client attempts at cluster-1 |
            |---|---|---|---|---|
            | 0 | down | 0.020 s: ejected (multiplier 1, until 30.020 s) |  | 5 (failed, retried on cluster-2) |
            | 1–29 | down | out | fail | 0 |
            | 30 | up | 30.020 s: ejection expired; held back by its probes | pass | 0 |
            | 31 | up | 31.051 s: probe 200: became healthy | pass | 189 |
            | 32–34 | up |  |  | 200 |
            """
        ),
        (
            40.0, .run, 45.0, 44,
            """
            | second | cluster-1 | outlier detection and probes | probe results | client attempts at cluster-1 |
            |---|---|---|---|---|
            | 0 | down | 0.020 s: ejected (multiplier 1, until 30.020 s) |  | 5 (failed, retried on cluster-2) |
            | 1–29 | down | out | fail | 0 |
            | 30 | down | 30.020 s: ejection expired; held back by its probes | fail | 0 |
            | 31–39 | down | out | fail | 0 |
            | 40 | up | out | pass | 0 |
            | 41 | up | 41.061 s: probe 200: became healthy | pass | 187 |
            | 42–44 | up |  |  | 200 |
            """
        ),
        (
            120.0, .run, 125.0, 124,
            """
            | second | cluster-1 | outlier detection and probes | probe results | client attempts at cluster-1 |
            |---|---|---|---|---|
            | 0 | down | 0.020 s: ejected (multiplier 1, until 30.020 s) |  | 5 (failed, retried on cluster-2) |
            | 1–29 | down | out | fail | 0 |
            | 30 | down | 30.020 s: ejection expired; held back by its probes | fail | 0 |
            | 31–119 | down | out | fail | 0 |
            | 120 | up | out | pass | 0 |
            | 121 | up | 121.141 s: probe 200: became healthy | pass | 171 |
            | 122–124 | up |  |  | 200 |
            """
        ),
    ])
    func theArticlesTimelines(
        length: Double,
        probing: FailbackDrill.Probing,
        runFor: Double,
        lastSecond: Int,
        table: String
    ) {
        var drill = FailbackDrill(faultFrom: 0, to: length, probing: probing)
        drill.run(until: runFor)
        #expect(FailbackTimeline.markdown(drill, seconds: 0...lastSecond) == table)
    }
}
