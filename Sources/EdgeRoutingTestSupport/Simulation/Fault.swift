@_spi(TestSupport) import EdgeRouting

/// Something that happens to the simulated world: the guide's failure drills and their repairs.
///
/// | fault | document key | effect |
/// |---|---|---|
/// | ``deleteGateway(cluster:gateway:)`` | `deleteGateway: {cluster, gateway?}` | `tctl delete -f bookinfo-ingress-1.yaml`: the edge learns after the propagation delay |
/// | ``restoreGateway(cluster:gateway:)`` | `restoreGateway: {cluster, gateway?}` | `tctl apply -f …` again |
/// | ``scaleIngress(cluster:replicas:)`` | `scaleIngress: {cluster, replicas}` | `kubectl scale deployment ingressgw-1 --replicas=N`: the first N endpoints serve, the others refuse connections |
/// | ``scaleUpstream(cluster:replicas:)`` | `scaleUpstream: {cluster, replicas}` | `kubectl scale deployment productpage-v1 --replicas=N`; 0 makes the ingress answer `503 UH` |
/// | ``regionOutage(_:)`` | `regionOutage: {region}` | every cluster of the region becomes unreachable |
/// | ``restoreRegion(_:)`` | `restoreRegion: {region}` | the region is reachable again |
/// | ``flap(cluster:endpoint:down:up:until:)`` | `flap: {cluster, endpoint?, down, up, until}` | the ingress (or one endpoint) refuses connections for `down`, works for `up`, repeatedly |
/// | ``addLatency(cluster:_:)`` | `addLatency: {cluster, latency}` | every answer of the cluster takes that much longer; `0s` removes it |
///
/// A struct over a private enum, so that faults can be added without breaking callers.
public struct Fault: Hashable, Sendable, CustomStringConvertible {
    enum Action: Hashable, Sendable {
        case deleteGateway(cluster: String, gateway: String?)
        case restoreGateway(cluster: String, gateway: String?)
        case scaleIngress(cluster: String, replicas: Int)
        case scaleUpstream(cluster: String, replicas: Int)
        case regionOutage(region: String)
        case restoreRegion(region: String)
        case flap(cluster: String, endpoint: String?, down: Duration, up: Duration, until: Duration)
        case addLatency(cluster: String, latency: Duration)
    }

    let action: Action

    private init(_ action: Action) {
        self.action = action
    }

    /// Deletes a workload Gateway (by default every Gateway of the cluster that serves the simulated
    /// hostname). The edge is reconfigured after the control-plane propagation delay; the ingress keeps
    /// serving until shortly after that (``SimulationScenario/ingressDrain``).
    ///
    /// - Parameters:
    ///   - cluster: The workload cluster.
    ///   - gateway: The Gateway's `metadata.name`, or `nil` for those serving the hostname.
    /// - Returns: The fault.
    public static func deleteGateway(cluster: String, gateway: String? = nil) -> Fault {
        Fault(.deleteGateway(cluster: cluster, gateway: gateway))
    }

    /// Applies a deleted workload Gateway again: the ingress serves at once, the edge learns after the
    /// propagation delay.
    ///
    /// - Parameters:
    ///   - cluster: The workload cluster.
    ///   - gateway: The Gateway's `metadata.name`, or `nil` for every Gateway deleted from the cluster.
    /// - Returns: The fault.
    public static func restoreGateway(cluster: String, gateway: String? = nil) -> Fault {
        Fault(.restoreGateway(cluster: cluster, gateway: gateway))
    }

