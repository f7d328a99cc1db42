/// How an ``EdgeRouter`` balances load, detects outliers and retries.
///
/// The defaults are the design's: Envoy's priority failover with an overprovisioning factor of 140
/// and no panic threshold, round robin inside a tier, Envoy's outlier detection with a 100 % ejection
/// cap, and Istio's retry policy (2 retries on connect failure, refused stream, reset and 503, jittered
/// exponential backoff from 25 ms, a retry budget). Every part can be replaced by an embedder's own
/// implementation of the corresponding protocol.
///
/// The built-in choices also read from JSON or YAML:
///
/// ```json
/// { "loadBalancing": { "policy": "priority", "overprovisioningFactor": 140, "panicThreshold": 0,
///                      "picker": "round-robin", "localityWeighted": false },
///   "outlierDetection": { "consecutive5xx": 5, "baseEjectionTime": "30s" },
///   "retries": { "attempts": 2, "retryOn": "connect-failure,refused-stream,reset,503" } }
/// ```
public struct EdgeRouterConfiguration: Sendable {
    /// How a destination's traffic is split across priority tiers.
    public var loadBalancingPolicy: any LoadBalancingPolicy
    /// How one endpoint is chosen inside a tier.
    public var endpointPicker: any EndpointPicker
    /// Whether a tier first chooses a cluster by its locality weight — the sum of its endpoints' weights
    /// scaled by its health, Envoy's `weight × min(1, OPF/100 × healthy/total)` — instead of pooling
    /// the endpoints of all its clusters.
    public var localityWeighted: Bool
    /// The outlier-detection settings used by the default detector.
    public var outlierDetection: OutlierDetectionConfiguration
    /// Creates the outlier detector of each destination; `nil` uses ``DefaultOutlierDetector`` with
    /// ``outlierDetection``.
    public var makeOutlierDetector: (@Sendable (OutlierDetectorContext) -> any OutlierDetector)?
    /// The retry policy.
    public var retries: RetryPolicy
    /// Creates the retry planner of each route; `nil` uses ``DefaultRetryPlanner`` with ``retries``.
    public var makeRetryPlanner: (@Sendable (RetryPolicy) -> any RetryPlanner)?
    /// Probes and the ramps of returning traffic, per destination (see <doc:HealthCheckingAndFailback>;
    /// not consulted by the router yet).
    public var healthChecks: HealthCheckSettings
    /// How many thread shards hold the router's hot mutable state; `nil` picks twice the core count
    /// (rounded up to a power of two). A deterministic test or simulation uses 1, so that every random
    /// draw comes from one seeded sequence.
    public var shardCount: Int?

    /// Creates a configuration; every argument has the design's default.
    ///
    /// - Parameters:
    ///   - loadBalancingPolicy: The tier-split policy.
    ///   - endpointPicker: The in-tier picker.
    ///   - localityWeighted: Whether tiers weight their clusters.
    ///   - outlierDetection: The default detector's settings.
    ///   - retries: The retry policy.
    ///   - healthChecks: Probes and the ramps of returning traffic.
    ///   - shardCount: The number of thread shards, or `nil` for automatic.
    public init(
        loadBalancingPolicy: any LoadBalancingPolicy = PriorityFailoverPolicy.defaults,
        endpointPicker: any EndpointPicker = .roundRobin,
        localityWeighted: Bool = false,
        outlierDetection: OutlierDetectionConfiguration = .defaults,
        retries: RetryPolicy = .defaults,
        healthChecks: HealthCheckSettings = .defaults,
        shardCount: Int? = nil
    ) {
        self.loadBalancingPolicy = loadBalancingPolicy
        self.endpointPicker = endpointPicker
        self.localityWeighted = localityWeighted
        self.outlierDetection = outlierDetection
        self.makeOutlierDetector = nil
        self.retries = retries
        self.makeRetryPlanner = nil
        self.healthChecks = healthChecks
        self.shardCount = shardCount
    }

    /// The design's defaults.
    public static var defaults: EdgeRouterConfiguration {
        EdgeRouterConfiguration()
    }
}

/// What a custom outlier detector is created with (see ``EdgeRouterConfiguration/makeOutlierDetector``).
public struct OutlierDetectorContext: Sendable {
    /// The destination the detector serves, for example `bookinfo.tse.tetratelabs.io:80 automatic`.
    public let destination: String
    /// The destination's endpoints, in index order.
    public let endpoints: [EndpointID]
    /// The current time.
    public let now: MonotonicTime
    /// A seed derived from the router's random source, for deterministic draws.
    public let seed: UInt64
    /// Where the detector must deliver its events (after releasing any lock).
    public let observer: @Sendable (OutlierDetectionEvent) -> Void
}

