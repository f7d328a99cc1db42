/// Requests counted for one endpoint over one interval, by origin and result.
public struct OutlierRequestCounts: Hashable, Sendable {
    /// Statuses classified as successes (and, in default mode, nothing else).
    public var externalSuccesses: UInt64
    /// Failures and gateway failures; in default mode also connect failures, timeouts and resets.
    public var externalFailures: UInt64
    /// Connect successes, in split mode.
    public var localOriginSuccesses: UInt64
    /// Connect failures, timeouts and resets, in split mode.
    public var localOriginFailures: UInt64

    /// Creates counts.
    ///
    /// - Parameters:
    ///   - externalSuccesses: Successful statuses.
    ///   - externalFailures: Failed statuses (and, in default mode, local-origin failures).
    ///   - localOriginSuccesses: Connect successes in split mode.
    ///   - localOriginFailures: Local-origin failures in split mode.
    public init(
        externalSuccesses: UInt64 = 0,
        externalFailures: UInt64 = 0,
        localOriginSuccesses: UInt64 = 0,
        localOriginFailures: UInt64 = 0
    ) {
        self.externalSuccesses = externalSuccesses
        self.externalFailures = externalFailures
        self.localOriginSuccesses = localOriginSuccesses
        self.localOriginFailures = localOriginFailures
    }

    /// All external-origin results.
    public var externalTotal: UInt64 { self.externalSuccesses &+ self.externalFailures }
    /// All local-origin results.
    public var localOriginTotal: UInt64 { self.localOriginSuccesses &+ self.localOriginFailures }
}

/// A detector's state at one moment, for diagnostics (an admin page, a test's assertions).
///
/// A snapshot reflects the last `record`, `advance(to:)` or `setEndpoints`; taking one does not run
/// work that is due.
public struct OutlierDetectorSnapshot: Hashable, Sendable {
    /// One endpoint's outlier state.
    public struct EndpointState: Hashable, Sendable {
        /// The endpoint.
        public var endpoint: EndpointID
        /// Whether it is ejected.
        public var isEjected: Bool
        /// When its ejection ends, while it is ejected.
        public var ejectedUntil: MonotonicTime?
        /// The ejection multiplier: the next ejection lasts `(multiplier + 1) × baseEjectionTime`,
        /// capped. It rises by one per ejection and falls by one per interval out of ejection.
        public var multiplier: Int
        /// How many times it has been ejected (enforced ejections), while it stayed in the destination.
        public var ejectionCount: Int
        /// When it was last re-admitted, if ever.
        public var lastReadmission: MonotonicTime?
        /// The current consecutive-failure count.
        public var consecutive5xx: Int
        /// The current consecutive-gateway-failure count.
        public var consecutiveGatewayFailure: Int
        /// The current consecutive-local-origin-failure count (split mode).
        public var consecutiveLocalOriginFailure: Int
        /// Results counted so far in the current interval.
        public var currentInterval: OutlierRequestCounts
        /// Results of the last complete interval: what the statistical detectors evaluated.
        public var lastInterval: OutlierRequestCounts
        /// The success rate (percent) of the last interval, when the endpoint had enough volume for
        /// success-rate or failure-percentage detection and was not ejected.
        public var successRate: Double?
        /// The same for local-origin results (split mode).
        public var localOriginSuccessRate: Double?

