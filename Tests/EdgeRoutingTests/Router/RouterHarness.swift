import EdgeRouting
import EdgeRoutingTestSupport
import Synchronization

/// Drives an `EdgeRouter` the way a proxy would, with a scripted upstream, and records what the
/// client saw. Used by the router's scenario tests.
final class RouterHarness: Sendable {
    let router: EdgeRouter<ManualClock>
    let clock: ManualClock
    let events: EventLog

    /// Everything that happened to one request.
    struct Trace: CustomStringConvertible {
        /// The clusters of the attempts, in order.
        var clusters: [String] = []
        /// The status the client got.
        var status = 0
        var flags: ResponseFlags = []
        var localBody: String?
        var delays: [Duration] = []

        var description: String {
            (self.clusters + ["\(self.status)"]).joined(separator: " → ")
        }
    }

    init(
        _ destination: ClusterDestination,
        topology: Topology? = nil,
        configuration: EdgeRouterConfiguration = EdgeRouterConfiguration(shardCount: 1),
        seed: UInt64 = 1
    ) throws {
        self.clock = ManualClock()
        self.events = EventLog()
        self.router = try EdgeRouter(
            gateway: DemoFixture.edgeGateway(destination),
            edge: DemoFixture.edge,
            topology: topology ?? DemoFixture.topology(),
            configuration: configuration,
            clock: self.clock,
            random: SeededRandomNumberGenerator(seed: seed),
            observer: self.events
        )
    }

    /// Sends one request; `upstream` answers each attempt given the attempt's cluster name.
    /// Retries are performed immediately, advancing the clock by their delay.
    func send(_ upstream: (String) -> AttemptOutcome) -> Trace {
        var trace = Trace()
        switch self.router.route(DemoFixture.request) {
        case .respond(let local):
            trace.status = local.status
            trace.flags = local.flags
            trace.localBody = local.body
            return trace
        case .forward(var attempt):
            while true {
                let cluster = self.router.name(of: attempt.cluster) ?? "?"
                trace.clusters.append(cluster)
                switch self.router.complete(attempt, outcome: upstream(cluster)) {
                case .finish(let final):
                    trace.status = final.status
                    trace.flags = final.flags
                    trace.localBody = final.localBody
                    return trace
                case .retry(let retry):
                    trace.delays.append(retry.delay)
                    self.clock.advance(by: retry.delay)
                    attempt = retry.attempt
                }
            }
        }
    }

    /// Sends `count` requests, one every `interval`, and returns their traces.
    func send(
        _ count: Int,
        every interval: Duration = .milliseconds(100),
        _ upstream: (String) -> AttemptOutcome
    )
        -> [Trace]
    {
        (0..<count).map { _ in
            defer { self.clock.advance(by: interval) }
            return self.send(upstream)
        }
    }
}

/// Collects the router's events.
final class EventLog: RoutingObserver {
    private let storage = Mutex<[RoutingEvent]>([])
    private let records = Mutex<[AccessLogRecord]>([])

    func observe(_ event: RoutingEvent) {
        self.storage.withLock { $0.append(event) }
    }

    func requestCompleted(_ record: AccessLogRecord) {
        self.records.withLock { $0.append(record) }
    }

    var wantsAccessLog: Bool { true }

    var all: [RoutingEvent] {
        self.storage.withLock { $0 }
    }

    var accessLog: [AccessLogRecord] {
        self.records.withLock { $0 }
    }

    var ejections: [EndpointHealthEvent] {
        self.all.filter { $0.kind == .endpointEjected }.compactMap(\.endpoint)
    }

    var readmissions: [EndpointHealthEvent] {
        self.all.filter { $0.kind == .endpointReadmitted }.compactMap(\.endpoint)
    }

    var shifts: [TrafficShift] {
        self.all.compactMap(\.trafficShift)
    }
}

/// Upstream behaviours of the guide's drills.
enum Upstream {
    static func healthy(_ cluster: String) -> AttemptOutcome { .status(200) }

    /// cluster-1's ingress gateway scaled to 0: connections refused.
    static func ingressDown(_ cluster: String) -> AttemptOutcome {
        cluster == "cluster-1" ? .connectFailure : .status(200)
    }

    /// cluster-1's upstream service scaled to 0: its ingress answers 503 (flag UH).
    static func upstreamDown(_ cluster: String) -> AttemptOutcome {
        cluster == "cluster-1" ? .status(503) : .status(200)
    }
}
