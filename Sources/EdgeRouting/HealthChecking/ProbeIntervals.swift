/// Envoy's choice of the wait before an endpoint's next probe, as pure functions
/// (`HealthCheckerImplBase::interval` and `intervalWithJitter`).
///
/// After each probe the next one is scheduled from the instant its result arrived. The base wait
/// depends on whether the probe passed, whether it moved the endpoint towards a change it has not
/// reached yet (a *pending* transition: the first of two failures, say), and whether the destination
/// has ever had traffic:
///
/// | destination | probe | pending | wait |
/// |---|---|---|---|
/// | had traffic | failed | no | ``HealthCheckConfiguration/unhealthyInterval`` |
/// | had traffic | failed | yes | ``HealthCheckConfiguration/unhealthyEdgeInterval`` |
/// | had traffic | passed | no | ``HealthCheckConfiguration/interval`` |
/// | had traffic | passed | yes | ``HealthCheckConfiguration/healthyEdgeInterval`` |
/// | no traffic yet | passed | no | ``HealthCheckConfiguration/noTrafficHealthyInterval`` |
/// | no traffic yet | otherwise | | ``HealthCheckConfiguration/noTrafficInterval`` |
///
/// "Failed" and "passed" describe the probe, not the endpoint: a failing probe of an endpoint that is
/// already unhealthy waits the unhealthy interval; a passing probe of an unhealthy endpoint that has not
/// reached the healthy threshold waits the healthy edge interval.
///
/// Jitter is then added as Envoy adds it — first a draw below `percent × wait / 100`, then a draw below
/// ``HealthCheckConfiguration/intervalJitter`` — and the result is never shorter than 1 ms. Envoy draws
/// whole milliseconds; these draws are whole nanoseconds, with the same bounds.
public enum ProbeIntervals {
    /// The shortest wait, as in Envoy (which forces a non-zero wait to prevent a live lock).
    public static let minimum = Duration.milliseconds(1)

    /// The wait before the next probe, without jitter.
    ///
    /// - Parameters:
    ///   - passed: Whether the probe passed.
    ///   - pending: Whether it moved the endpoint towards a threshold it has not reached.
    ///   - hasTraffic: Whether the destination has ever had traffic.
    ///   - configuration: The intervals.
    /// - Returns: The base wait.
    public static func baseWait(
        passed: Bool,
        pending: Bool,
        hasTraffic: Bool,
        configuration: HealthCheckConfiguration
    ) -> Duration {
        guard hasTraffic else {
            return passed && !pending
                ? configuration.effectiveNoTrafficHealthyInterval : configuration.effectiveNoTrafficInterval
        }
        if passed {
            return pending ? configuration.effectiveHealthyEdgeInterval : configuration.interval
        }
        return pending ? configuration.effectiveUnhealthyEdgeInterval : configuration.effectiveUnhealthyInterval
    }

    /// A wait with Envoy's jitter: `base + draw % (percent × base / 100) + draw % jitter`, each term
    /// only when its bound is positive, then at least ``minimum``. Saturates instead of overflowing.
    ///
    /// - Parameters:
    ///   - base: The wait without jitter.
    ///   - jitter: The absolute jitter bound (exclusive).
    ///   - percent: The jitter bound as a percentage of `base` (exclusive).
    ///   - random: The source of the draws (the percentage draw first, as in Envoy).
    /// - Returns: The wait.
    public static func withJitter(
        _ base: Duration,
        jitter: Duration,
        percent: Int,
        random: inout some RandomNumberGenerator
    ) -> Duration {
        let baseNanoseconds = UInt64(max(0, base.nanosecondsClamped))
        var total = baseNanoseconds
        let percentBound = UInt64(clamping: Int128(max(0, percent)) * Int128(baseNanoseconds) / 100)
        if percentBound > 0 {
            total = Self.adding(random.next() % percentBound, to: total)
        }
        let jitterBound = UInt64(max(0, jitter.nanosecondsClamped))
        if jitterBound > 0 {
            total = Self.adding(random.next() % jitterBound, to: total)
        }
        let nanoseconds = Int64(clamping: total)
        return max(Self.minimum, .nanoseconds(nanoseconds))
    }

    /// The wait before the next probe: ``baseWait(passed:pending:hasTraffic:configuration:)`` with the
    /// configuration's jitter.
    ///
    /// - Parameters:
    ///   - passed: Whether the probe passed.
    ///   - pending: Whether it moved the endpoint towards a threshold it has not reached.
    ///   - hasTraffic: Whether the destination has ever had traffic.
    ///   - configuration: The intervals and jitter.
    ///   - random: The source of the jitter draws.
    /// - Returns: The wait.
    public static func wait(
        passed: Bool,
        pending: Bool,
        hasTraffic: Bool,
        configuration: HealthCheckConfiguration,
        random: inout some RandomNumberGenerator
    ) -> Duration {
        let base = self.baseWait(passed: passed, pending: pending, hasTraffic: hasTraffic, configuration: configuration)
        return self.withJitter(
            base,
            jitter: configuration.intervalJitter,
            percent: configuration.intervalJitterPercent,
            random: &random
        )
    }

    /// The delay before the first probe of an endpoint that joins while every endpoint is probed:
    /// none without ``HealthCheckConfiguration/initialJitter``, otherwise Envoy's
    /// `intervalWithJitter(0, initial_jitter)` — a draw below the initial jitter, at least ``minimum``
    /// (the percentage jitter of a zero wait is zero).
    ///
    /// - Parameters:
    ///   - configuration: The initial jitter.
    ///   - random: The source of the draw.
    /// - Returns: The delay.
    public static func initialDelay(
        configuration: HealthCheckConfiguration,
        random: inout some RandomNumberGenerator
    ) -> Duration {
        guard configuration.initialJitter > .zero else { return .zero }
        return self.withJitter(.zero, jitter: configuration.initialJitter, percent: 0, random: &random)
    }

    /// The longest wait ``wait(passed:pending:hasTraffic:configuration:random:)`` can return for a
    /// base: the base plus both jitter bounds.
    static func longestWait(_ base: Duration, configuration: HealthCheckConfiguration) -> Duration {
        let baseNanoseconds = UInt64(max(0, base.nanosecondsClamped))
        let percentBound = UInt64(
            clamping: Int128(configuration.intervalJitterPercent) * Int128(baseNanoseconds) / 100
        )
        var total = Self.adding(percentBound, to: baseNanoseconds)
        total = Self.adding(UInt64(max(0, configuration.intervalJitter.nanosecondsClamped)), to: total)
        return max(Self.minimum, .nanoseconds(Int64(clamping: total)))
    }

    private static func adding(_ value: UInt64, to total: UInt64) -> UInt64 {
        let (sum, overflow) = total.addingReportingOverflow(value)
        return overflow ? .max : sum
    }
}
