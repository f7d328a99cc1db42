/// How one destination's endpoints are probed, with the fields of Envoy's `HealthCheck` in camel case.
///
/// The defaults are issue 15's: probe the endpoints that outlier detection ejected (``scope``), every
/// second, with `GET /` and the route's hostname, healthy below 500, two passes to come back and two
/// failures to go out. Probing every endpoint, as Envoy's active health checking does, is an option
/// (``HealthCheckScope/allEndpoints``); in Envoy, too, active checks exist only when configured.
///
/// Intervals follow Envoy's choice of the next wait after each probe (see ``ProbeIntervals``): the
/// optional intervals are `nil` until set and then take their Envoy defaults — ``unhealthyInterval``
/// is ``interval``, ``unhealthyEdgeInterval`` is the unhealthy interval, ``healthyEdgeInterval`` is
/// ``interval``, ``noTrafficInterval`` is 60 s and ``noTrafficHealthyInterval`` is the no-traffic
/// interval.
///
/// The throwing initialiser and the decoder validate every field and name the offending one in the
/// thrown ``ConfigurationError``.
///
/// ```swift
/// var configuration = HealthCheckConfiguration.defaults
/// configuration.scope = .allEndpoints
/// let decoded = try JSONDecoder().decode(
///     HealthCheckConfiguration.self,
///     from: Data(#"{"interval": "2s", "http": {"path": "/healthz"}}"#.utf8)
/// )
/// ```
public struct HealthCheckConfiguration: Hashable, Sendable {
    /// Which endpoints are probed. Default ``HealthCheckScope/ejectedEndpoints``.
    public var scope: HealthCheckScope
    /// How long a probe may take; a probe that takes longer is reported as ``ProbeResult/timeout`` and
    /// fails. Default 1 s; must be positive.
    public var timeout: Duration
    /// The wait after a probe of a healthy endpoint (and the base of the other intervals). Default 1 s;
    /// must be positive.
    public var interval: Duration
    /// The largest random delay before the first probe of an endpoint that joins while every endpoint
    /// is probed. Default 0: the first probe is due at once.
    public var initialJitter: Duration
    /// The largest random delay added to every wait, drawn from `0..<intervalJitter`. Default 0.
    public var intervalJitter: Duration
    /// The largest random delay added to every wait, as a percentage of that wait, in `0...100`.
    /// Default 0.
    public var intervalJitterPercent: Int
    /// Consecutive failing probes that make a healthy endpoint unhealthy. Default 2; at least 1.
    /// A status that is neither expected nor retriable makes it unhealthy at once.
    public var unhealthyThreshold: Int
    /// Consecutive passing probes that make an unhealthy endpoint healthy. Default 2; at least 1. The
    /// first probe of an endpoint that joined while every endpoint is probed needs only one.
    public var healthyThreshold: Int
    /// The wait after a probe of an endpoint that stays unhealthy (every ejected endpoint's wait).
    /// `nil` (the default) means ``interval``: 1 s.
    public var unhealthyInterval: Duration?
    /// The wait after a failing probe of a healthy endpoint that has not yet reached the unhealthy
    /// threshold. `nil` means the unhealthy interval.
    public var unhealthyEdgeInterval: Duration?
    /// The wait after a passing probe of an unhealthy endpoint that has not yet reached the healthy
    /// threshold. `nil` means ``interval``.
    public var healthyEdgeInterval: Duration?
    /// The wait between probes while the destination has never had traffic. `nil` means 60 s.
    public var noTrafficInterval: Duration?
    /// The wait between probes of a healthy endpoint while the destination has never had traffic. `nil`
    /// means the no-traffic interval.
    public var noTrafficHealthyInterval: Duration?
    /// How an endpoint counts before its first probe, when every endpoint is probed. Default
    /// ``InitialProbeHealth/unhealthy`` (Envoy's).
    public var initialHealth: InitialProbeHealth
    /// The request a probe sends and how its status is judged.
    public var http: HTTPHealthCheck

    /// Envoy's default no-traffic interval.
    static let defaultNoTrafficInterval = Duration.seconds(60)

    /// Issue 15's defaults: ejected endpoints probed every second with `GET /`, healthy below 500,
    /// thresholds 2 and 2, timeout 1 s, no jitter.
    public static var defaults: HealthCheckConfiguration {
        HealthCheckConfiguration(unchecked: ())
    }

    private init(unchecked: Void) {
        self.scope = .ejectedEndpoints
        self.timeout = .seconds(1)
        self.interval = .seconds(1)
        self.initialJitter = .zero
        self.intervalJitter = .zero
        self.intervalJitterPercent = 0
        self.unhealthyThreshold = 2
        self.healthyThreshold = 2
        self.unhealthyInterval = nil
        self.unhealthyEdgeInterval = nil
        self.healthyEdgeInterval = nil
        self.noTrafficInterval = nil
        self.noTrafficHealthyInterval = nil
        self.initialHealth = .unhealthy
        self.http = .defaults
    }

