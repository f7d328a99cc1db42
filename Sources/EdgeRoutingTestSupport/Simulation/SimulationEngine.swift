@_spi(TestSupport) import EdgeRouting

/// The discrete-event loop behind ``Simulation``: one thread, one binary heap of events in virtual
/// time, one router on a ``ManualClock``. The request path (route, send, complete, count) works on
/// preallocated arrays and plain values, so it allocates nothing per request.
struct SimulationEngine {
    /// A simulated workload cluster: its ingress gateway and upstream service.
    struct ClusterState {
        var name: String
        var region: String
        var ingress: String
        /// The upstream service's deployment name, for descriptions (`productpage`).
        var upstream: String
        var isLocal: Bool
        /// Running ingress pods: the first `ingressReplicas` endpoints (in topology order) serve, the
        /// others refuse connections. One per endpoint at the start.
        var ingressReplicas: Int
        var upstreamReplicas = 1
        var regionDown = false
        /// Flapping faults in progress on this cluster.
        var activeFlaps = 0
        /// Whether the ingress gateway has a Gateway configuration for the hostname right now.
        var servesHost: Bool
        /// Whether it had one at the start.
        var servedHostInitially: Bool
        var addedLatency: Int64 = 0
        /// Workload Gateways deleted (in the control plane's desired state).
        var deletedGateways: [String] = []
        /// The Gateways that serve the hostname, at the start.
        var hostGateways: [String]
        var allGateways: [String]
        var endpoints: [Int]

        /// Whether the cluster is impaired by its ingress: a scaled-down ingress, or flapping.
        var ingressImpaired: Bool {
            self.ingressReplicas < self.endpoints.count || self.activeFlaps > 0
        }
    }

    /// How an attempt ends; the raw value is the column of the ingress counts.
    enum AttemptResult: Int {
        case ok = 0
        case noUpstream = 1
        case noRoute = 2
        case refused = 3
        case timedOut = 4

        static let names = ["200", "503 UH", "404 NR", "UF", "UT"]

        var outcome: AttemptOutcome {
            switch self {
            case .ok: return .status(200)
            case .noUpstream: return .status(503)
            case .noRoute: return .status(404)
            case .refused: return .connectFailure
            case .timedOut: return .timeout
            }
        }
    }

    /// A request in flight.
    struct Slot {
        var attempt: Attempt?
        var result: AttemptResult = .ok
        var cluster: Int32 = -1
        var connection: Int32 = -1
        var start: Int64 = 0
    }

    /// A change of the world at a moment.
    enum Action {
        case fault(ScheduledFault)
        case endpointsDown([Int], Bool)
        case flapEnd(cluster: Int, endpoints: [Int], String)
        case edgeTopology(Topology, String)
        case ingressConfiguration(cluster: Int)
    }

    struct IncidentState {
        var start: Int64
        var repair: Int64?
        var clusters: Set<Int>
        var faults: [String]
    }

    struct TimelineItem {
        var time: Int64
        var kind: String
        var detail: String
    }

    static let bucketNanoseconds: Int64 = 100_000_000
    static let resultColumns = 5

    // Inputs.
    let simulation: Simulation
    let hostname: String
    let request: RequestHead
    let endNanoseconds: Int64
    let sameRegion: Int64
    let crossRegion: Int64
    let serviceTime: Int64
    let jitterRange: Int64
    let unreachable: Int64
    let clientRoundTrip: Int64

    // The world.
    let clock: ManualClock
    let router: EdgeRouter<ManualClock>
    let observer: SimulationObserver
    var random: SeededRandomNumberGenerator
    var clusters: [ClusterState]
    var endpointAddresses: [EndpointAddress]
    var endpointCluster: [Int]
    /// Each endpoint's position in its cluster: it serves while the position is below the ingress's
    /// replicas.
    var endpointPosition: [Int]
    /// Whether a flapping fault has the endpoint down right now.
    var endpointDown: [Bool]
    var endpointLookup: [EndpointID: Int32] = [:]
    var clusterLookup: [Int32] = []

    // The event loop.
    var heap = EventHeap(capacity: 4096)
    var slots: [Slot] = []
    var freeSlots: [Int32] = []
    var actions: [Action] = []
    var now: Int64 = 0

