/// A health checker's state at one moment, for diagnostics (an admin page, a test's assertions).
public struct HealthCheckerSnapshot<Endpoint: Hashable & Sendable>: Hashable, Sendable {
    /// One endpoint's probe state.
    public struct EndpointState: Hashable, Sendable {
        /// The endpoint.
        public var endpoint: Endpoint
        /// What the probes say.
        public var health: ProbeHealth
        /// Whether the endpoint is probed now.
        public var isProbed: Bool
        /// Whether outlier detection ejects it, as the checker was last told.
        public var isEjected: Bool
        /// Passes counted towards the healthy threshold.
        public var passesTowardHealthy: Int
        /// Failures counted towards the unhealthy threshold.
        public var failuresTowardUnhealthy: Int
        /// When the next probe is due; `nil` while one is in flight or the endpoint is not probed.
        public var nextProbe: MonotonicTime?
        /// Whether a probe is in flight.
        public var probeInFlight: Bool
        /// The last result, if any since the endpoint joined or was ejected.
        public var lastResult: ProbeResult?
        /// When the last result arrived.
        public var lastResultTime: MonotonicTime?
        /// When the probes last made the endpoint healthy (Envoy's `last_hc_pass_time`), if ever.
        public var healthySince: MonotonicTime?

        /// Creates an endpoint state.
        ///
        /// - Parameters:
        ///   - endpoint: The endpoint.
        ///   - health: What the probes say.
        ///   - isProbed: Whether it is probed now.
        ///   - isEjected: Whether outlier detection ejects it.
        ///   - passesTowardHealthy: Passes counted towards the healthy threshold.
        ///   - failuresTowardUnhealthy: Failures counted towards the unhealthy threshold.
        ///   - nextProbe: When the next probe is due.
        ///   - probeInFlight: Whether a probe is in flight.
        ///   - lastResult: The last result.
        ///   - lastResultTime: When it arrived.
        ///   - healthySince: When the probes last made it healthy.
        public init(
            endpoint: Endpoint,
            health: ProbeHealth,
            isProbed: Bool,
            isEjected: Bool,
            passesTowardHealthy: Int,
            failuresTowardUnhealthy: Int,
            nextProbe: MonotonicTime?,
            probeInFlight: Bool,
            lastResult: ProbeResult?,
            lastResultTime: MonotonicTime?,
            healthySince: MonotonicTime?
        ) {
            self.endpoint = endpoint
            self.health = health
            self.isProbed = isProbed
            self.isEjected = isEjected
            self.passesTowardHealthy = passesTowardHealthy
            self.failuresTowardUnhealthy = failuresTowardUnhealthy
            self.nextProbe = nextProbe
            self.probeInFlight = probeInFlight
            self.lastResult = lastResult
            self.lastResultTime = lastResultTime
            self.healthySince = healthySince
        }
    }

    /// Every endpoint, in index order.
    public var endpoints: [EndpointState]
    /// The counters.
    public var statistics: HealthCheckStatistics
    /// Whether the destination has had traffic (the no-traffic intervals apply until it has).
    public var hasTraffic: Bool

    /// Creates a snapshot.
    ///
    /// - Parameters:
    ///   - endpoints: Every endpoint, in index order.
    ///   - statistics: The counters.
    ///   - hasTraffic: Whether the destination has had traffic.
    public init(endpoints: [EndpointState], statistics: HealthCheckStatistics, hasTraffic: Bool) {
        self.endpoints = endpoints
        self.statistics = statistics
        self.hasTraffic = hasTraffic
    }
}
