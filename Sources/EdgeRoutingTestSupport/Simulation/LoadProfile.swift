import EdgeRouting

/// How the simulated clients send requests.
///
/// - ``closedLoop(connections:)``: like `wrk -c N -t 1`: each of N connections sends a request, waits
///   for its answer, and sends the next at once. Throughput follows latency, as in the guide's
///   `wrk -c 1 -t 1 -d 30`.
/// - ``openLoop(rate:)``: a request every `1/rate` seconds, whatever the answers (a fixed arrival rate).
///
/// In documents: `{connections: 1}` or `{rate: 200}`.
public struct LoadProfile: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case closedLoop(Int)
        case openLoop(Double)
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// The largest number of connections of a closed loop.
    public static let maximumConnections = 100_000
    /// The largest rate of an open loop, in requests per second.
    public static let maximumRate = 10_000_000.0

    /// A closed loop with `connections` connections (clamped to `1...maximumConnections`).
    ///
    /// - Parameter connections: The number of connections, each with one request in flight.
    /// - Returns: The profile.
    public static func closedLoop(connections: Int) -> LoadProfile {
        LoadProfile(.closedLoop(min(max(connections, 1), Self.maximumConnections)))
    }

    /// An open loop of `rate` requests per second (clamped to `0.001...maximumRate`).
    ///
    /// - Parameter rate: Requests per second.
    /// - Returns: The profile.
    public static func openLoop(rate: Double) -> LoadProfile {
        let rate = rate.isFinite ? rate : 1
        return LoadProfile(.openLoop(min(max(rate, 0.001), Self.maximumRate)))
    }

    /// The guide's load: `wrk -c 1 -t 1`.
    public static let wrk = LoadProfile.closedLoop(connections: 1)

    /// The connections of a closed loop, or `nil` for an open loop.
    public var connections: Int? {
        if case .closedLoop(let connections) = self.wrapped { return connections }
        return nil
    }

    /// The rate of an open loop, or `nil` for a closed loop.
    public var rate: Double? {
        if case .openLoop(let rate) = self.wrapped { return rate }
        return nil
    }

    /// `closed loop, 1 connection` or `open loop, 200 requests/s`.
    public var description: String {
        switch self.wrapped {
        case .closedLoop(let connections):
            return "closed loop, \(connections) connection" + (connections == 1 ? "" : "s")
        case .openLoop(let rate):
            let text = rate == rate.rounded() ? String(Int(rate)) : String(rate)
            return "open loop, \(text) requests/s"
        }
    }
}

extension LoadProfile: Codable {
    private enum CodingKeys: String, CodingKey {
        case connections
        case rate
    }

    /// Decodes `{connections: N}` or `{rate: R}`.
    public init(from decoder: any Decoder) throws {
        try ScenarioCoding.rejectUnknownKeys(decoder, allowed: ["connections", "rate"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let connections = try ScenarioCoding.decodeInteger(
            container,
            .connections,
            decoder: decoder,
            in: 1...Self.maximumConnections
        )
        let rate = try ScenarioCoding.decodeDouble(container, .rate, decoder: decoder, in: 0.001...Self.maximumRate)
        switch (connections, rate) {
        case (let connections?, nil):
            self = .closedLoop(connections: connections)
        case (nil, let rate?):
            self = .openLoop(rate: rate)
        case (.some, .some):
            throw ConfigurationError(
                code: .conflictingFields,
                path: ScenarioCoding.path(decoder.codingPath, "rate"),
                message: "give either 'connections' (closed loop) or 'rate' (open loop), not both"
            )
        case (nil, nil):
            throw ConfigurationError(
                code: .missingField,
                path: ScenarioCoding.path(decoder.codingPath),
                message: "give 'connections' (closed loop) or 'rate' (open loop)"
            )
        }
    }

    /// Encodes `{connections: N}` or `{rate: R}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self.wrapped {
        case .closedLoop(let connections): try container.encode(connections, forKey: .connections)
        case .openLoop(let rate): try container.encode(rate, forKey: .rate)
        }
    }
}
