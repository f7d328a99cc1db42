public import EdgeRouting

/// A deterministic discrete-event simulation of an edge gateway in front of workload clusters, in
/// virtual time: the guide's load generator, ingress gateways, upstream services and failure drills,
/// with a real ``/EdgeRouting/EdgeRouter`` making every routing decision.
///
/// ```swift
/// let simulation = Simulation(
///     deployment: DemoEnvironment.deployment(.automatic),
///     scenario: SimulationScenario(
///         name: "ingress-scale-to-zero", duration: .seconds(90),
///         faults: [
///             .at(.seconds(10), .scaleIngress(cluster: "cluster-1", replicas: 0)),
///             .at(.seconds(40), .scaleIngress(cluster: "cluster-1", replicas: 1)),
///         ]
///     ),
///     seed: 42
/// )
/// let report = try simulation.run()
/// print(report.text())
/// #expect(report.totals.errors == 0)   // retries hide the failure from clients
/// ```
///
/// **How it works.** A single-threaded event loop pops events from a binary heap ordered by virtual
/// time: client arrivals (a closed loop of N connections, like `wrk -c N`, or a fixed-rate open loop),
/// attempt completions, retries whose back-off has elapsed, and world changes (the faults). The router
/// runs with ``/EdgeRouting/EdgeRouterConfiguration/shardCount`` 1 on a ``ManualClock`` that the loop advances to
/// each event's time, and every random draw (the router's, the latency jitter) comes from generators
/// split off the one root ``seed``: the same inputs give the same ``TrafficReport``, byte for byte.
/// The request path allocates nothing per request, so a million simulated requests take seconds.
///
/// **The world.** Each workload cluster has an ingress gateway with one replica per ingress endpoint
/// (replica *i* is the cluster's endpoint *i*), and an upstream service with one replica. An attempt's
/// outcome follows the cluster's state when it is sent: unreachable region → connect failure after
/// ``LatencyModel/unreachableTimeout``; an endpoint whose replica is scaled away (see
/// ``Fault/scaleIngress(cluster:replicas:)``), or a flapping endpoint that is down → connection
/// refused; Gateway no longer configured at the ingress → `404`; upstream at 0 replicas → `503` (`UH`,
/// `no healthy upstream`); otherwise `200` after the latency model's time. Capacity is not modelled:
/// a serving endpoint, and an upstream with any number of replicas above 0, serve everything.
public struct Simulation: Sendable {
    /// The most toggles one flapping fault may schedule.
    static let maximumFlapToggles = 100_000

    /// The edge Gateway, the edge's location and the workload clusters.
    public var deployment: EdgeDeployment
    /// The load, the duration and the faults.
    public var scenario: SimulationScenario
    /// The router's configuration; its ``/EdgeRouting/EdgeRouterConfiguration/shardCount`` is forced to 1.
    public var configuration: EdgeRouterConfiguration
    /// The root seed of every random draw.
    public var seed: UInt64
    /// An observer that receives the router's events (and access-log records, if it wants them) too.
    public var observer: (any RoutingObserver)?
    /// The report's destination label; the edge Gateway's destination form when `nil`.
    public var label: String?

    /// Creates a simulation.
    ///
    /// - Parameters:
    ///   - deployment: The edge Gateway, the edge's location and the topology.
    ///   - scenario: The load, the duration and the faults.
    ///   - configuration: The router's configuration (its shard count is forced to 1).
    ///   - seed: The root seed.
    ///   - observer: Also receives the router's events, for example an ``EventRecorder``.
    ///   - label: The report's destination label, if not the destination form.
    public init(
        deployment: EdgeDeployment,
        scenario: SimulationScenario,
        configuration: EdgeRouterConfiguration = .defaults,
        seed: UInt64 = 1,
        observer: (any RoutingObserver)? = nil,
        label: String? = nil
    ) {
        self.deployment = deployment
        self.scenario = scenario
        self.configuration = configuration
        self.seed = seed
        self.observer = observer
        self.label = label
    }