    // Counters.
    var edgeKeys: [Int: Int] = [:]
    var edgeKeyNames: [String] = []
    var edgeRows: [[(key: Int, count: Int)]] = []
    var ingressCounts: [Int] = []
    var secondRequests: [Int] = []
    var secondErrors: [Int] = []
    var secondRetries: [Int] = []
    var bucketTotal: [Int32] = []
    var bucketErrors: [Int32] = []
    var bucketSuccess: [Int32] = []
    var latencyMilliseconds: [Int] = Array(repeating: 0, count: 60_001)
    var latencyMax: Int64 = 0
    var answeredBy: [Int]
    var requests = 0
    var errors = 0
    var retries = 0

    // Narrative.
    var timeline: [TimelineItem] = []
    var incidents: [IncidentState] = []

    init(_ simulation: Simulation) throws {
        self.simulation = simulation
        let deployment = simulation.deployment
        let scenario = simulation.scenario
        guard let hostname = scenario.hostname ?? deployment.primaryHostname else {
            throw ConfigurationError(
                code: .missingField,
                path: "spec.http",
                message: "the edge Gateway has no server, so there is no hostname to request"
            )
        }
        self.hostname = hostname
        self.request = RequestHead(authority: hostname, path: scenario.path)
        self.endNanoseconds = scenario.duration.totalNanoseconds
        let latency = scenario.latency
        self.sameRegion = latency.sameRegion.totalNanoseconds
        self.crossRegion = latency.crossRegion.totalNanoseconds
        self.serviceTime = latency.serviceTime.totalNanoseconds
        self.jitterRange = Int64((Double(self.serviceTime) * latency.jitter).rounded())
        self.unreachable = latency.unreachableTimeout.totalNanoseconds
        self.clientRoundTrip = latency.clientRoundTrip.totalNanoseconds

        var root = SeededRandomNumberGenerator(seed: simulation.seed)
        let routerRandom = root.split()
        self.random = root.split()
        var configuration = simulation.configuration
        configuration.shardCount = 1
        self.clock = ManualClock()
        let endpointCounts = Dictionary(
            deployment.topology.clusters.map { ($0.name, $0.ingressEndpoints.count) },
            uniquingKeysWith: { first, _ in first }
        )
        self.observer = SimulationObserver(forwardingTo: simulation.observer, endpointCounts: endpointCounts)
        self.router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: configuration,
            clock: self.clock,
            random: routerRandom,
            observer: self.observer
        )

