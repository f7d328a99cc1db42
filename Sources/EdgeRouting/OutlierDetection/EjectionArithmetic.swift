/// The arithmetic of ejection, as pure functions, matching Envoy's `outlier_detection_impl.cc` to the
/// integer (durations in nanoseconds instead of Envoy's milliseconds).
enum EjectionArithmetic {
    /// The multiplier after one more ejection.
    ///
    /// Envoy (`DetectorImpl::ejectHost`) raises it only while `multiplier × base < max + base`, so it
    /// stops one step above the cap: with 30 s and 300 s it stops at 11, and one clean interval then
    /// brings it back to 10, which still ejects for the full 300 s.
    static func multiplierAfterEjection(_ multiplier: Int, base: Int64, max: Int64) -> Int {
        let product = Int128(multiplier) * Int128(base)
        return product < Int128(max) + Int128(base) ? multiplier &+ 1 : multiplier
    }

    /// How long an ejection with this multiplier lasts, in nanoseconds: `min(base × multiplier, max)`
    /// (Envoy's `checkHostForUneject`), without jitter.
    static func ejectionNanoseconds(multiplier: Int, base: Int64, max: Int64) -> Int64 {
        let product = Int128(Swift.max(0, multiplier)) * Int128(base)
        return Int64(Swift.min(product, Int128(max)))
    }

    /// Whether one more ejection is allowed.
    ///
    /// Envoy computes `100.0 × (active + 1) / total ≤ maxPercent` in `double`; the exact integer
    /// comparison below is equivalent for every count that fits in memory (with 3 endpoints and 33 %,
    /// both refuse: 33.3 > 33, where integer division would allow it). One ejection is always allowed
    /// when none is active and `alwaysEjectOne` is set (`always_eject_one_host`).
    static func ejectionAllowed(active: Int, total: Int, maxPercent: Int, alwaysEjectOne: Bool) -> Bool {
        if alwaysEjectOne && active == 0 { return true }
        guard total > 0 else { return false }
        return 100 * (Int128(active) + 1) <= Int128(maxPercent) * Int128(total)
    }

    /// A success rate in percent, as Envoy computes it: `successes × 100.0 / total`.
    static func successRate(successes: UInt64, total: UInt64) -> Double {
        Double(successes) * 100.0 / Double(total)
    }

    /// The mean and the ejection threshold `mean − factor / 1000 × stdev`, with the population standard
    /// deviation (Envoy's `successRateEjectionThreshold`): for 100, 100, 100, 100 and 50 the mean is 90,
    /// the deviation 20, and with 1900 the threshold is 52.
    static func successRateThreshold(rates: [Double], stdevFactor: Int) -> (mean: Double, threshold: Double) {
        var sum = 0.0
        for rate in rates { sum += rate }
        let count = Double(rates.count)
        let mean = sum / count
        var variance = 0.0
        for rate in rates { variance += (rate - mean) * (rate - mean) }
        variance /= count
        let factor = Double(stdevFactor) / 1000.0
        return (mean, mean - factor * variance.squareRoot())
    }

    /// Whether a success rate makes an outlier for failure percentage: `100 − rate ≥ threshold`.
    static func isFailurePercentageOutlier(successRate: Double, threshold: Int) -> Bool {
        100.0 - successRate >= Double(threshold)
    }

    /// Whether an endpoint out of ejection earns a multiplier decrement at `tick`: it must have been
    /// re-admitted at least one interval before (Envoy's `onIntervalTimer`).
    static func decays(at tick: MonotonicTime, lastReadmission: MonotonicTime?, interval: Int64) -> Bool {
        guard let readmission = lastReadmission else { return false }
        return readmission.duration(to: tick).nanosecondsClamped >= interval
    }

    /// How many of the `count` ticks `first`, `first + interval`, … earn a decrement for an endpoint
    /// re-admitted at `lastReadmission` (the ticks at least one interval after it).
    static func decrementingTicks(
        first: MonotonicTime,
        count: Int64,
        interval: Int64,
        lastReadmission: MonotonicTime?
    ) -> Int64 {
        guard let readmission = lastReadmission, count > 0 else { return 0 }
        // The first tick that earns one is the first at or after readmission + interval.
        let earliest = Int128(readmission.nanoseconds) + Int128(interval)
        let gap = earliest - Int128(first.nanoseconds)
        let skipped: Int128 = gap <= 0 ? 0 : (gap + Int128(interval) - 1) / Int128(interval)
        return Int64(Swift.max(0, Int128(count) - skipped))
    }

    /// `time + nanoseconds`, saturating.
    static func adding(_ nanoseconds: Int64, to time: MonotonicTime) -> MonotonicTime {
        time.advanced(by: .nanoseconds(nanoseconds))
    }
}
