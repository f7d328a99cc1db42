import EdgeRouting
import Testing

/// The guide's drill, as the DocC article tells it: cluster-1's ingress gateway is scaled to 0 at 12 s.
@Suite struct OutlierGuideDrillTests {
    private let ingress1 = EndpointID(rawValue: 1)
    private let ingress2 = EndpointID(rawValue: 2)

    private func seconds(_ value: Double) -> MonotonicTime {
        .origin.advanced(by: .milliseconds(Int64((value * 1000).rounded())))
    }

    private func drill(recoversBy recovery: Double) -> (DefaultOutlierDetector, OutlierEventRecorder) {
        let recorder = OutlierEventRecorder()
        var random = SplitMix64(seed: 2024)
        let detector = DefaultOutlierDetector(
            endpoints: [self.ingress1, self.ingress2],
            now: .origin,
            random: &random,
            observer: recorder.observer
        )
        // Healthy traffic to cluster-1 until 12 s.
        for tenth in 0..<120 {
            detector.record(.status(200), endpointIndex: 0, now: self.seconds(Double(tenth) / 10))
        }
        // Scaled to 0: five connect failures, 100 ms apart; the fifth ejects cluster-1's ingress.
        for attempt in 0..<5 {
            let changed = detector.record(
                .connectFailure,
                endpointIndex: 0,
                now: self.seconds(12 + Double(attempt) / 10)
            )
            #expect(changed == (attempt == 4))
        }
        #expect(detector.isEjected(endpointIndex: 0))
        // Traffic fails over to cluster-2 (the router's doing) while cluster-1 is out.
        var time = 12.5
        while time < 42.4 {
            #expect(!detector.record(.status(200), endpointIndex: 1, now: self.seconds(time)))
            time += 0.5
        }
        // Re-admitted at exactly 42.4 s; the next attempt at cluster-1 tells whether it recovered.
        #expect(detector.advance(to: self.seconds(42.4)))
        #expect(!detector.isEjected(endpointIndex: 0))
        let result: OutlierResult = recovery <= 42.4 ? .status(200) : .connectFailure
        for attempt in 0..<5 {
            detector.record(result, endpointIndex: 0, now: self.seconds(42.4 + Double(attempt) / 10))
        }
        return (detector, recorder)
    }

    @Test func recoveredIngressStaysBack() {
        let (detector, recorder) = self.drill(recoversBy: 30)
        #expect(!detector.isEjected(endpointIndex: 0))
        let kinds = recorder.events.map { "\($0.kind) \($0.ejectionType.map(\.description) ?? "")" }
        #expect(kinds == ["ejected consecutive_gateway_failure", "ejected consecutive_5xx", "readmitted "])
        let ejection = recorder.events(.ejected)[1]
        #expect(ejection.time == self.seconds(12.4))
        #expect(ejection.ejectedUntil == self.seconds(42.4))
        // The multiplier decays at the first interval end at least 10 s after the re-admission: 60 s.
        detector.advance(to: self.seconds(59.9))
        #expect(detector.snapshot().endpoints[0].multiplier == 1)
        detector.advance(to: self.seconds(60))
        #expect(detector.snapshot().endpoints[0].multiplier == 0)
    }

    @Test func stillBrokenIngressIsEjectedForSixtySeconds() {
        let (detector, recorder) = self.drill(recoversBy: 1000)
        #expect(detector.isEjected(endpointIndex: 0))
        let second = recorder.events(.ejected).filter(\.enforced)[1]
        #expect(second.multiplier == 2)
        #expect(second.time == self.seconds(42.8))
        #expect(second.ejectedUntil == self.seconds(102.8))
        let statistics = detector.snapshot().statistics
        #expect(statistics["ejections_enforced_consecutive_5xx"] == 2)
        #expect(statistics["ejections_detected_consecutive_gateway_failure"] == 2)
        #expect(statistics["ejections_enforced_total"] == 2)
    }
}
