import EdgeRouting
import Testing

@Suite struct OutlierNamedDetectorTests {
    @Test func noOpNeverEjects() {
        let detector = NoOpOutlierDetector(endpoints: OutlierFixture.identities(2))
        OutlierFixture.record(.status(500), times: 100, on: detector, endpoint: 0, at: .origin)
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(1000))))
        #expect(detector.nextDeadline == MonotonicTime(nanoseconds: .max))
        detector.setEndpoints(OutlierFixture.identities(3), now: .origin)
        #expect(detector.snapshot().endpoints.map(\.endpoint) == OutlierFixture.identities(3))
    }

    @Test func consecutiveFailureDetectorIgnoresIntervalStatistics() {
        var random = SplitMix64(seed: 4)
        let detector = ConsecutiveFailureDetector(
            endpoints: OutlierFixture.identities(5),
            now: .origin,
            random: &random
        )
        #expect(detector.algorithms == .consecutiveFailures)
        for endpoint in 0..<5 {
            // 50 % failures, never five in a row.
            for _ in 0..<100 {
                detector.record(.status(500), endpointIndex: endpoint, now: .origin)
                detector.record(.status(endpoint == 0 ? 500 : 200), endpointIndex: endpoint, now: .origin)
                if endpoint == 0 { detector.record(.status(200), endpointIndex: endpoint, now: .origin) }
            }
        }
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(detector.snapshot().statistics.detected(.successRate) == 0)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 1, at: .origin.advanced(by: .seconds(10)))
        #expect(detector.isEjected(endpointIndex: 1))
    }

    @Test func detectorsAreUsableThroughTheProtocol() {
        var random = SplitMix64(seed: 4)
        let detectors: [any OutlierDetector] = [
            DefaultOutlierDetector(endpoints: OutlierFixture.identities(1), now: .origin, random: &random),
            ConsecutiveFailureDetector(endpoints: OutlierFixture.identities(1), now: .origin, random: &random),
            SuccessRateDetector(endpoints: OutlierFixture.identities(1), now: .origin, random: &random),
            FailurePercentageDetector(endpoints: OutlierFixture.identities(1), now: .origin, random: &random),
            NoOpOutlierDetector(endpoints: OutlierFixture.identities(1)),
        ]
        let ejected = detectors.map { detector in
            OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: .origin)
            return detector.isEjected(endpointIndex: 0)
        }
        #expect(ejected == [true, true, false, false, false])
    }
}
