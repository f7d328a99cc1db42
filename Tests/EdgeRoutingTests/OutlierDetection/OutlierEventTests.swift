import EdgeRouting
import Synchronization
import Testing

@Suite struct OutlierEventTests {
    @Test func ejectionAndReadmissionEventsCarryTheirFields() throws {
        let (detector, recorder) = OutlierFixture.detector(endpoints: 2)
        let start = MonotonicTime.origin.advanced(by: .seconds(2))
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 1, at: start)
        detector.advance(to: start.advanced(by: .seconds(30)))
        let expected = [
            OutlierDetectionEvent(
                kind: .ejected,
                endpoint: EndpointID(rawValue: 2),
                time: start,
                ejectionType: .consecutive5xx,
                enforced: true,
                multiplier: 1,
                ejectedUntil: start.advanced(by: .seconds(30))
            ),
            OutlierDetectionEvent(
                kind: .readmitted,
                endpoint: EndpointID(rawValue: 2),
                time: start.advanced(by: .seconds(30)),
                multiplier: 1
            ),
        ]
        #expect(recorder.events == expected)
        #expect(
            expected[0].description
                == "ejected endpoint#2 at 2.0 seconds (consecutive_5xx, enforced, multiplier 1, until 32.0 seconds)"
        )
    }

    /// The observer runs after the lock is released: it may call back into the detector.
    @Test func observerMayCallBackIntoTheDetector() {
        final class Box: Sendable {
            let detector = Mutex<DefaultOutlierDetector?>(nil)
            let seen = Mutex<[Bool]>([])
        }
        let box = Box()
        var random = SplitMix64(seed: 1)
        let detector = DefaultOutlierDetector(
            endpoints: OutlierFixture.identities(2),
            now: .origin,
            random: &random
        ) { event in
            guard let detector = box.detector.withLock({ $0 }) else { return }
            let ejected = detector.snapshot().endpoints[0].isEjected
            detector.advance(to: event.time)
            box.seen.withLock { $0.append(ejected) }
        }
        box.detector.withLock { $0 = detector }
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: .origin)
        detector.advance(to: .origin.advanced(by: .seconds(30)))
        #expect(box.seen.withLock { $0 } == [true, false])
        box.detector.withLock { $0 = nil }
    }

    @Test func statisticsUseEnvoysNames() {
        let names = OutlierDetectionStatistics().counters.map(\.name)
        #expect(
            names == [
                "ejections_active", "ejections_overflow", "ejections_enforced_total",
                "ejections_detected_consecutive_5xx", "ejections_enforced_consecutive_5xx",
                "ejections_detected_consecutive_gateway_failure", "ejections_enforced_consecutive_gateway_failure",
                "ejections_detected_consecutive_local_origin_failure",
                "ejections_enforced_consecutive_local_origin_failure",
                "ejections_detected_success_rate", "ejections_enforced_success_rate",
                "ejections_detected_local_origin_success_rate", "ejections_enforced_local_origin_success_rate",
                "ejections_detected_failure_percentage", "ejections_enforced_failure_percentage",
                "ejections_detected_local_origin_failure_percentage",
                "ejections_enforced_local_origin_failure_percentage",
            ]
        )
        #expect(OutlierEjectionType.allTypes.map(\.description).last == "failure_percentage_local_origin")
    }

    @Test func statisticsAfterADrill() {
        let (detector, _) = OutlierFixture.detector(endpoints: 2)
        OutlierFixture.record(.connectFailure, times: 5, on: detector, endpoint: 0, at: .origin)
        let statistics = detector.snapshot().statistics
        #expect(statistics["ejections_active"] == 1)
        #expect(statistics["ejections_enforced_total"] == 1)
        #expect(statistics["ejections_enforced_consecutive_5xx"] == 1)
        #expect(statistics["ejections_detected_consecutive_gateway_failure"] == 1)
        #expect(statistics["ejections_enforced_consecutive_gateway_failure"] == 0)
        #expect(statistics["no_such_counter"] == nil)
    }
}
