/// What a simulation observed: per virtual second and per cluster the requests and their status codes
/// (the guide's three log windows: the edge gateway's log and each ingress gateway's log), totals,
/// client-visible errors, retries, ejections, a timeline, and per incident the times to fail over and
/// to recover.
///
/// The report is `Codable` (``json(prettyPrinted:)``) and renders as text tables (``text(perSecond:)``). The same
/// seed and inputs give the same report, byte for byte.
///
/// **Keys.** Edge answers are keyed by status and, when there are any, Envoy's response flags:
/// `200`, `503 UH`, `503 UF,URX`. Attempts at an ingress gateway are keyed `200`, `503 UH` (its
/// upstream is gone), `404 NR` (its Gateway is gone), `UF` (connection refused or unreachable: the edge's
/// view, the ingress never saw it) and `UT` (per-try timeout).
public struct TrafficReport: Codable, Hashable, Sendable {
    /// A workload cluster of the simulation.
    public struct Cluster: Codable, Hashable, Sendable {
        /// The cluster's name.
        public var name: String
        /// Its region.
        public var region: String
        /// Its ingress gateway's name (for example `ingressgw-1`).
        public var ingress: String
        /// Whether it is in the edge's region.
        public var isLocal: Bool

        /// Creates a cluster entry.
        ///
        /// - Parameters:
        ///   - name: The cluster's name.
        ///   - region: Its region.
        ///   - ingress: Its ingress gateway's name.
        ///   - isLocal: Whether it is in the edge's region.
        public init(name: String, region: String, ingress: String, isLocal: Bool) {
            self.name = name
            self.region = region
            self.ingress = ingress
            self.isLocal = isLocal
        }
    }

    /// One virtual second.
    public struct Second: Codable, Hashable, Sendable {
        /// The second, from 0.
        public var second: Int
        /// Requests answered by the edge in this second, by status (and flags): the edge gateway's log.
        public var edge: [String: Int]
        /// Attempts per cluster that ended in this second, by outcome: each ingress gateway's log (and
        /// the connections it refused).
        public var ingress: [String: [String: Int]]
        /// Requests answered in this second.
        public var requests: Int
        /// Of those, answered with a status of 400 or more (client-visible errors).
        public var errors: Int
        /// Retries scheduled in this second.
        public var retries: Int

        /// Creates a second.
        ///
        /// - Parameters:
        ///   - second: The second.
        ///   - edge: Edge answers by status.
        ///   - ingress: Attempts per cluster by outcome.
        ///   - requests: Requests answered.
        ///   - errors: Client-visible errors.
        ///   - retries: Retries scheduled.
        public init(
            second: Int,
            edge: [String: Int],
            ingress: [String: [String: Int]],
            requests: Int,
            errors: Int,
            retries: Int
        ) {
            self.second = second
            self.edge = edge
            self.ingress = ingress
            self.requests = requests
            self.errors = errors
            self.retries = retries
        }
    }

    /// Totals over the whole run.
    public struct Totals: Codable, Hashable, Sendable {
        /// Requests answered.
        public var requests: Int
        /// Requests answered with a status below 400.
        public var succeeded: Int
        /// Requests answered with a status of 400 or more: what clients saw fail.
        public var errors: Int
        /// Retries scheduled.
        public var retries: Int
        /// Enforced ejections of ingress endpoints.
        public var ejections: Int
        /// Re-admissions of ejected endpoints.
        public var readmissions: Int
        /// Edge answers by status (and flags).
        public var edge: [String: Int]
        /// Attempts per cluster by outcome.
        public var attempts: [String: [String: Int]]
        /// Successful answers per cluster that gave them.
        public var answeredBy: [String: Int]
        /// The median request latency as the client saw it, in seconds.
        public var latencyP50: Double
        /// The 99th-percentile request latency, in seconds.
        public var latencyP99: Double
        /// The longest request latency, in seconds.
        public var latencyMax: Double