    /// Scales a cluster's ingress gateway. Each replica is one of the cluster's ingress endpoints: with
    /// `replicas` running, the first `replicas` endpoints (in topology order) serve and the others
    /// refuse connections — `replicas: 2` on a three-endpoint cluster takes its third endpoint down,
    /// `replicas: 0` all of them, and scaling back up restores them. Replicas beyond the endpoint count
    /// run pods the edge does not know of, and change nothing. At the start every endpoint serves.
    ///
    /// - Parameters:
    ///   - cluster: The workload cluster.
    ///   - replicas: The new number of replicas (negative counts as 0).
    /// - Returns: The fault (or, with replicas above 0, the repair).
    public static func scaleIngress(cluster: String, replicas: Int) -> Fault {
        Fault(.scaleIngress(cluster: cluster, replicas: max(0, replicas)))
    }

    /// Scales a cluster's upstream service; with 0 replicas its ingress answers `503` (flag `UH`, body
    /// `no healthy upstream`).
    ///
    /// - Parameters:
    ///   - cluster: The workload cluster.
    ///   - replicas: The new number of replicas (negative counts as 0).
    /// - Returns: The fault (or, with replicas above 0, the repair).
    public static func scaleUpstream(cluster: String, replicas: Int) -> Fault {
        Fault(.scaleUpstream(cluster: cluster, replicas: max(0, replicas)))
    }

    /// Makes every workload cluster of a region unreachable: connections time out after
    /// ``LatencyModel/unreachableTimeout``. The edge itself is assumed to run elsewhere and survive.
    ///
    /// - Parameter region: The region.
    /// - Returns: The fault.
    public static func regionOutage(_ region: String) -> Fault {
        Fault(.regionOutage(region: region))
    }

    /// Ends a region outage.
    ///
    /// - Parameter region: The region.
    /// - Returns: The repair.
    public static func restoreRegion(_ region: String) -> Fault {
        Fault(.restoreRegion(region: region))
    }

    /// Makes a cluster's ingress (or one endpoint) flap: it refuses connections for `down`, works for
    /// `up`, and so on, until the scenario time `until`, when it stays up.
    ///
    /// - Parameters:
    ///   - cluster: The workload cluster.
    ///   - endpoint: One endpoint's address (`host:port`), or `nil` for all of the cluster's endpoints.
    ///   - down: How long each outage lasts (at least 1 ms).
    ///   - up: How long each recovery lasts (at least 1 ms).
    ///   - until: When the flapping stops, in scenario time.
    /// - Returns: The fault.
    public static func flap(
        cluster: String,
        endpoint: String? = nil,
        down: Duration,
        up: Duration,
        until: Duration
    ) -> Fault {
        Fault(
            .flap(
                cluster: cluster,
                endpoint: endpoint,
                down: max(down, .milliseconds(1)),
                up: max(up, .milliseconds(1)),
                until: until
            )
        )
    }

    /// Adds latency to every answer from a cluster; `.zero` removes it.
    ///
    /// - Parameters:
    ///   - cluster: The workload cluster.
    ///   - latency: The extra time per answer.
    /// - Returns: The fault.
    public static func addLatency(cluster: String, _ latency: Duration) -> Fault {
        Fault(.addLatency(cluster: cluster, latency: max(latency, .zero)))
    }

    /// The cluster the fault concerns, if it concerns one.
    public var cluster: String? {
        switch self.action {
        case .deleteGateway(let cluster, _), .restoreGateway(let cluster, _), .scaleIngress(let cluster, _),
            .scaleUpstream(let cluster, _), .flap(let cluster, _, _, _, _), .addLatency(let cluster, _):
            return cluster
        case .regionOutage, .restoreRegion:
            return nil
        }
    }

