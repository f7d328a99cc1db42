/// The settings of outlier detection for one destination, with Envoy's field names in camel case.
///
/// Every field has Envoy's default except two, chosen for an edge gateway that fronts one or two
/// ingress endpoints per cluster: ``maxEjectionPercent`` is 100 (Envoy: 10) and
/// ``alwaysEjectOneEndpoint`` is `true` (Envoy's `always_eject_one_host`: `false`). With Envoy's
/// defaults, a destination of fewer than ten endpoints can eject none of them
/// (`100 × (0 + 1) / 2 = 50 > 10`), and failover to another region would never happen.
///
/// The throwing initialiser and the decoder validate every field and name the offending one in the
/// thrown ``ConfigurationError``; a detector given a configuration whose fields were set out of range
/// afterwards clamps them instead of trapping.
///
/// ```swift
/// let configuration = try OutlierDetectionConfiguration(consecutive5xx: 3, baseEjectionTime: .seconds(10))
/// let decoded = try JSONDecoder().decode(
///     OutlierDetectionConfiguration.self,
///     from: Data(#"{"consecutive5xx": 3, "baseEjectionTime": "10s"}"#.utf8)
/// )
/// ```
public struct OutlierDetectionConfiguration: Hashable, Sendable {
    // MARK: Consecutive failures

    /// Consecutive failures (``OutlierResponseClass/failure`` or ``OutlierResponseClass/gatewayFailure``)
    /// that eject an endpoint. Default 5; 0 disables the detector.
    public var consecutive5xx: Int
    /// Consecutive gateway failures (502, 503, 504 and, unless split, local-origin failures) that eject
    /// an endpoint. Default 5; 0 disables the detector.
    public var consecutiveGatewayFailure: Int
    /// Consecutive local-origin failures that eject an endpoint, in split mode only. Default 5; 0
    /// disables the detector.
    public var consecutiveLocalOriginFailure: Int
    /// The percentage of consecutive-5xx detections that eject. Default 100.
    public var enforcingConsecutive5xx: Int
    /// The percentage of consecutive-gateway-failure detections that eject. Default 0: detected and
    /// counted, never enforced.
    public var enforcingConsecutiveGatewayFailure: Int
    /// The percentage of consecutive-local-origin-failure detections that eject. Default 100.
    public var enforcingConsecutiveLocalOriginFailure: Int
    /// Whether local-origin events (connect failure, timeout, reset, connect success) have their own
    /// counters instead of counting as HTTP 503/504. Default `false`.
    public var splitExternalLocalOriginErrors: Bool

    // MARK: Ejection

    /// The time between two evaluations of the interval statistics (success rate, failure percentage)
    /// and between two decrements of the ejection multiplier. Default 10 s; must be positive.
    public var interval: Duration
    /// How long the first ejection lasts; ejection *n* lasts `n ×` this, up to ``maxEjectionTime``.
    /// Default 30 s; must be positive.
    public var baseEjectionTime: Duration
    /// The longest an ejection lasts. Default 300 s, or ``baseEjectionTime`` when that is longer; must
    /// not be shorter than ``baseEjectionTime``.
    public var maxEjectionTime: Duration
    /// The largest random delay added to each ejection, drawn uniformly in whole nanoseconds from
    /// `0...maxEjectionTimeJitter`. Default 0: no jitter.
    public var maxEjectionTimeJitter: Duration
    /// The largest percentage of the destination's endpoints that may be ejected at once. Default 100.
    public var maxEjectionPercent: Int
    /// Whether one ejection is allowed whenever no endpoint is ejected, whatever
    /// ``maxEjectionPercent`` says. Default `true`.
    public var alwaysEjectOneEndpoint: Bool

    // MARK: Success rate

    /// The number of endpoints with enough requests in the last interval for the success-rate
    /// detector to run. Default 5.
    public var successRateMinimumHosts: Int
    /// The requests an endpoint needs in the last interval to take part in success-rate detection.
    /// Default 100.
    public var successRateRequestVolume: Int
    /// The standard-deviation factor in thousandths: the threshold is `mean − stdev × factor / 1000`.
    /// Default 1900 (1.9).
    public var successRateStdevFactor: Int
    /// The percentage of success-rate detections that eject. Default 100.
    public var enforcingSuccessRate: Int
    /// The percentage of local-origin success-rate detections (split mode) that eject. Default 100.
    public var enforcingLocalOriginSuccessRate: Int

    // MARK: Failure percentage

    /// The failure percentage at or above which an endpoint is an outlier. Default 85.
    public var failurePercentageThreshold: Int
    /// The percentage of failure-percentage detections that eject. Default 0: detected, not enforced.
    public var enforcingFailurePercentage: Int
    /// The percentage of local-origin failure-percentage detections (split mode) that eject. Default 0.
    public var enforcingFailurePercentageLocalOrigin: Int
    /// The number of endpoints the destination needs for failure-percentage detection to run.
    /// Default 5.
    public var failurePercentageMinimumHosts: Int
    /// The requests an endpoint needs in the last interval to take part in failure-percentage
    /// detection. Default 50.
    public var failurePercentageRequestVolume: Int