extension EdgeRouterConfiguration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case loadBalancing
        case outlierDetection
        case retries
        case healthChecks
        case shardCount
    }

    private enum LoadBalancingKeys: String, CodingKey, CaseIterable {
        case policy
        case overprovisioningFactor
        case panicThreshold
        case weightedPriorityHealth
        case picker
        case localityWeighted
    }

    /// Decodes the built-in choices; custom implementations are set in code.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        if container.contains(.loadBalancing) {
            let lbDecoder = try container.superDecoder(forKey: .loadBalancing)
            try lbDecoder.rejectUnknownKeys(LoadBalancingKeys.self)
            let lb = try lbDecoder.container(keyedBy: LoadBalancingKeys.self)
            let factor =
                try lb.decodeInteger(
                    Int.self,
                    forKey: .overprovisioningFactor,
                    in: 1...10_000,
                    what: "overprovisioningFactor"
                ) ?? 140
            let threshold =
                try lb.decodeInteger(Int.self, forKey: .panicThreshold, in: 0...100, what: "panicThreshold") ?? 0
            let weighted = try lb.decodeIfPresent(Bool.self, forKey: .weightedPriorityHealth) ?? false
            switch try lb.decodeIfPresent(String.self, forKey: .policy) ?? "priority" {
            case "priority":
                self.loadBalancingPolicy = PriorityFailoverPolicy(
                    overprovisioningFactor: factor,
                    panicThreshold: threshold,
                    weightedPriorityHealth: weighted
                )
            case "strict":
                self.loadBalancingPolicy = StrictFailoverPolicy(
                    overprovisioningFactor: factor,
                    panicThreshold: threshold,
                    weightedPriorityHealth: weighted
                )
            case let other:
                throw ConfigurationError.invalid(
                    FieldPath.render(lbDecoder.codingPath + [LoadBalancingKeys.policy]),
                    "expected \"priority\" or \"strict\", got \"\(other)\""
                )
            }
            switch try lb.decodeIfPresent(String.self, forKey: .picker) ?? "round-robin" {
            case "round-robin": self.endpointPicker = RoundRobinPicker()
            case "least-request": self.endpointPicker = LeastRequestPicker()
            case "random": self.endpointPicker = RandomPicker()
            case let other:
                throw ConfigurationError.invalid(
                    FieldPath.render(lbDecoder.codingPath + [LoadBalancingKeys.picker]),
                    "expected \"round-robin\", \"least-request\" or \"random\", got \"\(other)\""
                )
            }
            self.localityWeighted = try lb.decodeIfPresent(Bool.self, forKey: .localityWeighted) ?? false
        }
        self.outlierDetection =
            try container.decodeIfPresent(OutlierDetectionConfiguration.self, forKey: .outlierDetection) ?? .defaults
        self.retries = try container.decodeIfPresent(RetryPolicy.self, forKey: .retries) ?? .defaults
        self.healthChecks = try container.decodeIfPresent(HealthCheckSettings.self, forKey: .healthChecks) ?? .defaults
        self.shardCount = try container.decodeInteger(Int.self, forKey: .shardCount, in: 1...64, what: "shardCount")
    }

    /// Encodes the built-in choices; a custom policy or picker is written as `"custom"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var lb = container.nestedContainer(keyedBy: LoadBalancingKeys.self, forKey: .loadBalancing)
        if let policy = self.loadBalancingPolicy as? PriorityFailoverPolicy {
            try lb.encode("priority", forKey: .policy)
            try lb.encode(policy.overprovisioningFactor, forKey: .overprovisioningFactor)
            try lb.encode(policy.panicThreshold, forKey: .panicThreshold)
            try lb.encode(policy.weightedPriorityHealth, forKey: .weightedPriorityHealth)
        } else if let policy = self.loadBalancingPolicy as? StrictFailoverPolicy {
            try lb.encode("strict", forKey: .policy)
            try lb.encode(policy.overprovisioningFactor, forKey: .overprovisioningFactor)
            try lb.encode(policy.panicThreshold, forKey: .panicThreshold)
            try lb.encode(policy.weightedPriorityHealth, forKey: .weightedPriorityHealth)
        } else {
            try lb.encode("custom", forKey: .policy)
        }
        let picker: String
        switch self.endpointPicker {
        case is RoundRobinPicker: picker = "round-robin"
        case is LeastRequestPicker: picker = "least-request"
        case is RandomPicker: picker = "random"
        default: picker = "custom"
        }
        try lb.encode(picker, forKey: .picker)
        try lb.encode(self.localityWeighted, forKey: .localityWeighted)
        try container.encode(self.outlierDetection, forKey: .outlierDetection)
        try container.encode(self.retries, forKey: .retries)
        try container.encode(self.healthChecks, forKey: .healthChecks)
        try container.encodeIfPresent(self.shardCount, forKey: .shardCount)
    }
}