        /// Creates an endpoint state.
        ///
        /// - Parameters:
        ///   - endpoint: The endpoint.
        ///   - isEjected: Whether it is ejected.
        ///   - ejectedUntil: When its ejection ends.
        ///   - multiplier: The ejection multiplier.
        ///   - ejectionCount: Enforced ejections so far.
        ///   - lastReadmission: The last re-admission.
        ///   - consecutive5xx: Consecutive failures.
        ///   - consecutiveGatewayFailure: Consecutive gateway failures.
        ///   - consecutiveLocalOriginFailure: Consecutive local-origin failures.
        ///   - currentInterval: Results of the current interval.
        ///   - lastInterval: Results of the last complete interval.
        ///   - successRate: The last interval's success rate.
        ///   - localOriginSuccessRate: The last interval's local-origin success rate.
        public init(
            endpoint: EndpointID,
            isEjected: Bool = false,
            ejectedUntil: MonotonicTime? = nil,
            multiplier: Int = 0,
            ejectionCount: Int = 0,
            lastReadmission: MonotonicTime? = nil,
            consecutive5xx: Int = 0,
            consecutiveGatewayFailure: Int = 0,
            consecutiveLocalOriginFailure: Int = 0,
            currentInterval: OutlierRequestCounts = OutlierRequestCounts(),
            lastInterval: OutlierRequestCounts = OutlierRequestCounts(),
            successRate: Double? = nil,
            localOriginSuccessRate: Double? = nil
        ) {
            self.endpoint = endpoint
            self.isEjected = isEjected
            self.ejectedUntil = ejectedUntil
            self.multiplier = multiplier
            self.ejectionCount = ejectionCount
            self.lastReadmission = lastReadmission
            self.consecutive5xx = consecutive5xx
            self.consecutiveGatewayFailure = consecutiveGatewayFailure
            self.consecutiveLocalOriginFailure = consecutiveLocalOriginFailure
            self.currentInterval = currentInterval
            self.lastInterval = lastInterval
            self.successRate = successRate
            self.localOriginSuccessRate = localOriginSuccessRate
        }
    }

    /// The endpoints, in the order of the last `setEndpoints` (their indices).
    public var endpoints: [EndpointState]
    /// The counters, with Envoy's names.
    public var statistics: OutlierDetectionStatistics
    /// The end of the interval in progress: when the next evaluation happens.
    public var nextIntervalEnd: MonotonicTime
    /// The mean success rate of the last evaluation, when success-rate detection ran.
    public var successRateAverage: Double?
    /// The ejection threshold of the last evaluation, when success-rate detection ran.
    public var successRateEjectionThreshold: Double?
    /// The mean local-origin success rate of the last evaluation (split mode).
    public var localOriginSuccessRateAverage: Double?
    /// The local-origin ejection threshold of the last evaluation (split mode).
    public var localOriginSuccessRateEjectionThreshold: Double?

    /// Creates a snapshot.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints' states, in index order.
    ///   - statistics: The counters.
    ///   - nextIntervalEnd: The end of the interval in progress.
    ///   - successRateAverage: The last mean success rate.
    ///   - successRateEjectionThreshold: The last success-rate threshold.
    ///   - localOriginSuccessRateAverage: The last local-origin mean success rate.
    ///   - localOriginSuccessRateEjectionThreshold: The last local-origin threshold.
    public init(
        endpoints: [EndpointState],
        statistics: OutlierDetectionStatistics = OutlierDetectionStatistics(),
        nextIntervalEnd: MonotonicTime = MonotonicTime(nanoseconds: .max),
        successRateAverage: Double? = nil,
        successRateEjectionThreshold: Double? = nil,
        localOriginSuccessRateAverage: Double? = nil,
        localOriginSuccessRateEjectionThreshold: Double? = nil
    ) {
        self.endpoints = endpoints
        self.statistics = statistics
        self.nextIntervalEnd = nextIntervalEnd
        self.successRateAverage = successRateAverage
        self.successRateEjectionThreshold = successRateEjectionThreshold
        self.localOriginSuccessRateAverage = localOriginSuccessRateAverage
        self.localOriginSuccessRateEjectionThreshold = localOriginSuccessRateEjectionThreshold
    }

    /// The state of the endpoint with this identity, if it is in the destination.
    ///
    /// - Parameter endpoint: The endpoint's identity.
    public subscript(endpoint: EndpointID) -> EndpointState? {
        self.endpoints.first { $0.endpoint == endpoint }
    }
}