    /// The default maximum ejection time, used when none is given and the base is not longer.
    static let defaultMaxEjectionTime = Duration.seconds(300)

    /// EdgeRouting's defaults: Envoy's, except a 100 % ejection cap with one ejection always allowed.
    public static var defaults: OutlierDetectionConfiguration {
        OutlierDetectionConfiguration(unchecked: ())
    }

    /// Creates a configuration from the default values.
    private init(unchecked: Void) {
        self.consecutive5xx = 5
        self.consecutiveGatewayFailure = 5
        self.consecutiveLocalOriginFailure = 5
        self.enforcingConsecutive5xx = 100
        self.enforcingConsecutiveGatewayFailure = 0
        self.enforcingConsecutiveLocalOriginFailure = 100
        self.splitExternalLocalOriginErrors = false
        self.interval = .seconds(10)
        self.baseEjectionTime = .seconds(30)
        self.maxEjectionTime = Self.defaultMaxEjectionTime
        self.maxEjectionTimeJitter = .zero
        self.maxEjectionPercent = 100
        self.alwaysEjectOneEndpoint = true
        self.successRateMinimumHosts = 5
        self.successRateRequestVolume = 100
        self.successRateStdevFactor = 1900
        self.enforcingSuccessRate = 100
        self.enforcingLocalOriginSuccessRate = 100
        self.failurePercentageThreshold = 85
        self.enforcingFailurePercentage = 0
        self.enforcingFailurePercentageLocalOrigin = 0
        self.failurePercentageMinimumHosts = 5
        self.failurePercentageRequestVolume = 50
    }

    /// Creates a validated configuration; every parameter defaults to ``defaults``' value.
    ///
    /// - Parameters:
    ///   - consecutive5xx: Consecutive failures that eject (0 disables).
    ///   - consecutiveGatewayFailure: Consecutive gateway failures that eject (0 disables).
    ///   - consecutiveLocalOriginFailure: Consecutive local-origin failures that eject, split mode only.
    ///   - enforcingConsecutive5xx: Percentage of consecutive-5xx detections enforced, `0...100`.
    ///   - enforcingConsecutiveGatewayFailure: Percentage of gateway-failure detections enforced.
    ///   - enforcingConsecutiveLocalOriginFailure: Percentage of local-origin detections enforced.
    ///   - splitExternalLocalOriginErrors: Whether local-origin events get their own counters.
    ///   - interval: Time between interval evaluations; positive.
    ///   - baseEjectionTime: Duration of a first ejection; positive.
    ///   - maxEjectionTime: Longest ejection; `nil` means 300 s or `baseEjectionTime` if longer.
    ///   - maxEjectionTimeJitter: Largest random extra ejection time; zero or positive.
    ///   - maxEjectionPercent: Largest percentage of endpoints ejected at once, `0...100`.
    ///   - alwaysEjectOneEndpoint: Whether one ejection is allowed when none is active.
    ///   - successRateMinimumHosts: Endpoints with enough volume needed for success-rate detection.
    ///   - successRateRequestVolume: Requests per interval an endpoint needs for success rate.
    ///   - successRateStdevFactor: Standard-deviation factor in thousandths.
    ///   - enforcingSuccessRate: Percentage of success-rate detections enforced.
    ///   - enforcingLocalOriginSuccessRate: Percentage of local-origin success-rate detections enforced.
    ///   - failurePercentageThreshold: Failure percentage that makes an outlier, `0...100`.
    ///   - enforcingFailurePercentage: Percentage of failure-percentage detections enforced.
    ///   - enforcingFailurePercentageLocalOrigin: The same for local-origin failure percentage.
    ///   - failurePercentageMinimumHosts: Endpoints needed for failure-percentage detection.
    ///   - failurePercentageRequestVolume: Requests per interval an endpoint needs for it.
    /// - Throws: ``ConfigurationError`` naming the first invalid field.
    public init(
        consecutive5xx: Int = 5,
        consecutiveGatewayFailure: Int = 5,
        consecutiveLocalOriginFailure: Int = 5,
        enforcingConsecutive5xx: Int = 100,
        enforcingConsecutiveGatewayFailure: Int = 0,
        enforcingConsecutiveLocalOriginFailure: Int = 100,
        splitExternalLocalOriginErrors: Bool = false,
        interval: Duration = .seconds(10),
        baseEjectionTime: Duration = .seconds(30),
        maxEjectionTime: Duration? = nil,
        maxEjectionTimeJitter: Duration = .zero,
        maxEjectionPercent: Int = 100,
        alwaysEjectOneEndpoint: Bool = true,
        successRateMinimumHosts: Int = 5,
        successRateRequestVolume: Int = 100,
        successRateStdevFactor: Int = 1900,
        enforcingSuccessRate: Int = 100,
        enforcingLocalOriginSuccessRate: Int = 100,
        failurePercentageThreshold: Int = 85,
        enforcingFailurePercentage: Int = 0,
        enforcingFailurePercentageLocalOrigin: Int = 0,
        failurePercentageMinimumHosts: Int = 5,
        failurePercentageRequestVolume: Int = 50
    ) throws {
        self.consecutive5xx = consecutive5xx
        self.consecutiveGatewayFailure = consecutiveGatewayFailure
        self.consecutiveLocalOriginFailure = consecutiveLocalOriginFailure
        self.enforcingConsecutive5xx = enforcingConsecutive5xx
        self.enforcingConsecutiveGatewayFailure = enforcingConsecutiveGatewayFailure
        self.enforcingConsecutiveLocalOriginFailure = enforcingConsecutiveLocalOriginFailure
        self.splitExternalLocalOriginErrors = splitExternalLocalOriginErrors
        self.interval = interval
        self.baseEjectionTime = baseEjectionTime
        self.maxEjectionTime = maxEjectionTime ?? Self.defaultMaxEjectionTime(base: baseEjectionTime)
        self.maxEjectionTimeJitter = maxEjectionTimeJitter
        self.maxEjectionPercent = maxEjectionPercent
        self.alwaysEjectOneEndpoint = alwaysEjectOneEndpoint
        self.successRateMinimumHosts = successRateMinimumHosts
        self.successRateRequestVolume = successRateRequestVolume
        self.successRateStdevFactor = successRateStdevFactor
        self.enforcingSuccessRate = enforcingSuccessRate
        self.enforcingLocalOriginSuccessRate = enforcingLocalOriginSuccessRate
        self.failurePercentageThreshold = failurePercentageThreshold
        self.enforcingFailurePercentage = enforcingFailurePercentage
        self.enforcingFailurePercentageLocalOrigin = enforcingFailurePercentageLocalOrigin
        self.failurePercentageMinimumHosts = failurePercentageMinimumHosts
        self.failurePercentageRequestVolume = failurePercentageRequestVolume
        try self.validate()
    }

