import EdgeRouting
import Testing

@Suite struct OutlierEjectionCapTests {
    private let now = MonotonicTime.origin.advanced(by: .seconds(1))

    @Test func sixtyPercentOfTwoEjectsOneAndCountsAnOverflow() throws {
        let configuration = OutlierFixture.configuration { $0.maxEjectionPercent = 60 }
        let (detector, recorder) = OutlierFixture.detector(configuration, endpoints: 2)
        #expect(OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now))
        #expect(!OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 1, at: self.now))
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(!detector.isEjected(endpointIndex: 1))
        let statistics = detector.snapshot().statistics
        #expect(statistics.ejectionsOverflow == 1)
        #expect(statistics.ejectionsActive == 1)
        #expect(statistics.detected(.consecutive5xx) == 2)
        #expect(statistics.enforced(.consecutive5xx) == 1)
        let overflow = try #require(recorder.events(.ejectionOverflowed).first)
        #expect(overflow.endpoint == EndpointID(rawValue: 2))
        #expect(overflow.ejectionType == .consecutive5xx)
        #expect(!overflow.enforced)
        // The refused endpoint's counter was reset too.
        #expect(detector.snapshot().endpoints[1].consecutive5xx == 0)
        // Once the first is re-admitted, the second can go.
        detector.advance(to: self.now.advanced(by: .seconds(30)))
        #expect(
            OutlierFixture.record(
                .status(500),
                times: 5,
                on: detector,
                endpoint: 1,
                at: self.now.advanced(by: .seconds(30))
            )
        )
    }

    @Test func envoysDoubleArithmeticRefusesOneOfThreeAt33Percent() {
        let configuration = OutlierFixture.configuration {
            $0.maxEjectionPercent = 33
            $0.alwaysEjectOneEndpoint = false
        }
        let (detector, _) = OutlierFixture.detector(configuration, endpoints: 3)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(detector.snapshot().statistics.ejectionsOverflow == 1)
    }

    @Test func alwaysEjectOneOverridesAZeroCap() {
        let configuration = OutlierFixture.configuration { $0.maxEjectionPercent = 0 }
        let (detector, _) = OutlierFixture.detector(configuration, endpoints: 10)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 3, at: self.now)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 4, at: self.now)
        #expect(detector.isEjected(endpointIndex: 3))
        #expect(!detector.isEjected(endpointIndex: 4))
        #expect(detector.snapshot().statistics.ejectionsOverflow == 1)
    }

    @Test func envoysDefaultsWouldNeverEjectFromTwoEndpoints() {
        let configuration = OutlierFixture.configuration {
            $0.maxEjectionPercent = 10
            $0.alwaysEjectOneEndpoint = false
        }
        let (detector, _) = OutlierFixture.detector(configuration, endpoints: 2)
        OutlierFixture.record(.connectFailure, times: 5, on: detector, endpoint: 0, at: self.now)
        #expect(!detector.isEjected(endpointIndex: 0))
        // The gateway detection and the 5xx detection were both refused by the cap.
        #expect(detector.snapshot().statistics.ejectionsOverflow == 2)
    }

    @Test func theEdgeDefaultsEjectEveryEndpoint() {
        let (detector, _) = OutlierFixture.detector(endpoints: 2)
        OutlierFixture.record(.connectFailure, times: 5, on: detector, endpoint: 0, at: self.now)
        OutlierFixture.record(.connectFailure, times: 5, on: detector, endpoint: 1, at: self.now)
        #expect(detector.isEjected(endpointIndex: 0) && detector.isEjected(endpointIndex: 1))
        #expect(detector.snapshot().statistics.ejectionsActive == 2)
    }
}
