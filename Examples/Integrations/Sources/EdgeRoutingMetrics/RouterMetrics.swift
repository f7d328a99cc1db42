import CoreMetrics
import EdgeRouting
import Synchronization

/// Reports an `EdgeRouter`'s statistics and events to any swift-metrics backend, with the names and labels
/// of Envoy's tag-extracted Prometheus stats (see ``EnvoyStatName``).
///
/// Two feeds:
/// - **Statistics**, pulled: call ``update(from:)`` with `router.statistics()` before each scrape (or on a
///   timer). The router's counters are cumulative; swift-metrics counters only take increments, so the
///   reporter remembers what it last reported and adds the difference. A counter that went down (a
///   destination removed and added back) is reported as a reset: its new value is added.
/// - **Requests and events**, pushed: install the reporter as (part of) the router's `RoutingObserver`.
///   Each finished request records ``downstreamRequestTime`` in milliseconds; each event increments
///   ``events`` with an `event` label (`endpoint_ejected`, `traffic_shifted`, …). An embedder that times its
///   upstream attempts calls ``recordUpstreamRequestTime(_:cluster:)`` for each.
///
/// **Contract.** Thread-safe. Metric handles are created once per name and label set and kept under a
/// mutex; the request path takes that mutex once per request, which is cheap next to a network exchange
/// but is why the reporter is an observer and never part of the router's pick or report path.
public final class RouterMetrics: RoutingObserver {
    /// The histogram of downstream request time in milliseconds, from routing to the final answer,
    /// retries and backoff included (Envoy's `http.<prefix>.downstream_rq_time`).
    public static let downstreamRequestTime = "envoy_http_downstream_rq_time"
    /// The histogram of one upstream attempt's time in milliseconds, labelled `envoy_cluster_name`
    /// (Envoy's `cluster.<name>.upstream_rq_time`).
    public static let upstreamRequestTime = "envoy_cluster_upstream_rq_time"
    /// The counter of router events, labelled `event`.
    public static let events = "edge_routing_events"

    private struct State {
        var reported: [EnvoyStatName: UInt64] = [:]
        var counters: [EnvoyStatName: Counter] = [:]
        var gauges: [EnvoyStatName: Gauge] = [:]
        var upstreamTimes: [String: Recorder] = [:]
        var eventCounters: [String: Counter] = [:]
    }

    private let factory: any MetricsFactory
    private let downstreamTime: Recorder
    private let state = Mutex(State())

    /// Creates a reporter.
    ///
    /// - Parameter factory: The backend; by default the one bootstrapped in `MetricsSystem`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        self.downstreamTime = Recorder(
            label: Self.downstreamRequestTime,
            dimensions: [],
            aggregate: true,
            factory: factory
        )
    }

    /// Reports the router's counters and gauges.
    ///
    /// - Parameter statistics: A copy of the router's counters, `router.statistics()`.
    public func update(from statistics: RouterStatistics) {
        self.state.withLock { state in
            for (statistic, value) in statistics.counters {
                guard let name = EnvoyStatName(statistic: statistic) else { continue }
                switch name.kind {
                case .gauge:
                    let gauge =
                        state.gauges[name] ?? Gauge(label: name.label, dimensions: name.pairs, factory: self.factory)
                    state.gauges[name] = gauge
                    gauge.record(Double(value))
                case .counter:
                    let counter =
                        state.counters[name]
                        ?? Counter(label: name.label, dimensions: name.pairs, factory: self.factory)
                    state.counters[name] = counter
                    let last = state.reported[name] ?? 0
                    let increment = value >= last ? value - last : value
                    if increment > 0 { counter.increment(by: Int64(clamping: increment)) }
                    state.reported[name] = value
                }
            }
        }
    }

    /// Records one upstream attempt's time.
    ///
    /// - Parameters:
    ///   - duration: From sending the request to the end of the response (or the failure).
    ///   - cluster: The attempt's workload cluster.
    public func recordUpstreamRequestTime(_ duration: Duration, cluster: String) {
        let recorder = self.state.withLock { state in
            if let recorder = state.upstreamTimes[cluster] { return recorder }
            let recorder = Recorder(
                label: Self.upstreamRequestTime,
                dimensions: [("envoy_cluster_name", cluster)],
                aggregate: true,
                factory: self.factory
            )
            state.upstreamTimes[cluster] = recorder
            return recorder
        }
        recorder.record(Self.milliseconds(duration))
    }

    /// Counts the event under its kind's name.
    ///
    /// - Parameter event: The router's event.
    public func observe(_ event: RoutingEvent) {
        let name = Self.eventName(event.kind)
        let counter = self.state.withLock { state in
            if let counter = state.eventCounters[name] { return counter }
            let counter = Counter(label: Self.events, dimensions: [("event", name)], factory: self.factory)
            state.eventCounters[name] = counter
            return counter
        }
        counter.increment()
    }

    /// Records the request's downstream time.
    ///
    /// - Parameter record: The finished request.
    public func requestCompleted(_ record: AccessLogRecord) {
        self.downstreamTime.record(Self.milliseconds(record.duration))
    }

    /// The reporter needs every finished request's duration.
    public var wantsAccessLog: Bool { true }

    /// `endpointEjected` → `endpoint_ejected`.
    ///
    /// - Parameter kind: An event kind.
    /// - Returns: Its snake-case name.
    public static func eventName(_ kind: RoutingEvent.Kind) -> String {
        var name = ""
        for character in kind.description {
            if character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return name
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

extension EnvoyStatName {
    /// The labels as swift-metrics takes them.
    var pairs: [(String, String)] {
        self.dimensions.map { ($0.name, $0.value) }
    }
}
