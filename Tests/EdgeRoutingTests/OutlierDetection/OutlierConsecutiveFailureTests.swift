import EdgeRouting
import Testing

@Suite struct OutlierConsecutiveFailureTests {
    private let now = MonotonicTime.origin.advanced(by: .seconds(1))

    @Test func fiveConsecutive500sEject() throws {
        let (detector, recorder) = OutlierFixture.detector()
        for attempt in 1...4 {
            #expect(!detector.record(.status(500), endpointIndex: 0, now: self.now))
            #expect(detector.snapshot().endpoints[0].consecutive5xx == attempt)
        }
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(detector.record(.status(500), endpointIndex: 0, now: self.now))
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(!detector.isEjected(endpointIndex: 1))
        let snapshot = detector.snapshot()
        #expect(snapshot.endpoints[0].consecutive5xx == 0)
        #expect(snapshot.endpoints[0].ejectedUntil == self.now.advanced(by: .seconds(30)))
        #expect(snapshot.statistics.ejectionsActive == 1)
        #expect(snapshot.statistics.enforced(.consecutive5xx) == 1)
        #expect(snapshot.statistics.detected(.consecutive5xx) == 1)
        #expect(snapshot.statistics.ejectionsEnforcedTotal == 1)
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.ejectionType == .consecutive5xx)
        #expect(event.enforced)
    }

    @Test func oneSuccessInBetweenResetsTheCount() {
        let (detector, _) = OutlierFixture.detector()
        OutlierFixture.record(.status(500), times: 4, on: detector, endpoint: 0, at: self.now)
        #expect(!detector.record(.status(200), endpointIndex: 0, now: self.now))
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 0)
        OutlierFixture.record(.status(500), times: 4, on: detector, endpoint: 0, at: self.now)
        #expect(!detector.isEjected(endpointIndex: 0))
        OutlierFixture.record(.status(500), times: 1, on: detector, endpoint: 0, at: self.now)
        #expect(detector.isEjected(endpointIndex: 0))
    }

    @Test func gatewayFailuresAreDetectedButNotEnforcedByDefault() throws {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.consecutive5xx = 0  // leave the gateway detector alone
        let (detector, recorder) = OutlierFixture.detector(configuration)
        #expect(!OutlierFixture.record(.status(502), times: 5, on: detector, endpoint: 0, at: self.now))
        #expect(!detector.isEjected(endpointIndex: 0))
        let statistics = detector.snapshot().statistics
        #expect(statistics.detected(.consecutiveGatewayFailure) == 1)
        #expect(statistics.enforced(.consecutiveGatewayFailure) == 0)
        #expect(statistics.ejectionsActive == 0)
        let event = try #require(recorder.events.first)
        #expect(event.kind == .ejected)
        #expect(!event.enforced)
        #expect(event.ejectedUntil == nil)
        // The counter was reset after the detection, enforced or not.
        #expect(detector.snapshot().endpoints[0].consecutiveGatewayFailure == 0)
    }

    @Test func gatewayDetectionComesBeforeTheConsecutive5xxEjection() {
        let (detector, recorder) = OutlierFixture.detector()
        #expect(OutlierFixture.record(.status(503), times: 5, on: detector, endpoint: 0, at: self.now))
        #expect(detector.isEjected(endpointIndex: 0))
        let ejections = recorder.events(.ejected)
        #expect(ejections.map(\.ejectionType) == [.consecutiveGatewayFailure, .consecutive5xx])
        #expect(ejections.map(\.enforced) == [false, true])
        let statistics = detector.snapshot().statistics
        #expect(statistics.detected(.consecutiveGatewayFailure) == 1)
        #expect(statistics.enforced(.consecutive5xx) == 1)
    }

    @Test func enforcedGatewayFailureLeavesThe5xxCounterForReadmission() {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.enforcingConsecutiveGatewayFailure = 100
        let (detector, recorder) = OutlierFixture.detector(configuration)
        OutlierFixture.record(.status(503), times: 5, on: detector, endpoint: 0, at: self.now)
        // Ejected by the gateway detector; the 5xx detector fired for an ejected endpoint: ignored, as
        // in Envoy, without counting a detection or resetting its counter.
        #expect(recorder.events(.ejected).map(\.ejectionType) == [.consecutiveGatewayFailure])
        let snapshot = detector.snapshot()
        #expect(snapshot.statistics.detected(.consecutive5xx) == 0)
        #expect(snapshot.endpoints[0].consecutive5xx == 5)
        // Re-admission resets every counter.
        detector.advance(to: self.now.advanced(by: .seconds(30)))
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 0)
    }

    @Test func nonGatewayFailureResetsTheGatewayCounter() {
        let (detector, _) = OutlierFixture.detector()
        OutlierFixture.record(.status(503), times: 3, on: detector, endpoint: 0, at: self.now)
        OutlierFixture.record(.status(500), times: 1, on: detector, endpoint: 0, at: self.now)
        let endpoint = detector.snapshot().endpoints[0]
        #expect(endpoint.consecutiveGatewayFailure == 0)
        #expect(endpoint.consecutive5xx == 4)
    }

    @Test func counterResetsWhetherOrNotTheEjectionIsEnforced() {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.enforcingConsecutive5xx = 0
        let (detector, recorder) = OutlierFixture.detector(configuration)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 0)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        let statistics = detector.snapshot().statistics
        #expect(statistics.detected(.consecutive5xx) == 2)
        #expect(statistics.enforced(.consecutive5xx) == 0)
        #expect(statistics.ejectionsEnforcedTotal == 0)
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(recorder.events(.ejected).allSatisfy { !$0.enforced && $0.ejectionType == .consecutive5xx })
        #expect(recorder.events(.ejected).count == 2)
    }

    @Test func localOriginFailuresCountAs503And504InDefaultMode() {
        let (detector, recorder) = OutlierFixture.detector()
        let results: [OutlierResult] = [.connectFailure, .timeout, .reset, .connectFailure]
        for result in results {
            detector.record(result, endpointIndex: 0, now: self.now)
        }
        let endpoint = detector.snapshot().endpoints[0]
        #expect(endpoint.consecutive5xx == 4)
        #expect(endpoint.consecutiveGatewayFailure == 4)
        #expect(endpoint.currentInterval.externalFailures == 4)
        #expect(endpoint.currentInterval.localOriginTotal == 0)
        // A connect success is ignored in default mode: it neither resets nor counts.
        #expect(!detector.record(.connectSuccess, endpointIndex: 0, now: self.now))
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 4)
        #expect(detector.snapshot().endpoints[0].currentInterval.externalTotal == 4)
        #expect(detector.record(.timeout, endpointIndex: 0, now: self.now))
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(recorder.events(.ejected).map(\.ejectionType) == [.consecutiveGatewayFailure, .consecutive5xx])
    }

    @Test func zeroThresholdDisablesADetector() {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.consecutive5xx = 0
        configuration.consecutiveGatewayFailure = 0
        let (detector, recorder) = OutlierFixture.detector(configuration)
        OutlierFixture.record(.status(503), times: 50, on: detector, endpoint: 0, at: self.now)
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(recorder.events.isEmpty)
        #expect(detector.snapshot().endpoints[0].currentInterval.externalFailures == 50)
    }

    /// The enforcement draw is `random % 100 < enforcing` on a SplitMix64 seeded from the generator
    /// given at creation: the sequence of enforced ejections is an exact function of the seed.
    @Test(arguments: [UInt64(7), 99, 12345])
    func enforcementDrawsFollowTheInjectedGenerator(seed: UInt64) {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.enforcingConsecutive5xx = 50
        configuration.consecutiveGatewayFailure = 0
        let (detector, recorder) = OutlierFixture.detector(configuration, endpoints: 40, seed: seed)
        for endpoint in 0..<40 {
            OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: endpoint, at: self.now)
        }
        var outer = SplitMix64(seed: seed)
        var draws = SplitMix64(seed: outer.next())
        let expected = (0..<40).map { _ in draws.next() % 100 < 50 }
        #expect(recorder.events(.ejected).map(\.enforced) == expected)
        #expect((0..<40).map { detector.isEjected(endpointIndex: $0) } == expected)
        #expect(expected.contains(true) && expected.contains(false))
    }
}
