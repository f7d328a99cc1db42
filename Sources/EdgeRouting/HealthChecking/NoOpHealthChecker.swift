/// A ``HealthChecker`` that never probes: every endpoint's probe health is ``ProbeHealth/unknown``,
/// so outlier detection alone decides, exactly as without health checking.
///
/// Its ``configuration`` has the scope ``HealthCheckScope/off``.
public struct NoOpHealthChecker<Endpoint: Hashable & Sendable>: HealthChecker {
    private var endpoints: [Endpoint]

    /// Creates a checker.
    ///
    /// - Parameter endpoints: The destination's endpoints, in index order.
    public init(endpoints: [Endpoint] = []) {
        self.endpoints = endpoints
    }

    /// The defaults with the scope ``HealthCheckScope/off``.
    public var configuration: HealthCheckConfiguration {
        var configuration = HealthCheckConfiguration.defaults
        configuration.scope = .off
        return configuration
    }

    /// Keeps the list, for the snapshot.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints.
    ///   - now: Unused.
    ///   - random: Unused.
    public mutating func setEndpoints(
        _ endpoints: [Endpoint],
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) {
        self.endpoints = endpoints
    }

    /// Does nothing.
    ///
    /// - Parameter hasTraffic: Unused.
    public mutating func setHasTraffic(_ hasTraffic: Bool) {}

    /// Does nothing.
    ///
    /// - Parameters:
    ///   - endpointIndex: Unused.
    ///   - now: Unused.
    ///   - random: Unused.
    public mutating func endpointEjected(
        _ endpointIndex: Int,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) {}

    /// Does nothing.
    ///
    /// - Parameters:
    ///   - endpointIndex: Unused.
    ///   - now: Unused.
    public mutating func endpointReadmitted(_ endpointIndex: Int, now: MonotonicTime) {}

    /// Never: nothing is ever due.
    public var nextDeadline: MonotonicTime {
        MonotonicTime(nanoseconds: .max)
    }

    /// Does nothing.
    ///
    /// - Parameter now: Unused.
    /// - Returns: `false`.
    public mutating func advance(to now: MonotonicTime) -> Bool {
        false
    }

    /// Hands out nothing.
    ///
    /// - Parameters:
    ///   - now: Unused.
    ///   - probes: Left as it is.
    public mutating func collectDueProbes(now: MonotonicTime, into probes: inout [ProbeRequest<Endpoint>]) {}

    /// Ignores the result: no probe is ever in flight.
    ///
    /// - Parameters:
    ///   - result: Unused.
    ///   - probe: Unused.
    ///   - now: Unused.
    ///   - random: Unused.
    /// - Returns: `nil`.
    public mutating func record(
        _ result: ProbeResult,
        for probe: ProbeRequest<Endpoint>,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) -> HealthCheckUpdate? {
        nil
    }

    /// ``ProbeHealth/unknown``, always.
    ///
    /// - Parameter endpointIndex: Unused.
    public func health(endpointIndex: Int) -> ProbeHealth {
        .unknown
    }

    /// `nil`, always: no probe ever makes an endpoint healthy.
    ///
    /// - Parameter endpointIndex: Unused.
    public func healthySince(endpointIndex: Int) -> MonotonicTime? {
        nil
    }

    /// Every endpoint, unprobed.
    public func snapshot() -> HealthCheckerSnapshot<Endpoint> {
        HealthCheckerSnapshot(
            endpoints: self.endpoints.map { endpoint in
                HealthCheckerSnapshot.EndpointState(
                    endpoint: endpoint,
                    health: .unknown,
                    isProbed: false,
                    isEjected: false,
                    passesTowardHealthy: 0,
                    failuresTowardUnhealthy: 0,
                    nextProbe: nil,
                    probeInFlight: false,
                    lastResult: nil,
                    lastResultTime: nil,
                    healthySince: nil
                )
            },
            statistics: HealthCheckStatistics(),
            hasTraffic: false
        )
    }
}
