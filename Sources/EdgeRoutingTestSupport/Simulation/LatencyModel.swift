import EdgeRouting

/// How long each simulated attempt takes.
///
/// An attempt that reaches a working ingress and upstream takes one network round trip (same region
/// or cross region, seen from the edge) plus the service time (varied by ±``jitter``) plus any latency a
/// fault added. A refused connection takes one round trip; a `503` from an ingress without upstream
/// takes one round trip; an unreachable region (an outage) takes ``unreachableTimeout`` and ends in a
/// connect failure. When the retry policy has a per-try timeout, an attempt that would take longer
/// ends as a timeout at that instant. The client sees the edge's answer ``clientRoundTrip`` later.
///
/// ```yaml
/// latency: { sameRegion: 2ms, crossRegion: 40ms, serviceTime: 8ms, jitter: 0.25 }
/// ```
public struct LatencyModel: Hashable, Sendable {
    /// The round trip between the edge and an ingress gateway in the edge's region (default 2 ms).
    public var sameRegion: Duration
    /// The round trip between the edge and an ingress gateway in another region (default 40 ms).
    public var crossRegion: Duration
    /// The time the upstream service takes to answer (default 8 ms).
    public var serviceTime: Duration
    /// The relative spread of the service time: each answer takes `serviceTime × (1 ± jitter)`,
    /// uniformly (default 0.25).
    public var jitter: Double
    /// The time a connection attempt to an unreachable region takes to fail (default 1 s).
    public var unreachableTimeout: Duration
    /// The round trip between the client and the edge, added to every request (default 1 ms).
    public var clientRoundTrip: Duration

    /// Creates a model; every argument has a default.
    ///
    /// - Parameters:
    ///   - sameRegion: The round trip inside the edge's region.
    ///   - crossRegion: The round trip to another region.
    ///   - serviceTime: The upstream's answer time.
    ///   - jitter: The relative spread of the service time, in `0...1`.
    ///   - unreachableTimeout: How long a connection to an unreachable region takes to fail.
    ///   - clientRoundTrip: The client's round trip to the edge.
    public init(
        sameRegion: Duration = .milliseconds(2),
        crossRegion: Duration = .milliseconds(40),
        serviceTime: Duration = .milliseconds(8),
        jitter: Double = 0.25,
        unreachableTimeout: Duration = .seconds(1),
        clientRoundTrip: Duration = .milliseconds(1)
    ) {
        self.sameRegion = max(sameRegion, .zero)
        self.crossRegion = max(crossRegion, .zero)
        self.serviceTime = max(serviceTime, .zero)
        self.jitter = jitter.isFinite ? min(max(jitter, 0), 1) : 0
        self.unreachableTimeout = max(unreachableTimeout, .zero)
        self.clientRoundTrip = max(clientRoundTrip, .zero)
    }

    /// The defaults: 2 ms in region, 40 ms across regions, 8 ms ± 25 % service time, 1 s unreachable
    /// timeout, 1 ms client round trip.
    public static var defaults: LatencyModel {
        LatencyModel()
    }
}

extension LatencyModel: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case sameRegion
        case crossRegion
        case serviceTime
        case jitter
        case unreachableTimeout
        case clientRoundTrip
    }

    /// Decodes the model; missing fields keep their defaults.
    public init(from decoder: any Decoder) throws {
        try ScenarioCoding.rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = LatencyModel()
        func duration(_ key: CodingKeys, _ fallback: Duration) throws -> Duration {
            try ScenarioCoding.decodeDuration(container, key, decoder: decoder) ?? fallback
        }
        self.init(
            sameRegion: try duration(.sameRegion, defaults.sameRegion),
            crossRegion: try duration(.crossRegion, defaults.crossRegion),
            serviceTime: try duration(.serviceTime, defaults.serviceTime),
            jitter: try ScenarioCoding.decodeDouble(container, .jitter, decoder: decoder, in: 0...1) ?? defaults.jitter,
            unreachableTimeout: try duration(.unreachableTimeout, defaults.unreachableTimeout),
            clientRoundTrip: try duration(.clientRoundTrip, defaults.clientRoundTrip)
        )
    }

    /// Encodes every field, durations as text (`40ms`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ScenarioCoding.formatDuration(self.sameRegion), forKey: .sameRegion)
        try container.encode(ScenarioCoding.formatDuration(self.crossRegion), forKey: .crossRegion)
        try container.encode(ScenarioCoding.formatDuration(self.serviceTime), forKey: .serviceTime)
        try container.encode(self.jitter, forKey: .jitter)
        try container.encode(ScenarioCoding.formatDuration(self.unreachableTimeout), forKey: .unreachableTimeout)
        try container.encode(ScenarioCoding.formatDuration(self.clientRoundTrip), forKey: .clientRoundTrip)
    }
}
