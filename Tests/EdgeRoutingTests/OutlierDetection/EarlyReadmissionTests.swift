import EdgeRouting
import Testing

/// `readmit(endpointIndex:now:)`: the early end of an ejection that the router asks for when an
/// ejected endpoint's probes pass.
@Suite struct EarlyReadmissionTests {
    private func ejectedDetector(recorder: OutlierEventRecorder) -> DefaultOutlierDetector {
        var random = SplitMix64(seed: 7)
        let detector = DefaultOutlierDetector(
            endpoints: OutlierFixture.identities(2),
            now: .origin,
            random: &random,
            observer: recorder.observer
        )
        for _ in 0..<5 {
            detector.record(.status(503), endpointIndex: 0, now: .origin + .seconds(1))
        }
        return detector
    }

    @Test func readmitsEarlyKeepsMultiplierAndResetsCounters() {
        let recorder = OutlierEventRecorder()
        let detector = self.ejectedDetector(recorder: recorder)
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(detector.readmit(endpointIndex: 0, now: .origin + .seconds(5)))
        #expect(!detector.isEjected(endpointIndex: 0))
        let state = detector.snapshot().endpoints[0]
        #expect(state.multiplier == 1)
        #expect(state.consecutive5xx == 0)
        #expect(state.lastReadmission == .origin + .seconds(5))
        #expect(detector.snapshot().statistics.ejectionsActive == 0)
        let readmitted = recorder.events(.readmitted)
        #expect(readmitted.count == 1)
        #expect(readmitted.first?.time == .origin + .seconds(5))
        // A second ejection doubles from the kept multiplier, as in Envoy.
        for _ in 0..<5 {
            detector.record(.status(503), endpointIndex: 0, now: .origin + .seconds(6))
        }
        #expect(detector.snapshot().endpoints[0].multiplier == 2)
    }

    @Test func ignoresEndpointsNotEjectedAndBadIndices() {
        let recorder = OutlierEventRecorder()
        let detector = self.ejectedDetector(recorder: recorder)
        #expect(!detector.readmit(endpointIndex: 1, now: .origin + .seconds(2)))
        #expect(!detector.readmit(endpointIndex: -1, now: .origin + .seconds(2)))
        #expect(!detector.readmit(endpointIndex: 99, now: .origin + .seconds(2)))
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(recorder.events(.readmitted).isEmpty)
    }

    @Test func protocolDefaultDoesNothing() {
        let detector: any OutlierDetector = NoOpOutlierDetector()
        #expect(!detector.readmit(endpointIndex: 0, now: .origin))
    }
}