    /// What an operator would type or see, for example
    /// `kubectl scale deployment ingressgw (cluster-1) --replicas=0`.
    public var description: String {
        switch self.action {
        case .deleteGateway(let cluster, let gateway):
            return "delete Gateway \(gateway ?? "*") in \(cluster)"
        case .restoreGateway(let cluster, let gateway):
            return "apply Gateway \(gateway ?? "*") in \(cluster)"
        case .scaleIngress(let cluster, let replicas):
            return "scale the ingress gateway of \(cluster) to \(replicas)"
        case .scaleUpstream(let cluster, let replicas):
            return "scale the upstream service of \(cluster) to \(replicas)"
        case .regionOutage(let region):
            return "outage of \(region)"
        case .restoreRegion(let region):
            return "\(region) restored"
        case .flap(let cluster, let endpoint, let down, let up, let until):
            return "\(endpoint ?? "the ingress of \(cluster)") flaps (down \(ScenarioCoding.formatDuration(down)), "
                + "up \(ScenarioCoding.formatDuration(up))) until \(ScenarioCoding.formatDuration(until))"
        case .addLatency(let cluster, let latency):
            return latency == .zero
                ? "remove added latency from \(cluster)"
                : "add \(ScenarioCoding.formatDuration(latency)) latency to \(cluster)"
        }
    }
}

/// A fault and the scenario time at which it happens.
///
/// ```swift
/// let faults: [ScheduledFault] = [
///     .at(.seconds(10), .scaleIngress(cluster: "cluster-1", replicas: 0)),
///     .at(.seconds(40), .scaleIngress(cluster: "cluster-1", replicas: 1)),
/// ]
/// ```
///
/// In documents: `{at: 10s, scaleIngress: {cluster: cluster-1, replicas: 0}}`.
public struct ScheduledFault: Hashable, Sendable, CustomStringConvertible {
    /// When the fault happens, from the start of the scenario.
    public var time: Duration
    /// What happens.
    public var fault: Fault

    /// Creates a scheduled fault.
    ///
    /// - Parameters:
    ///   - time: When it happens (negative counts as 0).
    ///   - fault: What happens.
    public init(time: Duration, fault: Fault) {
        self.time = max(time, .zero)
        self.fault = fault
    }

    /// A fault at `time`.
    ///
    /// - Parameters:
    ///   - time: When it happens.
    ///   - fault: What happens.
    /// - Returns: The scheduled fault.
    public static func at(_ time: Duration, _ fault: Fault) -> ScheduledFault {
        ScheduledFault(time: time, fault: fault)
    }

    /// `at 10s: …`.
    public var description: String {
        "at \(ScenarioCoding.formatDuration(self.time)): \(self.fault)"
    }
}

extension ScheduledFault: Codable {
    private static let actions = [
        "deleteGateway", "restoreGateway", "scaleIngress", "scaleUpstream", "regionOutage", "restoreRegion", "flap",
        "addLatency",
    ]

    /// Decodes `{at, ACTION: {...}}` with exactly one action.
    public init(from decoder: any Decoder) throws {
        try ScenarioCoding.rejectUnknownKeys(decoder, allowed: ["at"] + Self.actions)
        let container = try decoder.container(keyedBy: ScenarioCoding.AnyKey.self)
        guard let time = try ScenarioCoding.decodeDuration(container, .init("at"), decoder: decoder) else {
            throw ScenarioCoding.missing(decoder, "at")
        }
        let present = Self.actions.filter { container.contains(.init($0)) }
        guard let name = present.first else {
            throw ConfigurationError(
                code: .missingField,
                path: ScenarioCoding.path(decoder.codingPath),
                message: "a fault needs one of: " + Self.actions.joined(separator: ", ")
            )
        }
        if present.count > 1 {
            throw ConfigurationError(
                code: .conflictingFields,
                path: ScenarioCoding.path(decoder.codingPath, present[1]),
                message: "a fault has exactly one action; found \(present.joined(separator: " and "))"
            )
        }
        let nested = try container.superDecoder(forKey: .init(name))
        self.init(time: time, fault: try Self.decodeAction(name, nested))
    }