        /// Creates totals.
        ///
        /// - Parameters:
        ///   - requests: Requests answered.
        ///   - succeeded: Requests below 400.
        ///   - errors: Requests of 400 or more.
        ///   - retries: Retries scheduled.
        ///   - ejections: Enforced ejections.
        ///   - readmissions: Re-admissions.
        ///   - edge: Edge answers by status.
        ///   - attempts: Attempts per cluster by outcome.
        ///   - answeredBy: Successes per cluster.
        ///   - latencyP50: Median latency in seconds.
        ///   - latencyP99: 99th-percentile latency in seconds.
        ///   - latencyMax: Longest latency in seconds.
        public init(
            requests: Int,
            succeeded: Int,
            errors: Int,
            retries: Int,
            ejections: Int,
            readmissions: Int,
            edge: [String: Int],
            attempts: [String: [String: Int]],
            answeredBy: [String: Int],
            latencyP50: Double,
            latencyP99: Double,
            latencyMax: Double
        ) {
            self.requests = requests
            self.succeeded = succeeded
            self.errors = errors
            self.retries = retries
            self.ejections = ejections
            self.readmissions = readmissions
            self.edge = edge
            self.attempts = attempts
            self.answeredBy = answeredBy
            self.latencyP50 = latencyP50
            self.latencyP99 = latencyP99
            self.latencyMax = latencyMax
        }
    }

    /// Something that happened at a moment: a fault, a reconfiguration, an ejection, a traffic shift.
    public struct TimelineEntry: Codable, Hashable, Sendable {
        /// When, in seconds from the start.
        public var time: Double
        /// `fault`, `reconfigured`, `rejected`, `ejected`, `readmitted` or `shifted`.
        public var kind: String
        /// What happened, in words.
        public var detail: String

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - time: Seconds from the start.
        ///   - kind: The kind of entry.
        ///   - detail: What happened.
        public init(time: Double, kind: String, detail: String) {
            self.time = time
            self.kind = kind
            self.detail = detail
        }
    }

    /// A period during which at least one cluster was impaired by a fault, and how traffic coped.
    ///
    /// A cluster is impaired while a fault holds it: fewer ingress replicas than endpoints, a flapping
    /// ingress, an unreachable region, no upstream, or no Gateway for the hostname.
    ///
    /// - ``carriedTraffic``: whether an impaired cluster answered before the fault (it is one of the
    ///   ``homeClusters``). When none did — a remote cluster that took no traffic — there was nothing
    ///   to fail over, and the failover and recovery times are `nil`.
    /// - ``timeToEject``: from the start until an endpoint of an impaired cluster was ejected.
    /// - ``timeToFailover``: from the start until the first one-second window, before the repair, in
    ///   which at least 99 % of the requests answered were answered successfully by unimpaired
    ///   clusters; `nil` when no window did (a weighted split does not fail over; a partial outage may
    ///   only spill part of the traffic, see ``spillPercent``).
    /// - ``spillPercent``: of the successful answers from the start until the repair, the share that
    ///   came from clusters outside the home clusters, in percent with one decimal: 100 for a complete
    ///   failover, 7 for a tier that lost one of three endpoints (Envoy's overprovisioning factor keeps
    ///   93 % local), a little for failures that retries hid, 0 when traffic stayed home.
    /// - ``timeToRecover``: from the repair until, in every one-second window up to the next incident
    ///   or the end, at least 99 % of the requests answered were answered successfully by the home
    ///   clusters; `nil` when that never held within the run.
    ///
    /// Windows slide in steps of 100 ms, so the times are multiples of 0.1 s.
    public struct Incident: Codable, Hashable, Sendable {
        /// When the first cluster became impaired, in seconds.
        public var start: Double
        /// When the last impaired cluster was repaired, in seconds, or `nil` if it never was.
        public var repair: Double?
        /// The impaired clusters.
        public var clusters: [String]
        /// The faults and repairs applied during the incident.
        public var faults: [String]
        /// The clusters that answered before the incident: where traffic should return.
        public var homeClusters: [String]
        /// Seconds from the start to the first ejection of an impaired cluster's endpoint.
        public var timeToEject: Double?
        /// Seconds from the start until traffic had failed over (see the type's discussion).
        public var timeToFailover: Double?
        /// Seconds from the repair until traffic was back (see the type's discussion).
        public var timeToRecover: Double?
        /// Client-visible errors from the start until recovery (or the end).
        public var errors: Int
        /// Whether an impaired cluster carried traffic before the fault.
        public var carriedTraffic: Bool
        /// The share of successful answers during the incident from outside the home clusters, in
        /// percent; `nil` when the impaired clusters carried no traffic or nothing was answered.
        public var spillPercent: Double?

