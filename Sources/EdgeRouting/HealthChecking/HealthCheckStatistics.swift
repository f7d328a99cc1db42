/// A health checker's counters, after Envoy's `health_check.*` statistics.
public struct HealthCheckStatistics: Hashable, Sendable {
    /// Probes handed out (Envoy's `attempt`).
    public var attempts: UInt64
    /// Probes that passed (`success`).
    public var successes: UInt64
    /// Probes that failed, for any reason (`failure`).
    public var failures: UInt64
    /// Failed probes that were network failures: connect failures, resets and timeouts
    /// (`network_failure`).
    public var networkFailures: UInt64
    /// Probes handed out whose result never came: no result within twice the timeout. They count
    /// neither as a pass nor as a failure (Envoy's probes cannot go missing).
    public var lost: UInt64
    /// Results that matched no probe in flight (late, duplicated, or for a removed endpoint) and
    /// were ignored.
    public var ignored: UInt64

    /// Creates counters.
    ///
    /// - Parameters:
    ///   - attempts: Probes handed out.
    ///   - successes: Probes that passed.
    ///   - failures: Probes that failed.
    ///   - networkFailures: Failed probes that were network failures.
    ///   - lost: Probes whose result never came.
    ///   - ignored: Results that matched no probe in flight.
    public init(
        attempts: UInt64 = 0,
        successes: UInt64 = 0,
        failures: UInt64 = 0,
        networkFailures: UInt64 = 0,
        lost: UInt64 = 0,
        ignored: UInt64 = 0
    ) {
        self.attempts = attempts
        self.successes = successes
        self.failures = failures
        self.networkFailures = networkFailures
        self.lost = lost
        self.ignored = ignored
    }
}