    private static func decodeAction(_ name: String, _ decoder: any Decoder) throws -> Fault {
        let fields: [String]
        switch name {
        case "deleteGateway", "restoreGateway": fields = ["cluster", "gateway"]
        case "scaleIngress", "scaleUpstream": fields = ["cluster", "replicas"]
        case "regionOutage", "restoreRegion": fields = ["region"]
        case "flap": fields = ["cluster", "endpoint", "down", "up", "until"]
        default: fields = ["cluster", "latency"]
        }
        try ScenarioCoding.rejectUnknownKeys(decoder, allowed: fields)
        let container = try decoder.container(keyedBy: ScenarioCoding.AnyKey.self)
        func text(_ key: String) throws -> String? {
            try ScenarioCoding.decodeName(container, .init(key), decoder: decoder)
        }
        func required<T>(_ key: String, _ value: T?) throws -> T {
            guard let value else { throw ScenarioCoding.missing(decoder, key) }
            return value
        }
        func duration(_ key: String, minimum: Duration = .zero) throws -> Duration {
            try required(key, ScenarioCoding.decodeDuration(container, .init(key), decoder: decoder, minimum: minimum))
        }
        func replicas() throws -> Int {
            try required(
                "replicas",
                ScenarioCoding.decodeInteger(container, .init("replicas"), decoder: decoder, in: 0...1_000_000)
            )
        }
        switch name {
        case "deleteGateway":
            return .deleteGateway(cluster: try required("cluster", text("cluster")), gateway: try text("gateway"))
        case "restoreGateway":
            return .restoreGateway(cluster: try required("cluster", text("cluster")), gateway: try text("gateway"))
        case "scaleIngress":
            return .scaleIngress(cluster: try required("cluster", text("cluster")), replicas: try replicas())
        case "scaleUpstream":
            return .scaleUpstream(cluster: try required("cluster", text("cluster")), replicas: try replicas())
        case "regionOutage":
            return .regionOutage(try required("region", text("region")))
        case "restoreRegion":
            return .restoreRegion(try required("region", text("region")))
        case "flap":
            return .flap(
                cluster: try required("cluster", text("cluster")),
                endpoint: try text("endpoint"),
                down: try duration("down", minimum: .milliseconds(1)),
                up: try duration("up", minimum: .milliseconds(1)),
                until: try duration("until")
            )
        default:
            return .addLatency(cluster: try required("cluster", text("cluster")), try duration("latency"))
        }
    }

    /// Encodes `{at, ACTION: {...}}`, durations as text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ScenarioCoding.AnyKey.self)
        try container.encode(ScenarioCoding.formatDuration(self.time), forKey: .init("at"))
        func encode(_ name: String, _ fields: [(String, String?)], _ integer: (String, Int)? = nil) throws {
            var nested = container.nestedContainer(keyedBy: ScenarioCoding.AnyKey.self, forKey: .init(name))
            for (key, value) in fields {
                try nested.encodeIfPresent(value, forKey: .init(key))
            }
            if let (key, value) = integer {
                try nested.encode(value, forKey: .init(key))
            }
        }
        let format = ScenarioCoding.formatDuration
        switch self.fault.action {
        case .deleteGateway(let cluster, let gateway):
            try encode("deleteGateway", [("cluster", cluster), ("gateway", gateway)])
        case .restoreGateway(let cluster, let gateway):
            try encode("restoreGateway", [("cluster", cluster), ("gateway", gateway)])
        case .scaleIngress(let cluster, let replicas):
            try encode("scaleIngress", [("cluster", cluster)], ("replicas", replicas))
        case .scaleUpstream(let cluster, let replicas):
            try encode("scaleUpstream", [("cluster", cluster)], ("replicas", replicas))
        case .regionOutage(let region):
            try encode("regionOutage", [("region", region)])
        case .restoreRegion(let region):
            try encode("restoreRegion", [("region", region)])
        case .flap(let cluster, let endpoint, let down, let up, let until):
            try encode(
                "flap",
                [
                    ("cluster", cluster), ("endpoint", endpoint), ("down", format(down)), ("up", format(up)),
                    ("until", format(until)),
                ]
            )
        case .addLatency(let cluster, let latency):
            try encode("addLatency", [("cluster", cluster), ("latency", format(latency))])
        }
    }
}
