#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Envoy's slow start for round robin and least request, as pure functions
/// (`EdfLoadBalancerBase::applySlowStartFactor` and `applyAggressionFactor`).
///
/// An endpoint in slow start has its load-balancing weight scaled by
///
/// ```
/// factor = max(minWeightPercent / 100, timeFactor ^ (1 / aggression))
/// timeFactor = max(elapsed, 1 ms) / window        (both in whole milliseconds, truncated)
/// ```
///
/// while `elapsed < window`, and 1 afterwards — to the bit as Envoy computes it in `double`, including
/// its shortcut (no `pow` when the aggression or the time factor is 1). `elapsed` counts from when the
/// endpoint joined the destination or last became healthy by its probes (Envoy's `last_hc_pass_time`).
///
/// ## How it plugs into the pickers
///
/// EdgeRouting's pickers build their state once per candidate list (``EndpointPicker/makeState(weights:shards:)``)
/// instead of asking for every endpoint's weight on each pick as Envoy's EDF scheduler does. Slow start
/// therefore enters through the weights: while any candidate of a list is in slow start, the router
/// builds the list with ``scaledWeight(_:elapsed:configuration:)`` for every candidate (the endpoint's
/// weight times its factor in whole per cents; candidates not in slow start get their weight times
/// 100), and builds it again at the next instant any of those scaled weights changes
/// (``nextChange(elapsed:configuration:)``). Round robin then follows an EDF cycle over the scaled
/// weights, and least request compares `active / scaledWeight`. When no candidate is in slow start the
/// list keeps its plain weights, so nothing changes for destinations without slow start.
///
/// The one difference from Envoy is that granularity: a weight moves in steps of 1 % of the endpoint's
/// weight, and at most once per millisecond, instead of continuously.
///
/// ```swift
/// let configuration = try SlowStartConfiguration(window: .seconds(60))
/// SlowStart.factor(elapsed: .seconds(30), configuration: configuration)  // 0.5
/// SlowStart.scaledWeight(1, elapsed: .seconds(3), configuration: configuration)  // 10 (the 10 % floor)
/// ```
public enum SlowStart {
    /// The factor by which ``scaledWeight(_:elapsed:configuration:)`` multiplies a full weight: 100,
    /// whole per cents.
    public static let weightScale: UInt32 = 100

    /// Envoy's slow-start factor for an endpoint `elapsed` into its slow start.
    ///
    /// - Parameters:
    ///   - elapsed: The time since the slow start began (truncated to whole milliseconds; a negative
    ///     value counts as 1 ms, as in Envoy).
    ///   - configuration: The window, aggression and minimum.
    /// - Returns: A factor in `(0, 1]`: 1 once `elapsed` reaches the window.
    public static func factor(elapsed: Duration, configuration: SlowStartConfiguration) -> Double {
        self.factor(elapsedMilliseconds: elapsed.nanosecondsClamped / 1_000_000, configuration: configuration)
    }

    /// Envoy's `applySlowStartFactor`: `weight × factor` while in slow start, `weight` otherwise.
    ///
    /// - Parameters:
    ///   - weight: The endpoint's weight (in least request, Envoy's weight already divided by its
    ///     active-request bias).
    ///   - elapsed: The time since the slow start began, or `nil` when the endpoint is not in slow
    ///     start (never became healthy by a probe and joined before slow start was configured).
    ///   - configuration: The window, aggression and minimum.
    /// - Returns: The weight to balance with.
    public static func weight(_ weight: Double, elapsed: Duration?, configuration: SlowStartConfiguration) -> Double {
        guard let elapsed else { return weight }
        let milliseconds = elapsed.nanosecondsClamped / 1_000_000
        guard milliseconds < configuration.windowMilliseconds else { return weight }
        return weight * self.factor(elapsedMilliseconds: milliseconds, configuration: configuration)
    }

    /// Whether an endpoint `elapsed` into its slow start is still in it.
    ///
    /// - Parameters:
    ///   - elapsed: The time since the slow start began, or `nil` for none.
    ///   - configuration: The window.
    public static func isInSlowStart(elapsed: Duration?, configuration: SlowStartConfiguration) -> Bool {
        guard let elapsed else { return false }
        return elapsed.nanosecondsClamped / 1_000_000 < configuration.windowMilliseconds
    }

