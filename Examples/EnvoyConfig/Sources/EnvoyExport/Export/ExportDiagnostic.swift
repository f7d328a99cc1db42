/// Something EdgeRouting does that the exported Envoy configuration does not do exactly the same way.
///
/// The exporter never drops a setting silently: whatever Envoy cannot express is exported as the
/// closest thing Envoy has (or left out) and reported with one of these, naming the setting in the
/// EdgeRouting documents (`retries.budget`, `spec.http[0].routing.rules[0]`) and, where it concerns one,
/// the Envoy cluster. `Documentation/ENVOY.md` lists every kind with what Envoy does instead.
public struct ExportDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The kind of difference, an extensible set.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case customLoadBalancingPolicy
            case customEndpointPicker
            case customOutlierDetector
            case customRetryPlanner
            case strictFailoverLocalityWeights
            case leastRequestWeights
            case localityWeightOverflow
            case backoffStrategy
            case resetHeaderFormat
            case windowedRetryBudget
            case retryTargetApproximated
            case retryMemory
            case weightedRetryBudgetScope
            case shadowedServer
            case dnsEndpoints
            case activeHealthChecksNotExported
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The load-balancing policy is an embedder's own type: exported as Envoy's priority load with
        /// EdgeRouting's defaults (overprovisioning factor 140, panic threshold 0).
        public static let customLoadBalancingPolicy = Kind(.customLoadBalancingPolicy)
        /// The endpoint picker is an embedder's own type: exported as `ROUND_ROBIN`.
        public static let customEndpointPicker = Kind(.customEndpointPicker)
        /// The outlier detector is an embedder's own (`makeOutlierDetector`): Envoy runs its own detector
        /// with the `outlierDetection` settings.
        public static let customOutlierDetector = Kind(.customOutlierDetector)
        /// The retry planner is an embedder's own (`makeRetryPlanner`): Envoy retries by the `retries`
        /// settings.
        public static let customRetryPlanner = Kind(.customRetryPlanner)
        /// Strict failover is exported as a very large overprovisioning factor, which Envoy also applies
        /// to locality weights: with `localityWeighted`, a partly healthy cluster keeps its full weight.
        public static let strictFailoverLocalityWeights = Kind(.strictFailoverLocalityWeights)
        /// Least request over endpoints of unequal weights: Envoy schedules them by
        /// `weight / (active + 1)^bias`, EdgeRouting compares `active / weight` of two random candidates.
        public static let leastRequestWeights = Kind(.leastRequestWeights)
        /// A cluster's endpoint weights add up to more than Envoy's locality weight can hold (`uint32`):
        /// its locality weight is capped.
        public static let localityWeightOverflow = Kind(.localityWeightOverflow)
        /// The back-off strategy has no Envoy equivalent (equal or decorrelated jitter): exported as
        /// Envoy's jittered exponential back-off with the same intervals.
        public static let backoffStrategy = Kind(.backoffStrategy)
        /// A reset header's format has no Envoy equivalent (`http-date`): the header is left out of
        /// `rate_limited_retry_back_off`.
        public static let resetHeaderFormat = Kind(.resetHeaderFormat)
        /// Envoy has no windowed retry budget (a share of recent requests plus a floor per second): only
        /// `num_retries` and the in-flight budget, if configured, bound retries.
        public static let windowedRetryBudget = Kind(.windowedRetryBudget)
        /// The retry target needs exclusions Envoy's retry plugins express only approximately for this
        /// destination's tiers (`previous_priorities` skips a whole priority; `previous_hosts` re-draws
        /// within one).
        public static let retryTargetApproximated = Kind(.retryTargetApproximated)
        /// More retries than EdgeRouting's exclusion set remembers attempts: EdgeRouting forgets the
        /// oldest tried endpoints, Envoy's `previous_hosts` remembers all of them.
        public static let retryMemory = Kind(.retryMemory)
        /// A weighted route's in-flight retry budget covers all its targets in EdgeRouting (the budget is
        /// the route's); in Envoy each target is a cluster of its own with its own `retry_budget`.
        public static let weightedRetryBudgetScope = Kind(.weightedRetryBudgetScope)
        /// A server is unreachable in the exported listener: an earlier server has the same hostname on
        /// another port, and one listener serves the first server of each hostname.
        public static let shadowedServer = Kind(.shadowedServer)
        /// A cluster's endpoints are DNS names: exported as a `STRICT_DNS` cluster, in which every
        /// resolved address is an endpoint of its own, and (with file-based xDS) inline in CDS, because
        /// EDS accepts only IP addresses.
        public static let dnsEndpoints = Kind(.dnsEndpoints)
        /// Active health checking is not exported (the extension point in `HealthCheckExport`): the
        /// exported Envoy relies on outlier detection alone.
        public static let activeHealthChecksNotExported = Kind(.activeHealthChecksNotExported)

        /// The kind's name, for example `windowedRetryBudget`.
        public var description: String {
            self.wrapped.rawValue
        }
    }

    /// What kind of difference this is.
    public let kind: Kind
    /// The setting concerned, in the EdgeRouting documents: a router-settings path such as
    /// `retries.budget`, or an edge Gateway path such as `spec.http[0].routing.rules[1]`.
    public let path: String
    /// The Envoy cluster concerned, if the difference is about one.
    public let cluster: String?
    /// What EdgeRouting does, what the exported Envoy does instead, in one or two sentences.
    public let message: String

    /// Creates a diagnostic.
    ///
    /// - Parameters:
    ///   - kind: The kind of difference.
    ///   - path: The setting concerned.
    ///   - cluster: The Envoy cluster concerned, if any.
    ///   - message: What differs.
    public init(kind: Kind, path: String, cluster: String? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.cluster = cluster
        self.message = message
    }

    /// One line: `KIND at PATH (cluster NAME): MESSAGE`.
    public var description: String {
        var text = "\(self.kind) at \(self.path)"
        if let cluster = self.cluster {
            text += " (cluster \(cluster))"
        }
        return text + ": " + self.message
    }
}
