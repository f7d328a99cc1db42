import EdgeRouting

/// What a simulation runs: the load, for how long, and the faults at their times.
///
/// ```swift
/// let scenario = SimulationScenario(
///     name: "ingress-scale-to-zero",
///     duration: .seconds(90),
///     load: .closedLoop(connections: 1),
///     faults: [
///         .at(.seconds(10), .scaleIngress(cluster: "cluster-1", replicas: 0)),
///         .at(.seconds(40), .scaleIngress(cluster: "cluster-1", replicas: 1)),
///     ]
/// )
/// ```
///
/// The same scenario as a document (YAML or JSON; see `Documentation/FILE_FORMATS.md`):
///
/// ```yaml
/// name: ingress-scale-to-zero
/// duration: 90s
/// load: { connections: 1 }
/// faults:
///   - { at: 10s, scaleIngress: { cluster: cluster-1, replicas: 0 } }
///   - { at: 40s, scaleIngress: { cluster: cluster-1, replicas: 1 } }
/// ```
public struct SimulationScenario: Hashable, Sendable {
    /// The longest scenario (one day of virtual time).
    public static let maximumDuration = Duration.seconds(86_400)

    /// A name for reports.
    public var name: String
    /// How long clients send requests; requests in flight at the end still complete.
    public var duration: Duration
    /// How clients send requests.
    public var load: LoadProfile
    /// The faults, at their times (in any order; equal times apply in the order given).
    public var faults: [ScheduledFault]
    /// How long the control plane takes to reconfigure the edge after a workload Gateway is deleted or
    /// applied (default 5 s).
    public var propagationDelay: Duration
    /// How long after the edge has been reconfigured a deleted Gateway's ingress stops serving the
    /// hostname (404 from then on; default 1 s): the control plane removes the edge's route first.
    public var ingressDrain: Duration
    /// How long attempts take.
    public var latency: LatencyModel
    /// The request path (default `/productpage`).
    public var path: String
    /// The request's host, or `nil` for the edge Gateway's first hostname.
    public var hostname: String?

    /// Creates a scenario.
    ///
    /// - Parameters:
    ///   - name: A name for reports.
    ///   - duration: How long clients send requests (clamped to `0...maximumDuration`).
    ///   - load: How clients send requests; the guide's `wrk -c 1` by default.
    ///   - faults: The faults.
    ///   - propagationDelay: The control plane's delay for Gateway changes.
    ///   - ingressDrain: How long a deleted Gateway's ingress keeps serving after the edge moved.
    ///   - latency: The latency model.
    ///   - path: The request path.
    ///   - hostname: The request's host, or `nil` for the edge Gateway's first hostname.
    public init(
        name: String,
        duration: Duration,
        load: LoadProfile = .wrk,
        faults: [ScheduledFault] = [],
        propagationDelay: Duration = .seconds(5),
        ingressDrain: Duration = .seconds(1),
        latency: LatencyModel = .defaults,
        path: String = "/productpage",
        hostname: String? = nil
    ) {
        self.name = name
        self.duration = min(max(duration, .zero), Self.maximumDuration)
        self.load = load
        self.faults = faults
        self.propagationDelay = max(propagationDelay, .zero)
        self.ingressDrain = max(ingressDrain, .zero)
        self.latency = latency
        self.path = path
        self.hostname = hostname
    }
}

extension SimulationScenario: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case duration
        case load
        case faults
        case propagationDelay
        case ingressDrain
        case latency
        case path
        case hostname
    }

    /// Decodes a scenario; only `duration` is required. Unknown fields are rejected with their path.
    public init(from decoder: any Decoder) throws {
        try ScenarioCoding.rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard
            let duration = try ScenarioCoding.decodeDuration(
                container,
                .duration,
                decoder: decoder,
                minimum: .milliseconds(1)
            )
        else {
            throw ScenarioCoding.missing(decoder, "duration")
        }
        if duration > Self.maximumDuration {
            throw ConfigurationError(
                code: .invalidValue,
                path: ScenarioCoding.path(decoder.codingPath, "duration"),
                message: "must be at most 24h"
            )
        }
        let path = try ScenarioCoding.decodeName(container, .path, decoder: decoder) ?? "/productpage"
        if !path.hasPrefix("/") {
            throw ConfigurationError(
                code: .invalidValue,
                path: ScenarioCoding.path(decoder.codingPath, "path"),
                message: "a path starts with '/', got \"\(path)\""
            )
        }
        self.init(
            name: try ScenarioCoding.decodeName(container, .name, decoder: decoder) ?? "scenario",
            duration: duration,
            load: try container.decodeIfPresent(LoadProfile.self, forKey: .load) ?? .wrk,
            faults: try container.decodeIfPresent([ScheduledFault].self, forKey: .faults) ?? [],
            propagationDelay: try ScenarioCoding.decodeDuration(container, .propagationDelay, decoder: decoder)
                ?? .seconds(5),
            ingressDrain: try ScenarioCoding.decodeDuration(container, .ingressDrain, decoder: decoder) ?? .seconds(1),
            latency: try container.decodeIfPresent(LatencyModel.self, forKey: .latency) ?? .defaults,
            path: path,
            hostname: try ScenarioCoding.decodeName(container, .hostname, decoder: decoder)
        )
    }

    /// Encodes every field, durations as text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(ScenarioCoding.formatDuration(self.duration), forKey: .duration)
        try container.encode(self.load, forKey: .load)
        try container.encode(self.faults, forKey: .faults)
        try container.encode(ScenarioCoding.formatDuration(self.propagationDelay), forKey: .propagationDelay)
        try container.encode(ScenarioCoding.formatDuration(self.ingressDrain), forKey: .ingressDrain)
        try container.encode(self.latency, forKey: .latency)
        try container.encode(self.path, forKey: .path)
        try container.encodeIfPresent(self.hostname, forKey: .hostname)
    }
}