    /// The whole-per-cent weight for the pickers: `weight × q`, where `q` is the factor in whole per
    /// cents (rounded down, at least 1), and 100 outside slow start. Saturates at `UInt32.max`.
    ///
    /// - Parameters:
    ///   - weight: The endpoint's weight.
    ///   - elapsed: The time since the slow start began, or `nil` for none.
    ///   - configuration: The window, aggression and minimum.
    /// - Returns: The scaled weight.
    public static func scaledWeight(
        _ weight: UInt32,
        elapsed: Duration?,
        configuration: SlowStartConfiguration
    ) -> UInt32 {
        let percent: UInt32
        if let elapsed {
            percent = self.quantizedFactor(
                elapsedMilliseconds: elapsed.nanosecondsClamped / 1_000_000,
                configuration: configuration
            )
        } else {
            percent = Self.weightScale
        }
        return UInt32(clamping: UInt64(weight) * UInt64(percent))
    }

    /// The elapsed time at which ``scaledWeight(_:elapsed:configuration:)`` next changes for an
    /// endpoint `elapsed` into its slow start: when the router must rebuild the candidate list.
    ///
    /// - Parameters:
    ///   - elapsed: The time since the slow start began.
    ///   - configuration: The window, aggression and minimum.
    /// - Returns: The next elapsed time (whole milliseconds, after `elapsed`, at most the window), or
    ///   `nil` when the weight will not change again.
    /// - Complexity: O(log window) evaluations of the curve.
    public static func nextChange(elapsed: Duration, configuration: SlowStartConfiguration) -> Duration? {
        let milliseconds = elapsed.nanosecondsClamped / 1_000_000
        let next = SlowStartCurve.nextIncrease(after: milliseconds, window: configuration.windowMilliseconds) {
            Int(self.quantizedFactor(elapsedMilliseconds: $0, configuration: configuration))
        }
        return next.map { .milliseconds($0) }
    }

    static func factor(elapsedMilliseconds: Int64, configuration: SlowStartConfiguration) -> Double {
        let window = configuration.windowMilliseconds
        guard elapsedMilliseconds < window, window > 0 else { return 1 }
        var aggression = configuration.aggression
        if !(aggression > 0) || aggression.isNaN {
            // Envoy logs an error and falls back to 1; a validated configuration never gets here.
            aggression = 1
        }
        let timeFactor = Double(max(1, elapsedMilliseconds)) / Double(window)
        let curve = aggression == 1.0 || timeFactor == 1.0 ? timeFactor : pow(timeFactor, 1.0 / aggression)
        // A floor set out of range after validation is clamped (NaN counts as no floor).
        let floor = configuration.minWeightPercent.isNaN ? 0 : min(max(configuration.minWeightPercent, 0), 100)
        return max(curve, floor / 100.0)
    }

    /// The factor in whole per cents, at least 1; 100 at and after the window.
    static func quantizedFactor(elapsedMilliseconds: Int64, configuration: SlowStartConfiguration) -> UInt32 {
        guard elapsedMilliseconds < configuration.windowMilliseconds else { return Self.weightScale }
        let factor = self.factor(elapsedMilliseconds: elapsedMilliseconds, configuration: configuration)
        return SlowStartCurve.wholeParts(factor, of: Self.weightScale)
    }
}

/// Helpers shared by slow start and gradual failback.
enum SlowStartCurve {
    /// `floor(fraction × scale)` in `1...scale`, with a tolerance of 10⁻⁹ so that a factor such as
    /// 0.29 (stored as 0.28999…) gives 29.
    static func wholeParts(_ fraction: Double, of scale: UInt32) -> UInt32 {
        let scaled = (fraction * Double(scale) + 1e-9).rounded(.down)
        guard !scaled.isNaN else { return 1 }
        return UInt32(min(max(scaled, 1), Double(scale)))
    }

    /// The first millisecond after `elapsed` (up to `window`) at which the monotone `value` exceeds its
    /// value at `elapsed`, or `nil` if it never does.
    static func nextIncrease(after elapsed: Int64, window: Int64, value: (Int64) -> Int) -> Int64? {
        guard elapsed < window else { return nil }
        let current = value(elapsed)
        guard value(window) > current else { return nil }
        // Binary search for the smallest m in (elapsed, window] with value(m) > current.
        var low = max(elapsed, -1)
        var high = window
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if value(middle) > current {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }
}
