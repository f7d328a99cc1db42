import EdgeRouting
import Testing

@Suite struct OutlierSuccessRateTests {
    /// Only the success-rate detector matters here; consecutive 500s must not eject on their own.
    private static let configuration = OutlierFixture.configuration {
        $0.consecutive5xx = 0
        $0.consecutiveGatewayFailure = 0
    }

    private func fill(_ detector: some OutlierDetector, successes: [Int], total: Int, at now: MonotonicTime) {
        for (endpoint, count) in successes.enumerated() {
            OutlierFixture.traffic(on: detector, endpoint: endpoint, successes: count, failures: total - count, at: now)
        }
    }

    /// Four endpoints at 100 %, one at 50 %, 200 requests each: mean 90, stdev 20, threshold 52.
    @Test func ejectsTheEndpointBelowMeanMinusStdevTimesFactor() throws {
        let (detector, recorder) = OutlierFixture.detector(Self.configuration, endpoints: 5)
        self.fill(detector, successes: [200, 200, 100, 200, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10) - .nanoseconds(1))))
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect((0..<5).map { detector.isEjected(endpointIndex: $0) } == [false, false, true, false, false])
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.ejectionType == .successRate)
        #expect(event.time == .origin.advanced(by: .seconds(10)))
        #expect(event.ejectedUntil == .origin.advanced(by: .seconds(40)))
        #expect(event.successRate == 50)
        #expect(event.successRateAverage == 90)
        #expect(abs(try #require(event.successRateEjectionThreshold) - 52) < 1e-9)
        let snapshot = detector.snapshot()
        #expect(snapshot.successRateAverage == 90)
        #expect(snapshot.statistics.detected(.successRate) == 1)
        #expect(snapshot.statistics.enforced(.successRate) == 1)
        #expect(snapshot.endpoints[2].successRate == 50)
        #expect(snapshot.endpoints[0].successRate == 100)
        #expect(
            snapshot.endpoints[2].lastInterval == OutlierRequestCounts(externalSuccesses: 100, externalFailures: 100)
        )
    }

    /// The embedder needs no timer: the first result recorded after the interval boundary runs the
    /// interval's work (bucket swap and success-rate detection) before it is counted.
    @Test func theFirstResultAfterTheIntervalRunsTheDetection() throws {
        let (detector, recorder) = OutlierFixture.detector(Self.configuration, endpoints: 5)
        self.fill(detector, successes: [200, 200, 100, 200, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        #expect(!detector.record(.status(200), endpointIndex: 0, now: .origin.advanced(by: .seconds(9))))
        #expect(recorder.events.isEmpty)
        #expect(detector.record(.status(200), endpointIndex: 0, now: .origin.advanced(by: .seconds(10))))
        #expect((0..<5).map { detector.isEjected(endpointIndex: $0) } == [false, false, true, false, false])
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.ejectionType == .successRate)
        #expect(event.time == .origin.advanced(by: .seconds(10)))
        let snapshot = detector.snapshot()
        #expect(
            snapshot.endpoints[2].lastInterval == OutlierRequestCounts(externalSuccesses: 100, externalFailures: 100)
        )
        // The result at 9 s belongs to the finished interval, the one at 10 s to the new one.
        #expect(
            snapshot.endpoints[0].lastInterval == OutlierRequestCounts(externalSuccesses: 201, externalFailures: 0)
        )
    }

    @Test func noEjectionWhenOnlyFourEndpointsHaveTheVolume() {
        let (detector, recorder) = OutlierFixture.detector(Self.configuration, endpoints: 5)
        self.fill(detector, successes: [200, 200, 100, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        OutlierFixture.traffic(
            on: detector,
            endpoint: 4,
            successes: 99,
            failures: 0,
            at: .origin.advanced(by: .seconds(1))
        )
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(recorder.events.isEmpty)
        let snapshot = detector.snapshot()
        #expect(snapshot.successRateAverage == nil)
        #expect(snapshot.statistics.detected(.successRate) == 0)
        // Envoy records an endpoint's rate from min(successRateRequestVolume, failurePercentageRequestVolume)
        // requests on, so 99 requests show a rate without taking part in success-rate detection.
        #expect(snapshot.endpoints[4].successRate == 100)
        #expect(snapshot.endpoints[2].successRate == 50)
    }

    @Test func detectionWithoutEnforcement() {
        var configuration = Self.configuration
        configuration.enforcingSuccessRate = 0
        let (detector, recorder) = OutlierFixture.detector(configuration, endpoints: 5)
        self.fill(detector, successes: [200, 200, 100, 200, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(!detector.isEjected(endpointIndex: 2))
        let statistics = detector.snapshot().statistics
        #expect(statistics.detected(.successRate) == 1)
        #expect(statistics.enforced(.successRate) == 0)
        #expect(recorder.events(.ejected).map(\.enforced) == [false])
    }

    @Test func evaluatesOnlyTheLastCompleteInterval() {
        let (detector, _) = OutlierFixture.detector(Self.configuration, endpoints: 5)
        // Interval 1 is clean; interval 2 has the bad endpoint; it is evaluated at 20 s, not 10 s.
        self.fill(detector, successes: [200, 200, 200, 200, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        #expect(!detector.advance(to: .origin.advanced(by: .seconds(10))))
        self.fill(detector, successes: [200, 200, 100, 200, 200], total: 200, at: .origin.advanced(by: .seconds(11)))
        #expect(!detector.isEjected(endpointIndex: 2))
        #expect(detector.advance(to: .origin.advanced(by: .seconds(20))))
        #expect(detector.isEjected(endpointIndex: 2))
    }

    @Test func idleIntervalsEvaluateTheDataOnce() throws {
        let (detector, recorder) = OutlierFixture.detector(Self.configuration, endpoints: 5)
        self.fill(detector, successes: [200, 200, 100, 200, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        // Noticed at 35 s: the ejection is dated at the first interval end, 10 s, and ends at 40 s.
        #expect(detector.advance(to: .origin.advanced(by: .seconds(35))))
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.time == .origin.advanced(by: .seconds(10)))
        #expect(event.ejectedUntil == .origin.advanced(by: .seconds(40)))
        let snapshot = detector.snapshot()
        #expect(snapshot.statistics.detected(.successRate) == 1)
        // The intervals ending at 20 and 30 s had no results.
        #expect(snapshot.endpoints.allSatisfy { $0.lastInterval == OutlierRequestCounts() })
        #expect(snapshot.successRateAverage == nil)
    }

    @Test func ejectedEndpointsAreNotEvaluatedButCountTowardsMinimumHosts() {
        var configuration = Self.configuration
        configuration.consecutive5xx = 5
        configuration.successRateMinimumHosts = 4
        let (detector, _) = OutlierFixture.detector(configuration, endpoints: 5)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 4, at: .origin.advanced(by: .seconds(1)))
        #expect(detector.isEjected(endpointIndex: 4))
        // Attempts in flight when it was ejected still fail; they must not drag the mean down.
        OutlierFixture.record(
            .status(500),
            times: 200,
            on: detector,
            endpoint: 4,
            at: .origin.advanced(by: .seconds(1))
        )
        self.fill(detector, successes: [200, 200, 100, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        // Four qualifying endpoints, threshold over 100, 100, 50, 100: mean 87.5, stdev 21.65, 46.4.
        detector.advance(to: .origin.advanced(by: .seconds(10)))
        #expect(!detector.isEjected(endpointIndex: 2))
        #expect(detector.snapshot().successRateAverage == 87.5)
    }

    @Test func successRateDetectorRunsOnlySuccessRate() {
        var random = SplitMix64(seed: 5)
        let detector = SuccessRateDetector(endpoints: OutlierFixture.identities(5), now: .origin, random: &random)
        #expect(detector.algorithms == .successRate)
        OutlierFixture.record(.status(500), times: 20, on: detector, endpoint: 0, at: .origin)
        #expect(!detector.isEjected(endpointIndex: 0))
        self.fill(detector, successes: [200, 200, 100, 200, 200], total: 200, at: .origin.advanced(by: .seconds(1)))
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(detector.isEjected(endpointIndex: 2))
        #expect(detector.snapshot().statistics.detected(.failurePercentage) == 0)
    }
}