        var clusters: [ClusterState] = []
        var addresses: [EndpointAddress] = []
        var owners: [Int] = []
        var positions: [Int] = []
        for (index, cluster) in deployment.topology.clusters.enumerated() {
            let hostGateways = cluster.gateways.filter { Self.serves($0, hostname) }.compactMap(\.name)
            let serves = cluster.gateways.contains { Self.serves($0, hostname) }
            var endpoints: [Int] = []
            for (position, endpoint) in cluster.ingressEndpoints.enumerated() {
                endpoints.append(addresses.count)
                addresses.append(endpoint.address)
                owners.append(index)
                positions.append(position)
            }
            clusters.append(
                ClusterState(
                    name: cluster.name,
                    region: cluster.locality.region,
                    ingress: Self.ingressName(of: cluster),
                    upstream: Self.upstreamName(of: cluster, hostname: hostname),
                    isLocal: cluster.locality.region == deployment.edge.locality.region,
                    ingressReplicas: cluster.ingressEndpoints.count,
                    servesHost: serves,
                    servedHostInitially: serves,
                    hostGateways: hostGateways,
                    allGateways: cluster.gateways.compactMap(\.name),
                    endpoints: endpoints
                )
            )
        }
        self.clusters = clusters
        self.endpointAddresses = addresses
        self.endpointCluster = owners
        self.endpointPosition = positions
        self.endpointDown = Array(repeating: false, count: addresses.count)
        self.answeredBy = Array(repeating: 0, count: clusters.count)
        self.slots.reserveCapacity(1024)
    }

    // MARK: - Running

    mutating func run() throws -> TrafficReport {
        // Faults first (stable by time, then by their order in the scenario), then the load.
        let faults = self.simulation.scenario.faults.enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }
        for (_, fault) in faults {
            self.schedule(.fault(fault), at: fault.time.totalNanoseconds)
        }
        if let connections = self.simulation.scenario.load.connections {
            for connection in 0..<connections where self.endNanoseconds > 0 {
                self.heap.push(time: 0, kind: .arrival, payload: Int32(connection))
            }
        } else if self.endNanoseconds > 0 {
            self.heap.push(time: 0, kind: .arrival, payload: -1)
        }
        var arrivals: Int64 = 0
        let rate = self.simulation.scenario.load.rate ?? 1

        while let event = self.heap.pop() {
            if event.time > self.now {
                self.now = event.time
                self.clock.advance(to: ManualClock.Instant(offset: .nanoseconds(event.time)))
            }
            switch event.kind {
            case .arrival:
                if event.payload < 0 {
                    arrivals += 1
                    let next = Int64((Double(arrivals) * 1e9 / rate).rounded(.down))
                    if next < self.endNanoseconds {
                        self.heap.push(time: next, kind: .arrival, payload: -1)
                    }
                }
                self.startRequest(connection: event.payload)
            case .attemptEnd:
                self.endAttempt(slot: Int(event.payload))
            case .retryStart:
                self.sendAttempt(slot: Int(event.payload))
            case .action:
                try self.perform(Int(event.payload))
            }
        }
        return self.report()
    }

    mutating func schedule(_ action: Action, at time: Int64) {
        self.actions.append(action)
        self.heap.push(time: time, kind: .action, payload: Int32(self.actions.count - 1))
    }

    // MARK: - Requests

    private mutating func startRequest(connection: Int32) {
        switch self.router.route(self.request) {
        case .respond(let local):
            self.finish(status: local.status, flags: local.flags, cluster: -1, start: self.now, connection: connection)
        case .forward(let attempt):
            let slot: Int
            if let free = self.freeSlots.popLast() {
                slot = Int(free)
            } else {
                slot = self.slots.count
                self.slots.append(Slot())
            }
            self.slots[slot].attempt = attempt
            self.slots[slot].connection = connection
            self.slots[slot].start = self.now
            self.sendAttempt(slot: slot)
        }
    }

    private mutating func sendAttempt(slot: Int) {
        guard let attempt = self.slots[slot].attempt else { return }
        let cluster = self.clusterIndex(attempt.cluster)
        let endpoint = self.endpointIndex(attempt.endpoint)
        var result = AttemptResult.refused
        var latency = self.sameRegion
        if cluster >= 0 {
            let state = self.clusters[cluster]
            let roundTrip = state.isLocal ? self.sameRegion : self.crossRegion
            latency = roundTrip
            if state.regionDown {
                latency = self.unreachable
            } else if endpoint < 0 || self.endpointPosition[endpoint] >= state.ingressReplicas
                || self.endpointDown[endpoint]
            {
                result = .refused
            } else if !state.servesHost {
                result = .noRoute
            } else if state.upstreamReplicas == 0 {
                result = .noUpstream
            } else {
                result = .ok
                var service = self.serviceTime
                if self.jitterRange > 0 {
                    let spread = UInt64(2 * self.jitterRange + 1)
                    service += Int64(self.random.next() % spread) - self.jitterRange
                }
                latency = roundTrip + max(0, service) + state.addedLatency
            }
        }
        if let timeout = attempt.perTryTimeout?.totalNanoseconds, latency > timeout {
            result = .timedOut
            latency = timeout
        }
        self.slots[slot].result = result
        self.slots[slot].cluster = Int32(cluster)
        self.heap.push(time: self.now + latency, kind: .attemptEnd, payload: Int32(slot))
    }

    private mutating func endAttempt(slot: Int) {
        guard let attempt = self.slots[slot].attempt else { return }
        let result = self.slots[slot].result
        let cluster = Int(self.slots[slot].cluster)
        let second = self.second(of: self.now)
        if cluster >= 0 {
            self.ingressCounts[(second * self.clusters.count + cluster) * Self.resultColumns + result.rawValue] += 1
        }
        switch self.router.complete(attempt, outcome: result.outcome) {
        case .finish(let final):
            let connection = self.slots[slot].connection
            let start = self.slots[slot].start
            self.slots[slot].attempt = nil
            self.freeSlots.append(Int32(slot))
            self.finish(
                status: final.status,
                flags: final.flags,
                cluster: cluster,
                start: start,
                connection: connection
            )
        case .retry(let retry):
            self.retries += 1
            self.secondRetries[second] += 1
            self.slots[slot].attempt = retry.attempt
            let delay = max(0, retry.delay.totalNanoseconds)
            self.heap.push(time: self.now + delay, kind: .retryStart, payload: Int32(slot))
        }
    }

    private mutating func finish(status: Int, flags: ResponseFlags, cluster: Int, start: Int64, connection: Int32) {
        let second = self.second(of: self.now)
        let key = status << 16 | Int(flags.rawValue & 0xFFFF)
        let column: Int
        if let known = self.edgeKeys[key] {
            column = known
        } else {
            column = self.edgeKeyNames.count
            self.edgeKeys[key] = column
            self.edgeKeyNames.append(flags.isEmpty ? "\(status)" : "\(status) \(flags)")
        }
        if let index = self.edgeRows[second].firstIndex(where: { $0.key == column }) {
            self.edgeRows[second][index].count += 1
        } else {
            self.edgeRows[second].append((column, 1))
        }
        self.requests += 1
        self.secondRequests[second] += 1
        let bucket = Int(self.now / Self.bucketNanoseconds)
        self.bucketTotal[bucket] += 1
        if status >= 400 || status == 0 {
            self.errors += 1
            self.secondErrors[second] += 1
            self.bucketErrors[bucket] += 1
        } else if cluster >= 0 {
            self.answeredBy[cluster] += 1
            self.bucketSuccess[bucket * self.clusters.count + cluster] += 1
        }
        let done = self.now + self.clientRoundTrip
        let latency = done - start
        self.latencyMax = max(self.latencyMax, latency)
        self.latencyMilliseconds[min(Int(latency / 1_000_000), self.latencyMilliseconds.count - 1)] += 1
        if connection >= 0 && done < self.endNanoseconds {
            self.heap.push(time: done, kind: .arrival, payload: connection)
        }
    }

    /// The second of `time`, growing the per-second and per-bucket arrays to hold it.
    private mutating func second(of time: Int64) -> Int {
        let second = Int(time / 1_000_000_000)
        while self.secondRequests.count <= second {
            self.secondRequests.append(0)
            self.secondErrors.append(0)
            self.secondRetries.append(0)
            self.edgeRows.append([])
            self.ingressCounts.append(contentsOf: repeatElement(0, count: self.clusters.count * Self.resultColumns))
            self.bucketTotal.append(contentsOf: repeatElement(0, count: 10))
            self.bucketErrors.append(contentsOf: repeatElement(0, count: 10))
            self.bucketSuccess.append(contentsOf: repeatElement(0, count: 10 * self.clusters.count))
        }
        return second
    }

    private mutating func clusterIndex(_ id: ClusterID) -> Int {
        let raw = Int(id.rawValue)
        if raw < self.clusterLookup.count, self.clusterLookup[raw] >= 0 {
            return Int(self.clusterLookup[raw])
        }
        while self.clusterLookup.count <= raw {
            self.clusterLookup.append(-1)
        }
        let name = self.router.name(of: id)
        let index = self.clusters.firstIndex { $0.name == name } ?? -1
        self.clusterLookup[raw] = Int32(index)
        return index
    }

    private mutating func endpointIndex(_ id: EndpointID) -> Int {
        if let known = self.endpointLookup[id] {
            return Int(known)
        }
        guard let address = self.router.address(of: id),
            let index = self.endpointAddresses.firstIndex(of: address)
        else { return -1 }
        self.endpointLookup[id] = Int32(index)
        return index
    }

    static func serves(_ gateway: Gateway, _ hostname: String) -> Bool {
        gateway.spec.http.contains { server in
            let value = server.hostname.value
            if value.hasPrefix("*.") {
                return hostname.hasSuffix(String(value.dropFirst())) && hostname.count > value.count - 1
            }
            return value == hostname
        }
    }

    /// The upstream service's short name: `productpage` for
    /// `bookinfo/productpage.bookinfo.svc.cluster.local`.
    static func upstreamName(of cluster: WorkloadCluster, hostname: String) -> String {
        for gateway in cluster.gateways where Self.serves(gateway, hostname) {
            for server in gateway.spec.http {
                for rule in server.rules {
                    if let host = rule.route.serviceDestination?.host {
                        let name = host.split(separator: "/").last.map(String.init) ?? host
                        return name.split(separator: ".").first.map(String.init) ?? name
                    }
                }
            }
        }
        return "upstream"
    }

    static func ingressName(of cluster: WorkloadCluster) -> String {
        for gateway in cluster.gateways {
            if let app = gateway.spec.workloadSelector?.labels["app"] {
                return app
            }
        }
        return "ingress of \(cluster.name)"
    }
}
