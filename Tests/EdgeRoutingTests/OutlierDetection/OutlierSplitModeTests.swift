import EdgeRouting
import Testing

@Suite struct OutlierSplitModeTests {
    private static let configuration = OutlierFixture.configuration { $0.splitExternalLocalOriginErrors = true }
    private let now = MonotonicTime.origin.advanced(by: .seconds(1))

    @Test func localOriginFailuresHaveTheirOwnDetector() throws {
        let (detector, recorder) = OutlierFixture.detector(Self.configuration)
        let results: [OutlierResult] = [.connectFailure, .timeout, .reset, .connectFailure]
        for result in results {
            #expect(!detector.record(result, endpointIndex: 0, now: self.now))
        }
        let endpoint = detector.snapshot().endpoints[0]
        #expect(endpoint.consecutiveLocalOriginFailure == 4)
        #expect(endpoint.consecutive5xx == 0)
        #expect(endpoint.consecutiveGatewayFailure == 0)
        #expect(endpoint.currentInterval == OutlierRequestCounts(localOriginFailures: 4))
        #expect(detector.record(.connectFailure, endpointIndex: 0, now: self.now))
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.ejectionType == .consecutiveLocalOriginFailure)
        #expect(detector.snapshot().statistics.enforced(.consecutiveLocalOriginFailure) == 1)
    }

    @Test func onlyAConnectSuccessResetsTheLocalOriginCounter() {
        let (detector, _) = OutlierFixture.detector(Self.configuration)
        OutlierFixture.record(.connectFailure, times: 4, on: detector, endpoint: 0, at: self.now)
        detector.record(.status(200), endpointIndex: 0, now: self.now)
        detector.record(.status(500), endpointIndex: 0, now: self.now)
        #expect(detector.snapshot().endpoints[0].consecutiveLocalOriginFailure == 4)
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 1)
        detector.record(.connectSuccess, endpointIndex: 0, now: self.now)
        let endpoint = detector.snapshot().endpoints[0]
        #expect(endpoint.consecutiveLocalOriginFailure == 0)
        // A status feeds only the external counters, and a connect success only the local-origin ones.
        #expect(endpoint.consecutive5xx == 1)
        #expect(
            endpoint.currentInterval
                == OutlierRequestCounts(
                    externalSuccesses: 1,
                    externalFailures: 1,
                    localOriginSuccesses: 1,
                    localOriginFailures: 4
                )
        )
    }

    @Test func statusesStillEjectByConsecutive5xx() {
        let (detector, recorder) = OutlierFixture.detector(Self.configuration)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(recorder.events(.ejected).map(\.ejectionType) == [.consecutive5xx])
    }

    @Test func localOriginSuccessRate() throws {
        var configuration = Self.configuration
        configuration.consecutiveLocalOriginFailure = 0
        let (detector, recorder) = OutlierFixture.detector(configuration, endpoints: 5)
        for endpoint in 0..<5 {
            let failures = endpoint == 1 ? 100 : 0
            OutlierFixture.record(
                .connectSuccess,
                times: 200 - failures,
                on: detector,
                endpoint: endpoint,
                at: self.now
            )
            OutlierFixture.record(.timeout, times: failures, on: detector, endpoint: endpoint, at: self.now)
        }
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(detector.isEjected(endpointIndex: 1))
        let event = try #require(recorder.events(.ejected).first)
        #expect(event.ejectionType == .successRateLocalOrigin)
        let snapshot = detector.snapshot()
        #expect(snapshot.localOriginSuccessRateAverage == 90)
        #expect(snapshot.successRateAverage == nil)
        #expect(snapshot.endpoints[1].localOriginSuccessRate == 50)
        #expect(snapshot.statistics["ejections_enforced_local_origin_success_rate"] == 1)
    }

    @Test func localOriginFailurePercentage() throws {
        var configuration = Self.configuration
        configuration.consecutiveLocalOriginFailure = 0
        configuration.enforcingFailurePercentageLocalOrigin = 100
        configuration.enforcingLocalOriginSuccessRate = 0
        let (detector, recorder) = OutlierFixture.detector(configuration, endpoints: 5)
        for endpoint in 0..<5 {
            let failures = endpoint == 3 ? 60 : 0
            OutlierFixture.record(.connectSuccess, times: 70 - failures, on: detector, endpoint: endpoint, at: self.now)
            OutlierFixture.record(.connectFailure, times: failures, on: detector, endpoint: endpoint, at: self.now)
        }
        #expect(detector.advance(to: .origin.advanced(by: .seconds(10))))
        #expect(detector.isEjected(endpointIndex: 3))
        #expect(recorder.events(.ejected).map(\.ejectionType) == [.failurePercentageLocalOrigin])
        #expect(detector.snapshot().statistics["ejections_enforced_local_origin_failure_percentage"] == 1)
    }
}