    /// Creates a validated configuration; every parameter defaults to ``defaults``' value.
    ///
    /// - Parameters:
    ///   - scope: Which endpoints are probed.
    ///   - timeout: How long a probe may take; positive.
    ///   - interval: The wait after a probe of a healthy endpoint; positive.
    ///   - initialJitter: The largest random delay before a joining endpoint's first probe.
    ///   - intervalJitter: The largest random delay added to every wait.
    ///   - intervalJitterPercent: The largest random delay as a percentage of the wait, `0...100`.
    ///   - unhealthyThreshold: Failing probes that make an endpoint unhealthy, at least 1.
    ///   - healthyThreshold: Passing probes that make an endpoint healthy, at least 1.
    ///   - unhealthyInterval: The wait while unhealthy, or `nil` for `interval`.
    ///   - unhealthyEdgeInterval: The wait on the way to unhealthy, or `nil` for the unhealthy interval.
    ///   - healthyEdgeInterval: The wait on the way to healthy, or `nil` for `interval`.
    ///   - noTrafficInterval: The wait while the destination has had no traffic, or `nil` for 60 s.
    ///   - noTrafficHealthyInterval: The same for healthy endpoints, or `nil` for the no-traffic
    ///     interval.
    ///   - initialHealth: How an endpoint counts before its first probe.
    ///   - http: The probe request and its judgement.
    /// - Throws: ``ConfigurationError`` naming the first invalid field.
    public init(
        scope: HealthCheckScope = .ejectedEndpoints,
        timeout: Duration = .seconds(1),
        interval: Duration = .seconds(1),
        initialJitter: Duration = .zero,
        intervalJitter: Duration = .zero,
        intervalJitterPercent: Int = 0,
        unhealthyThreshold: Int = 2,
        healthyThreshold: Int = 2,
        unhealthyInterval: Duration? = nil,
        unhealthyEdgeInterval: Duration? = nil,
        healthyEdgeInterval: Duration? = nil,
        noTrafficInterval: Duration? = nil,
        noTrafficHealthyInterval: Duration? = nil,
        initialHealth: InitialProbeHealth = .unhealthy,
        http: HTTPHealthCheck = .defaults
    ) throws {
        self.scope = scope
        self.timeout = timeout
        self.interval = interval
        self.initialJitter = initialJitter
        self.intervalJitter = intervalJitter
        self.intervalJitterPercent = intervalJitterPercent
        self.unhealthyThreshold = unhealthyThreshold
        self.healthyThreshold = healthyThreshold
        self.unhealthyInterval = unhealthyInterval
        self.unhealthyEdgeInterval = unhealthyEdgeInterval
        self.healthyEdgeInterval = healthyEdgeInterval
        self.noTrafficInterval = noTrafficInterval
        self.noTrafficHealthyInterval = noTrafficHealthyInterval
        self.initialHealth = initialHealth
        self.http = http
        try self.validate()
    }

    // MARK: Effective intervals (Envoy's defaults for unset fields)

    /// ``unhealthyInterval``, or ``interval`` when unset.
    public var effectiveUnhealthyInterval: Duration {
        self.unhealthyInterval ?? self.interval
    }

    /// ``unhealthyEdgeInterval``, or the effective unhealthy interval when unset.
    public var effectiveUnhealthyEdgeInterval: Duration {
        self.unhealthyEdgeInterval ?? self.effectiveUnhealthyInterval
    }

    /// ``healthyEdgeInterval``, or ``interval`` when unset.
    public var effectiveHealthyEdgeInterval: Duration {
        self.healthyEdgeInterval ?? self.interval
    }

    /// ``noTrafficInterval``, or 60 s when unset.
    public var effectiveNoTrafficInterval: Duration {
        self.noTrafficInterval ?? Self.defaultNoTrafficInterval
    }

    /// ``noTrafficHealthyInterval``, or the effective no-traffic interval when unset.
    public var effectiveNoTrafficHealthyInterval: Duration {
        self.noTrafficHealthyInterval ?? self.effectiveNoTrafficInterval
    }

    /// ``timeout``, at least ``ProbeIntervals/minimum``: what the checker uses, so that a timeout set out of
    /// range after validation cannot make every probe lost at once.
    var effectiveTimeout: Duration {
        max(self.timeout, ProbeIntervals.minimum)
    }

    // MARK: Validation

    /// Checks every field, throwing for the first one out of range.
    ///
    /// Paths are relative to the configuration object (`interval`); the decoder places them under the
    /// object's own path (`healthChecks.default.interval`).
    ///
    /// Envoy accepts thresholds of 0 (a threshold that is never reached) and jitter percentages above
    /// 100; EdgeRouting rejects both as mistakes.
    ///
    /// - Throws: ``ConfigurationError`` with code ``ConfigurationError/Code-swift.struct/invalidValue``.
    public func validate() throws {
        let positive: [(String, Duration?)] = [
            ("timeout", self.timeout),
            ("interval", self.interval),
            ("unhealthyInterval", self.unhealthyInterval),
            ("unhealthyEdgeInterval", self.unhealthyEdgeInterval),
            ("healthyEdgeInterval", self.healthyEdgeInterval),
            ("noTrafficInterval", self.noTrafficInterval),
            ("noTrafficHealthyInterval", self.noTrafficHealthyInterval),
        ]
        for case (let name, let value?) in positive where value <= .zero {
            throw ConfigurationError.invalid(name, "must be a positive duration, got \(DurationFormat.format(value))")
        }
        let jitters: [(String, Duration)] = [
            ("initialJitter", self.initialJitter),
            ("intervalJitter", self.intervalJitter),
        ]
        for (name, value) in jitters where value < .zero {
            throw ConfigurationError.invalid(name, "must not be negative, got \(value)")
        }
        if !(0...100).contains(self.intervalJitterPercent) {
            throw ConfigurationError.invalid(
                "intervalJitterPercent",
                "must be a percentage in 0...100, got \(self.intervalJitterPercent)"
            )
        }
        let thresholds: [(String, Int)] = [
            ("unhealthyThreshold", self.unhealthyThreshold),
            ("healthyThreshold", self.healthyThreshold),
        ]
        for (name, value) in thresholds where value < 1 || value > Int(UInt32.max) {
            throw ConfigurationError.invalid(name, "must be a whole number in 1...\(UInt32.max), got \(value)")
        }
    }
}
