import Testing

@testable import EdgeRouting

@Suite struct OutlierEjectionArithmeticTests {
    private static let second: Int64 = 1_000_000_000

    /// Envoy raises the multiplier while `multiplier × base < max + base`.
    @Test(arguments: [
        (0, 30, 300, 1), (1, 30, 300, 2), (9, 30, 300, 10), (10, 30, 300, 11), (11, 30, 300, 11),
        (0, 10, 10, 1), (1, 10, 10, 2), (2, 10, 10, 2), (3, 10, 25, 4), (4, 10, 25, 4),
    ])
    func multiplierIncrement(current: Int, base: Int64, max: Int64, expected: Int) {
        let result = EjectionArithmetic.multiplierAfterEjection(
            current,
            base: base * Self.second,
            max: max * Self.second
        )
        #expect(result == expected)
    }

    @Test(arguments: [
        (1, 30, 300, 30), (2, 30, 300, 60), (10, 30, 300, 300), (11, 30, 300, 300), (0, 30, 300, 0),
        (3, 10, 25, 25),
    ])
    func ejectionDuration(multiplier: Int, base: Int64, max: Int64, expected: Int64) {
        let result = EjectionArithmetic.ejectionNanoseconds(
            multiplier: multiplier,
            base: base * Self.second,
            max: max * Self.second
        )
        #expect(result == expected * Self.second)
    }

    @Test func ejectionDurationSaturates() {
        let result = EjectionArithmetic.ejectionNanoseconds(multiplier: .max, base: .max, max: .max)
        #expect(result == .max)
        #expect(EjectionArithmetic.multiplierAfterEjection(5, base: .max, max: .max) == 5)
    }

    /// `100 × (active + 1) / total ≤ maxPercent`, as Envoy's double arithmetic decides it.
    @Test(arguments: [
        (0, 2, 60, false, true), (1, 2, 60, false, false), (0, 2, 50, false, true), (1, 2, 100, false, true),
        (0, 3, 33, false, false), (0, 3, 34, false, true), (0, 1, 0, true, true), (1, 5, 0, true, false),
        (0, 10, 10, false, true), (1, 10, 10, false, false), (0, 0, 100, false, false), (0, 0, 100, true, true),
        (2, 3, 100, false, true), (3, 3, 100, false, false),
    ])
    func ejectionCap(active: Int, total: Int, percent: Int, alwaysOne: Bool, expected: Bool) {
        let allowed = EjectionArithmetic.ejectionAllowed(
            active: active,
            total: total,
            maxPercent: percent,
            alwaysEjectOne: alwaysOne
        )
        #expect(allowed == expected)
    }

    @Test func successRateThresholdOfEnvoysExample() {
        let (mean, threshold) = EjectionArithmetic.successRateThreshold(
            rates: [50, 100, 100, 100, 100],
            stdevFactor: 1900
        )
        #expect(mean == 90)
        #expect(abs(threshold - 52) < 1e-9)
    }

    @Test func successRateThresholdOfEqualRates() {
        let (mean, threshold) = EjectionArithmetic.successRateThreshold(rates: [80, 80, 80], stdevFactor: 1900)
        #expect(mean == 80)
        #expect(threshold == 80)
    }

    @Test(arguments: [
        (UInt64(10), UInt64(70), 85, true), (10, 60, 85, false), (15, 100, 85, true), (16, 100, 85, false),
    ])
    func failurePercentage(successes: UInt64, total: UInt64, threshold: Int, expected: Bool) {
        let rate = EjectionArithmetic.successRate(successes: successes, total: total)
        #expect(EjectionArithmetic.isFailurePercentageOutlier(successRate: rate, threshold: threshold) == expected)
    }

    /// Ticks at 10, 20, 30, … earn a decrement once they are an interval after the re-admission.
    @Test(arguments: [
        (Int64(10), Int64(5), Int64(61), Int64(0)),  // 10…50: none; the first earning tick is 71
        (80, 3, 61, 3),  // 80, 90, 100
        (70, 3, 61, 2),  // 70 is only 9 s after 61
        (70, 1, 60, 1),  // exactly one interval
        (70, 0, 0, 0),
    ])
    func decrementingTicks(first: Int64, count: Int64, readmission: Int64, expected: Int64) {
        let ticks = EjectionArithmetic.decrementingTicks(
            first: MonotonicTime(nanoseconds: first * Self.second),
            count: count,
            interval: 10 * Self.second,
            lastReadmission: MonotonicTime(nanoseconds: readmission * Self.second)
        )
        #expect(ticks == expected)
    }

    @Test func neverReadmittedNeverDecays() {
        #expect(
            EjectionArithmetic.decrementingTicks(first: .origin, count: 100, interval: 1, lastReadmission: nil) == 0
        )
        #expect(!EjectionArithmetic.decays(at: .origin, lastReadmission: nil, interval: 1))
    }
}
