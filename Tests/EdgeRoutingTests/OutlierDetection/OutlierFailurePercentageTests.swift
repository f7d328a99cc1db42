import EdgeRouting
import Testing

@Suite struct OutlierFailurePercentageTests {
    private static let configuration = OutlierFixture.configuration {
        $0.consecutive5xx = 0
        $0.consecutiveGatewayFailure = 0
        $0.enforcingFailurePercentage = 100
    }

    /// Endpoint 0 has `failures` of `total` failing; the four others are clean, with the same volume.
    private func detector(
        failures: Int,
        total: Int,
        configuration: OutlierDetectionConfiguration = Self.configuration,
        endpoints: Int = 5
    ) -> (DefaultOutlierDetector, OutlierEventRecorder) {
        let (detector, recorder) = OutlierFixture.detector(configuration, endpoints: endpoints)
        for endpoint in 0..<endpoints {
            let failing = endpoint == 0 ? failures : 0
            OutlierFixture.traffic(
                on: detector,
                endpoint: endpoint,
                successes: total - failing,
                failures: failing,
                at: .origin.advanced(by: .seconds(1))
            )
        }
        return (detector, recorder)
    }

    @Test func ejectsAt85Point7Percent() throws {
        let (detector, recorder) = self.detector(failures: 60, total: 70)
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(detector.isEjected(endpointIndex: 0))
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.ejectionType == .failurePercentage)
        #expect(abs(try #require(event.successRate) - 100.0 * 10 / 70) < 1e-9)
        #expect(event.successRateEjectionThreshold == nil)
        #expect(detector.snapshot().statistics.enforced(.failurePercentage) == 1)
    }

    @Test func keepsAt83Point3Percent() {
        let (detector, recorder) = self.detector(failures: 50, total: 60)
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(recorder.events.isEmpty)
    }

    @Test func exactlyAtTheThresholdEjects() {
        let (detector, _) = self.detector(failures: 85, total: 100)
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
    }

    @Test func belowTheRequestVolumeIsNotEvaluated() {
        let (detector, _) = self.detector(failures: 49, total: 49)
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
    }

    @Test func belowTheMinimumHostsIsNotEvaluated() {
        let (detector, _) = self.detector(failures: 60, total: 60, endpoints: 4)
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
    }

    @Test func detectedOnlyWithEnvoysDefaultEnforcement() {
        let configuration = OutlierFixture.configuration {
            $0.consecutive5xx = 0
            $0.consecutiveGatewayFailure = 0
        }
        let (detector, _) = self.detector(failures: 60, total: 60, configuration: configuration)
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
        let statistics = detector.snapshot().statistics
        #expect(statistics.detected(.failurePercentage) == 1)
        #expect(statistics.enforced(.failurePercentage) == 0)
    }

    @Test func anEndpointEjectedBySuccessRateIsNotEjectedAgain() {
        var configuration = Self.configuration
        configuration.successRateRequestVolume = 50
        let (detector, recorder) = self.detector(failures: 60, total: 70, configuration: configuration)
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(recorder.events(.ejected).map(\.ejectionType) == [.successRate])
        let statistics = detector.snapshot().statistics
        #expect(statistics.ejectionsActive == 1)
        #expect(statistics.detected(.failurePercentage) == 0)
    }

    @Test func failurePercentageDetectorEnforcesByDefault() {
        var random = SplitMix64(seed: 9)
        let detector = FailurePercentageDetector(endpoints: OutlierFixture.identities(5), now: .origin, random: &random)
        #expect(detector.configuration.enforcingFailurePercentage == 100)
        for endpoint in 0..<5 {
            let failures = endpoint == 0 ? 60 : 0
            OutlierFixture.traffic(
                on: detector,
                endpoint: endpoint,
                successes: 70 - failures,
                failures: failures,
                at: .origin
            )
        }
        #expect(!detector.isEjected(endpointIndex: 0))  // no consecutive detector
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(detector.isEjected(endpointIndex: 0))
    }
}
