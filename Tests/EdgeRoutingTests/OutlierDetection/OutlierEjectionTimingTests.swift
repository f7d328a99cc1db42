import EdgeRouting
import Testing

@Suite struct OutlierEjectionTimingTests {
    private func eject(_ detector: DefaultOutlierDetector, _ endpoint: Int = 0, at now: MonotonicTime) -> MonotonicTime?
    {
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: endpoint, at: now)
        return OutlierFixture.ejectedUntil(detector, endpoint)
    }

    @Test func readmittedAtTheExactExpiryNotBefore() throws {
        let (detector, recorder) = OutlierFixture.detector()
        let ejectedAt = MonotonicTime.origin.advanced(by: .seconds(1))
        #expect(self.eject(detector, at: ejectedAt) == ejectedAt.advanced(by: .seconds(30)))
        let expiry = ejectedAt.advanced(by: .seconds(30))
        #expect(!detector.advance(to: expiry.advanced(by: .nanoseconds(-1))))
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(detector.nextDeadline == expiry)
        #expect(detector.advance(to: expiry))
        #expect(!detector.isEjected(endpointIndex: 0))
        let readmission = try #require(recorder.events(.readmitted).first)
        #expect(readmission.time == expiry)
        #expect(readmission.endpoint == EndpointID(rawValue: 1))
        #expect(detector.snapshot().endpoints[0].lastReadmission == expiry)
        #expect(detector.snapshot().statistics.ejectionsActive == 0)
    }

    @Test func recordNoticesTheExpiryLazilyAndReportsTheChange() throws {
        let (detector, recorder) = OutlierFixture.detector()
        _ = self.eject(detector, at: .origin.advanced(by: .seconds(1)))
        // Noticed late, at 45 s: the re-admission is still dated 31 s.
        #expect(detector.record(.status(200), endpointIndex: 0, now: .origin.advanced(by: .seconds(45))))
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(try #require(recorder.events(.readmitted).first).time == .origin.advanced(by: .seconds(31)))
        #expect(!detector.record(.status(200), endpointIndex: 0, now: .origin.advanced(by: .seconds(45))))
    }

    @Test func countersResetOnReadmission() {
        let (detector, _) = OutlierFixture.detector()
        _ = self.eject(detector, at: .origin.advanced(by: .seconds(1)))
        // Failures while ejected (in-flight attempts) keep counting, as in Envoy…
        OutlierFixture.record(.status(500), times: 3, on: detector, endpoint: 0, at: .origin.advanced(by: .seconds(2)))
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 3)
        detector.advance(to: .origin.advanced(by: .seconds(31)))
        // … and re-admission starts from zero.
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 0)
        OutlierFixture.record(.status(500), times: 4, on: detector, endpoint: 0, at: .origin.advanced(by: .seconds(31)))
        #expect(!detector.isEjected(endpointIndex: 0))
    }

    /// Base 10 s: back-to-back ejections last 10, 20 and 30 s; clean intervals then shorten the next.
    @Test func backToBackEjectionsGrowThenDecay() {
        let configuration = OutlierFixture.configuration { $0.baseEjectionTime = .seconds(10) }
        let (detector, _) = OutlierFixture.detector(configuration)
        var now = MonotonicTime.origin.advanced(by: .seconds(1))
        for (expectedDuration, expectedMultiplier) in [(10, 1), (20, 2), (30, 3)] {
            let until = self.eject(detector, at: now)
            #expect(until == now.advanced(by: .seconds(expectedDuration)))
            #expect(detector.snapshot().endpoints[0].multiplier == expectedMultiplier)
            now = until ?? now
            #expect(detector.advance(to: now))
        }
        // Re-admitted at 61 s with multiplier 3. Ticks at 70 (9 s after: no), 80 and 90 decrement.
        #expect(now == .origin.advanced(by: .seconds(61)))
        detector.advance(to: .origin.advanced(by: .seconds(70)))
        #expect(detector.snapshot().endpoints[0].multiplier == 3)
        detector.advance(to: .origin.advanced(by: .seconds(80)))
        #expect(detector.snapshot().endpoints[0].multiplier == 2)
        detector.advance(to: .origin.advanced(by: .seconds(95)))
        #expect(detector.snapshot().endpoints[0].multiplier == 1)
        // The next ejection lasts 2 × 10 s instead of 4 × 10 s.
        #expect(self.eject(detector, at: .origin.advanced(by: .seconds(95))) == .origin.advanced(by: .seconds(115)))
    }

    /// Base 30 s, max 300 s: 30, 60, …, 300, then 300 s for ever; the multiplier stops at 11.
    @Test func ejectionTimeIsCappedAtTheMaximum() {
        let (detector, _) = OutlierFixture.detector()
        var now = MonotonicTime.origin
        var durations: [Duration] = []
        for _ in 0..<13 {
            guard let until = self.eject(detector, at: now) else { break }
            durations.append(now.duration(to: until))
            now = until
            detector.advance(to: now)
        }
        let expected: [Duration] = (1...10).map { .seconds(30 * $0) } + [.seconds(300), .seconds(300), .seconds(300)]
        #expect(durations == expected)
        #expect(detector.snapshot().endpoints[0].multiplier == 11)
        // Re-admitted at 2550 s; the interval end at 2560 s takes it back to 10: still the full 300 s
        // (Envoy's one step of hysteresis).
        #expect(now == .origin.advanced(by: .seconds(2550)))
        let start = now.advanced(by: .seconds(15))
        detector.advance(to: start)
        #expect(detector.snapshot().endpoints[0].multiplier == 10)
        #expect(self.eject(detector, at: start) == start.advanced(by: .seconds(300)))
    }

    @Test func maxEjectionTimeDefaultsToTheBaseWhenLonger() throws {
        let configuration = try OutlierDetectionConfiguration(baseEjectionTime: .seconds(400))
        #expect(configuration.maxEjectionTime == .seconds(400))
        let (detector, _) = OutlierFixture.detector(configuration)
        #expect(self.eject(detector, at: .origin) == .origin.advanced(by: .seconds(400)))
        detector.advance(to: .origin.advanced(by: .seconds(400)))
        #expect(self.eject(detector, at: .origin.advanced(by: .seconds(400))) == .origin.advanced(by: .seconds(800)))
    }

    @Test func intervalsEndAtTheOriginPlusMultiplesOfTheInterval() {
        let origin = MonotonicTime.origin.advanced(by: .seconds(3))
        let (detector, _) = OutlierFixture.detector(now: origin)
        #expect(detector.nextDeadline == origin.advanced(by: .seconds(10)))
        #expect(!detector.advance(to: origin.advanced(by: .seconds(10) - .nanoseconds(1))))
        #expect(detector.nextDeadline == origin.advanced(by: .seconds(10)))
        detector.advance(to: origin.advanced(by: .seconds(10)))
        #expect(detector.nextDeadline == origin.advanced(by: .seconds(20)))
        // Noticed late: still aligned.
        detector.advance(to: origin.advanced(by: .seconds(47)))
        #expect(detector.nextDeadline == origin.advanced(by: .seconds(50)))
        #expect(detector.snapshot().nextIntervalEnd == origin.advanced(by: .seconds(50)))
    }

    @Test func deadlineIsTheEarlierOfExpiryAndIntervalEnd() {
        let configuration = OutlierFixture.configuration { $0.baseEjectionTime = .seconds(2) }
        let (detector, _) = OutlierFixture.detector(configuration)
        _ = self.eject(detector, at: .origin.advanced(by: .seconds(1)))
        #expect(detector.nextDeadline == .origin.advanced(by: .seconds(3)))
        detector.advance(to: .origin.advanced(by: .seconds(3)))
        #expect(detector.nextDeadline == .origin.advanced(by: .seconds(10)))
    }

    /// Decision: when several intervals passed while idle, each interval end applies its multiplier
    /// decay (and re-admissions happen at their own instants in between), but the buckets are swapped
    /// and evaluated once, at the first interval end: later ones hold no results, exactly as Envoy's
    /// timer would find them. The outcome equals advancing interval by interval.
    @Test(arguments: [UInt64(1), 2, 3])
    func idleIntervalsEqualStepByStep(seed: UInt64) {
        let configuration = OutlierFixture.configuration {
            $0.baseEjectionTime = .seconds(7)
            $0.interval = .seconds(3)
        }
        let (stepwise, stepwiseEvents) = OutlierFixture.detector(configuration, endpoints: 3, seed: seed)
        let (lazy, lazyEvents) = OutlierFixture.detector(configuration, endpoints: 3, seed: seed)
        // Endpoint 0 ejected three times, endpoint 1 once; endpoint 2 never.
        var now = MonotonicTime.origin.advanced(by: .milliseconds(500))
        for detector in [stepwise, lazy] {
            var time = now
            for _ in 0..<3 {
                let until = self.eject(detector, 0, at: time) ?? time
                detector.advance(to: until)
                time = until
            }
            _ = self.eject(detector, 1, at: time)
        }
        now = now.advanced(by: .seconds(7 + 14 + 21))
        let end = now.advanced(by: .seconds(200))
        var time = now
        while time < end {
            time = time.advanced(by: .milliseconds(700))
            stepwise.advance(to: time)
        }
        lazy.advance(to: time)
        let a = stepwise.snapshot()
        let b = lazy.snapshot()
        #expect(a == b)
        #expect(a.endpoints.allSatisfy { $0.multiplier == 0 && !$0.isEjected })
        #expect(stepwiseEvents.events == lazyEvents.events)
    }

    @Test func idleDecayStopsWhileEjectedAndResumesAfterReadmission() {
        let (stepwise, _) = OutlierFixture.detector()
        let (lazy, _) = OutlierFixture.detector()
        for detector in [stepwise, lazy] {
            // Multiplier 2, then ejected at 31 s for 60 s, until 91 s.
            _ = self.eject(detector, at: .origin.advanced(by: .seconds(1)))
            detector.advance(to: .origin.advanced(by: .seconds(31)))
            _ = self.eject(detector, at: .origin.advanced(by: .seconds(31)))
        }
        for second in stride(from: 32, through: 125, by: 1) {
            stepwise.advance(to: .origin.advanced(by: .seconds(Int64(second))))
        }
        lazy.advance(to: .origin.advanced(by: .seconds(125)))
        // Ticks 100 (9 s after 91: no), 110, 120: two decrements.
        #expect(lazy.snapshot().endpoints[0].multiplier == 0)
        #expect(lazy.snapshot() == stepwise.snapshot())
        #expect(lazy.snapshot().endpoints[0].lastReadmission == .origin.advanced(by: .seconds(91)))
    }

    @Test func jitterIsDrawnWhenConfigured() throws {
        let configuration = OutlierFixture.configuration { $0.maxEjectionTimeJitter = .seconds(5) }
        let (detector, _) = OutlierFixture.detector(configuration, seed: 11)
        let until = try #require(self.eject(detector, at: .origin))
        var outer = SplitMix64(seed: 11)
        var draws = SplitMix64(seed: outer.next())
        _ = draws.next()  // the enforcement draw
        let jitter = Int64(draws.next() % 5_000_000_001)
        #expect(until == .origin.advanced(by: .seconds(30) + .nanoseconds(jitter)))
        #expect(until < .origin.advanced(by: .seconds(35) + .nanoseconds(1)))
    }
}