    /// Envoy's rule for an unset maximum: 300 s, or the base ejection time when that is longer.
    static func defaultMaxEjectionTime(base: Duration) -> Duration {
        max(Self.defaultMaxEjectionTime, base)
    }

    /// Checks every field, throwing for the first one out of range.
    ///
    /// Paths are relative to the configuration object (`baseEjectionTime`); the decoder places them
    /// under the object's own path (`outlierDetection.baseEjectionTime`).
    ///
    /// - Throws: ``ConfigurationError`` with code ``ConfigurationError/Code-swift.struct/invalidValue``.
    public func validate() throws {
        let counts: [(String, Int)] = [
            ("consecutive5xx", self.consecutive5xx),
            ("consecutiveGatewayFailure", self.consecutiveGatewayFailure),
            ("consecutiveLocalOriginFailure", self.consecutiveLocalOriginFailure),
            ("successRateMinimumHosts", self.successRateMinimumHosts),
            ("successRateRequestVolume", self.successRateRequestVolume),
            ("successRateStdevFactor", self.successRateStdevFactor),
            ("failurePercentageMinimumHosts", self.failurePercentageMinimumHosts),
            ("failurePercentageRequestVolume", self.failurePercentageRequestVolume),
        ]
        for (name, value) in counts where value < 0 || value > Int(UInt32.max) {
            throw ConfigurationError.invalid(name, "must be in 0...\(UInt32.max), got \(value)")
        }
        let percentages: [(String, Int)] = [
            ("enforcingConsecutive5xx", self.enforcingConsecutive5xx),
            ("enforcingConsecutiveGatewayFailure", self.enforcingConsecutiveGatewayFailure),
            ("enforcingConsecutiveLocalOriginFailure", self.enforcingConsecutiveLocalOriginFailure),
            ("maxEjectionPercent", self.maxEjectionPercent),
            ("enforcingSuccessRate", self.enforcingSuccessRate),
            ("enforcingLocalOriginSuccessRate", self.enforcingLocalOriginSuccessRate),
            ("failurePercentageThreshold", self.failurePercentageThreshold),
            ("enforcingFailurePercentage", self.enforcingFailurePercentage),
            ("enforcingFailurePercentageLocalOrigin", self.enforcingFailurePercentageLocalOrigin),
        ]
        for (name, value) in percentages where value < 0 || value > 100 {
            throw ConfigurationError.invalid(name, "must be a percentage in 0...100, got \(value)")
        }
        let durations: [(String, Duration)] = [
            ("interval", self.interval),
            ("baseEjectionTime", self.baseEjectionTime),
            ("maxEjectionTime", self.maxEjectionTime),
        ]
        for (name, value) in durations where value <= .zero {
            throw ConfigurationError.invalid(name, "must be a positive duration, got \(DurationFormat.format(value))")
        }
        if self.maxEjectionTimeJitter < .zero {
            throw ConfigurationError.invalid(
                "maxEjectionTimeJitter",
                "must not be negative, got \(self.maxEjectionTimeJitter)"
            )
        }
        if self.maxEjectionTime < self.baseEjectionTime {
            throw ConfigurationError.invalid(
                "maxEjectionTime",
                "must not be shorter than baseEjectionTime (\(DurationFormat.format(self.baseEjectionTime))), "
                    + "got \(DurationFormat.format(self.maxEjectionTime))"
            )
        }
    }
}
