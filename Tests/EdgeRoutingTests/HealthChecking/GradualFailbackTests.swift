import EdgeRouting
import Testing

@Suite struct GradualFailbackTests {
    static func failback(
        _ window: Duration = .seconds(10),
        _ aggression: Double = 1,
        _ minimum: Double = 10
    ) -> GradualFailback {
        GradualFailback(
            configuration: try! SlowStartConfiguration(
                window: window,
                aggression: aggression,
                minWeightPercent: minimum
            )
        )
    }

    /// The demo: cluster-1 (P0) down, everything on P1; P0 comes back at 30 s and ramps from 0.
    @Test(arguments: [
        (0.0, 1.0, 10.0, 10),  // the 10 % floor at once
        (1, 1, 10, 10),
        (3.999, 1, 10, 39),
        (4, 1, 10, 40),
        (5.5, 1, 10, 55),
        (9.999, 1, 10, 99),
        (10, 1, 10, 100),
        (0, 1, 0, 1),  // without a floor: at least 1 point
        (1, 1, 0, 10),
        (1, 2, 10, 31),  // aggression 2: sqrt(0.1) = 0.316…
        (4, 2, 10, 63),
    ])
    func aRecoveredTierRampsFromNothing(elapsed: Double, aggression: Double, minimum: Double, expected: Int) {
        var failback = Self.failback(.seconds(10), aggression, minimum)
        failback.update(availability: [0, 100], now: at(0))
        failback.update(availability: [100, 100], now: at(30))
        #expect(failback.cap(ofTier: 0, at: at(30 + elapsed)) == expected)
        #expect(failback.cap(ofTier: 1, at: at(30 + elapsed)) == 100)
        #expect(failback.isRamping(at: at(30 + elapsed)) == (expected < 100))
    }

    /// A partial recovery ramps from the availability in force: 70 → 100 climbs over the last 30 points.
    @Test func aPartialRecoveryRampsFromWhereItWas() {
        var failback = Self.failback()
        failback.update(availability: [70, 100], now: at(0))
        failback.update(availability: [100, 100], now: at(1))
        #expect(failback.cap(ofTier: 0, at: at(1)) == 73)
        #expect(failback.cap(ofTier: 0, at: at(5)) == 82)
        #expect(failback.cap(ofTier: 0, at: at(11)) == 100)
    }

    @Test func theFirstUpdateAndNewTiersTakeTheirAvailabilityAsItIs() {
        var failback = Self.failback()
        failback.update(availability: [100], now: at(0))
        #expect(failback.caps(at: at(0)) == .none)
        failback.update(availability: [100, 100], now: at(1))
        #expect(failback.caps(at: at(1)) == .none && !failback.isRamping(at: at(1)))
        failback.update(availability: [0], now: at(2))
        failback.update(availability: [100], now: at(3))
        #expect(failback.cap(ofTier: 0, at: at(3)) == 10 && failback.cap(ofTier: 1, at: at(3)) == 100)
    }

    /// Falls are never delayed, and a fall ends a ramp: the next rise ramps again from the bottom.
    @Test func fallsAreImmediateAndRestartTheRamp() {
        var failback = Self.failback()
        failback.update(availability: [0, 100], now: at(0))
        failback.update(availability: [100, 100], now: at(10))
        #expect(failback.cap(ofTier: 0, at: at(15)) == 50)
        failback.update(availability: [0, 100], now: at(15))
        #expect(failback.cap(ofTier: 0, at: at(15)) == 100)  // no cap: the availability itself is 0
        failback.update(availability: [100, 100], now: at(16))
        #expect(failback.cap(ofTier: 0, at: at(16)) == 10)
    }

    /// Further rises during a ramp keep the ramp going; updates that change nothing do not restart it.
    @Test func aRampIsNotRestartedByLaterUpdates() {
        var failback = Self.failback()
        failback.update(availability: [0, 100], now: at(0))
        failback.update(availability: [70, 100], now: at(10))
        failback.update(availability: [70, 100], now: at(13))
        #expect(failback.cap(ofTier: 0, at: at(13)) == 30)
        failback.update(availability: [100, 100], now: at(14))
        #expect(failback.cap(ofTier: 0, at: at(14)) == 40)
        // Once the cap passes the availability, the ramp has done its work.
        failback.update(availability: [70, 100], now: at(19))
        #expect(failback.caps(at: at(19)) == .none)
    }

    @Test func nextChangeIsWhenACapNextRises() {
        var failback = Self.failback()
        #expect(failback.nextChange(after: at(0)) == MonotonicTime(nanoseconds: .max))
        failback.update(availability: [0, 70, 100], now: at(0))
        failback.update(availability: [100, 100, 100], now: at(30))
        // Tier 0 rises from 10 to 11 at 31.1 s; tier 1 from 73 to 74 at 31.334 s (0.1334 × 30 = 4.002).
        #expect(failback.nextChange(after: at(30)) == at(31.1))
        #expect(failback.nextChange(after: at(31.1)) == at(31.2))
        #expect(failback.nextChange(after: at(31.3)) == at(31.334))
        #expect(failback.cap(ofTier: 1, at: at(31.334)) == 74 && failback.cap(ofTier: 1, at: at(31.333)) == 73)
        var single = Self.failback()
        single.update(availability: [0], now: at(0))
        single.update(availability: [100], now: at(30))
        #expect(single.nextChange(after: at(30)) == at(31.1))
        #expect(single.nextChange(after: at(31)) == at(31.1))
        #expect(single.nextChange(after: at(39.95)) == at(40))
        #expect(single.nextChange(after: at(40)) == MonotonicTime(nanoseconds: .max))
    }

    /// The caps in the form the priority-load computation reads.
    @Test func capsApplyToHealthyThenDegradedAvailability() {
        var caps = FailbackCaps.none
        #expect(caps.isEmpty && caps.cap(ofTier: 5) == 100 && caps.description == "no caps")
        caps.setCap(40, ofTier: 0)
        caps.setCap(140, ofTier: 1)
        caps.setCap(-3, ofTier: 2)
        caps.setCap(10, ofTier: 99)
        #expect(caps.cap(ofTier: 0) == 40 && caps.cap(ofTier: 1) == 100 && caps.cap(ofTier: 2) == 0)
        #expect(caps.cap(ofTier: 99) == 100)
        #expect(caps.description == "caps [40, 100, 0]")
        #expect(caps.apply(healthy: 100, degraded: 0, tier: 0) == (40, 0))
        #expect(caps.apply(healthy: 30, degraded: 50, tier: 0) == (30, 10))
        #expect(caps.apply(healthy: 70, degraded: 30, tier: 1) == (70, 30))
        #expect(caps.apply(healthy: 70, degraded: 30, tier: 2) == (0, 0))
    }

    /// The article's table: cluster-1's share each second after it is back, with a 10 s window.
    @Test(arguments: [
        (1.0, [10, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
        (2.0, [10, 31, 44, 54, 63, 70, 77, 83, 89, 94, 100]),
        (0.5, [10, 10, 10, 10, 16, 25, 36, 49, 64, 81, 100]),
    ])
    func theArticlesSharesPerSecond(aggression: Double, shares: [Int]) {
        var failback = Self.failback(.seconds(10), aggression)
        failback.update(availability: [0, 100], now: at(0))
        failback.update(availability: [100, 100], now: at(41))
        #expect((0...10).map { failback.cap(ofTier: 0, at: at(41 + Double($0))) } == shares)
    }
}