        /// Creates an incident.
        ///
        /// - Parameters:
        ///   - start: Seconds at the start.
        ///   - repair: Seconds at the repair.
        ///   - clusters: The impaired clusters.
        ///   - faults: The faults applied.
        ///   - homeClusters: The clusters that answered before.
        ///   - timeToEject: Seconds to the first ejection.
        ///   - timeToFailover: Seconds to fail over.
        ///   - timeToRecover: Seconds to recover.
        ///   - errors: Client-visible errors.
        ///   - carriedTraffic: Whether an impaired cluster carried traffic before the fault.
        ///   - spillPercent: The share of answers from outside the home clusters.
        public init(
            start: Double,
            repair: Double?,
            clusters: [String],
            faults: [String],
            homeClusters: [String],
            timeToEject: Double?,
            timeToFailover: Double?,
            timeToRecover: Double?,
            errors: Int,
            carriedTraffic: Bool = true,
            spillPercent: Double? = nil
        ) {
            self.start = start
            self.repair = repair
            self.clusters = clusters
            self.faults = faults
            self.homeClusters = homeClusters
            self.timeToEject = timeToEject
            self.timeToFailover = timeToFailover
            self.timeToRecover = timeToRecover
            self.errors = errors
            self.carriedTraffic = carriedTraffic
            self.spillPercent = spillPercent
        }
    }

    /// The scenario's name.
    public var scenario: String
    /// The edge Gateway's destination form (`automatic`, `named`, `weighted`) or another label.
    public var destination: String
    /// The hostname requested.
    public var hostname: String
    /// The root seed of every random draw.
    public var seed: UInt64
    /// The load, for example `closed loop, 1 connection`.
    public var load: String
    /// How long clients sent requests, in seconds.
    public var duration: Double
    /// The workload clusters.
    public var clusters: [Cluster]
    /// Every second in which something was answered or attempted, and every second in between.
    public var seconds: [Second]
    /// The totals.
    public var totals: Totals
    /// Faults, reconfigurations, ejections, re-admissions and traffic shifts, in order.
    public var timeline: [TimelineEntry]
    /// The incidents, in order.
    public var incidents: [Incident]

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - scenario: The scenario's name.
    ///   - destination: The destination form or label.
    ///   - hostname: The hostname requested.
    ///   - seed: The root seed.
    ///   - load: The load's description.
    ///   - duration: Seconds of load.
    ///   - clusters: The clusters.
    ///   - seconds: The per-second rows.
    ///   - totals: The totals.
    ///   - timeline: The timeline.
    ///   - incidents: The incidents.
    public init(
        scenario: String,
        destination: String,
        hostname: String,
        seed: UInt64,
        load: String,
        duration: Double,
        clusters: [Cluster],
        seconds: [Second],
        totals: Totals,
        timeline: [TimelineEntry],
        incidents: [Incident]
    ) {
        self.scenario = scenario
        self.destination = destination
        self.hostname = hostname
        self.seed = seed
        self.load = load
        self.duration = duration
        self.clusters = clusters
        self.seconds = seconds
        self.totals = totals
        self.timeline = timeline
        self.incidents = incidents
    }
}