    /// Checks that every fault names an existing cluster, region, Gateway or endpoint, and that the
    /// edge Gateway fits the topology.
    ///
    /// - Throws: ``/EdgeRouting/ConfigurationError`` with a path such as `faults[2].scaleIngress.cluster`.
    public func validate() throws {
        _ = try self.deployment.routeTable()
        let topology = self.deployment.topology
        for (index, scheduled) in self.scenario.faults.enumerated() {
            let path = "faults[\(index)]." + scheduled.fault.key
            if let name = scheduled.fault.cluster, topology.cluster(named: name) == nil {
                throw ConfigurationError(
                    code: .invalidValue,
                    path: path + ".cluster",
                    message: "there is no cluster named \"\(name)\"; the topology has "
                        + topology.clusterNames.joined(separator: ", ")
                )
            }
            switch scheduled.fault.action {
            case .regionOutage(let region), .restoreRegion(let region):
                let regions = Set(topology.clusters.map(\.locality.region))
                if !regions.contains(region) {
                    throw ConfigurationError(
                        code: .invalidValue,
                        path: path + ".region",
                        message: "no cluster runs in region \"\(region)\"; regions: "
                            + regions.sorted().joined(separator: ", ")
                    )
                }
            case .deleteGateway(let cluster, let gateway?), .restoreGateway(let cluster, let gateway?):
                let names = topology.cluster(named: cluster)?.gateways.compactMap(\.name) ?? []
                if !names.contains(gateway) {
                    throw ConfigurationError(
                        code: .invalidValue,
                        path: path + ".gateway",
                        message: "cluster \"\(cluster)\" has no Gateway named \"\(gateway)\"; it has "
                            + (names.isEmpty ? "none" : names.joined(separator: ", "))
                    )
                }
            case .flap(let cluster, let endpoint?, let down, let up, let until):
                let addresses = topology.cluster(named: cluster)?.ingressEndpoints.map(\.address.description) ?? []
                if !addresses.contains(endpoint) {
                    throw ConfigurationError(
                        code: .invalidValue,
                        path: path + ".endpoint",
                        message: "cluster \"\(cluster)\" has no endpoint \(endpoint); it has "
                            + addresses.joined(separator: ", ")
                    )
                }
                try Self.checkFlap(down: down, up: up, from: scheduled.time, until: until, path: path)
            case .flap(_, nil, let down, let up, let until):
                try Self.checkFlap(down: down, up: up, from: scheduled.time, until: until, path: path)
            default:
                break
            }
        }
    }

    private static func checkFlap(down: Duration, up: Duration, from: Duration, until: Duration, path: String) throws {
        let period = (down + up).totalNanoseconds
        let span = max(0, (until - from).totalNanoseconds)
        if period > 0 && span / period > Int64(Self.maximumFlapToggles / 2) {
            throw ConfigurationError(
                code: .invalidValue,
                path: path + ".until",
                message: "the flapping would toggle more than \(Self.maximumFlapToggles) times; "
                    + "use longer down and up periods or an earlier end"
            )
        }
    }

    /// Runs the scenario from the start and reports what happened; every call gives the same report.
    ///
    /// - Returns: The traffic report.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when the deployment or a fault is invalid (see ``validate()``).
    public func run() throws -> TrafficReport {
        try self.validate()
        var engine = try SimulationEngine(self)
        return try engine.run()
    }
}

extension Fault {
    /// The document key of the fault's action, for error paths.
    var key: String {
        switch self.action {
        case .deleteGateway: return "deleteGateway"
        case .restoreGateway: return "restoreGateway"
        case .scaleIngress: return "scaleIngress"
        case .scaleUpstream: return "scaleUpstream"
        case .regionOutage: return "regionOutage"
        case .restoreRegion: return "restoreRegion"
        case .flap: return "flap"
        case .addLatency: return "addLatency"
        }
    }
}
