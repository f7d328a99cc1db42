/// What a routing rule does with a request: send it to workload clusters (an edge Gateway) or to a
/// service (a workload Gateway). Exactly one of the two.
public struct Route: Hashable, Sendable, CustomStringConvertible {
    private enum Destination: Hashable, Sendable {
        case clusters(ClusterDestination)
        case service(ServiceDestination)
    }

    private let destination: Destination

    private init(_ destination: Destination) {
        self.destination = destination
    }

    /// Sends requests to workload clusters.
    ///
    /// - Parameter destination: The cluster destination.
    public static func clusters(_ destination: ClusterDestination) -> Route {
        Route(.clusters(destination))
    }

    /// Sends requests to a service in the Gateway's own cluster.
    ///
    /// - Parameter destination: The service destination.
    public static func service(_ destination: ServiceDestination) -> Route {
        Route(.service(destination))
    }

    /// The cluster destination, for an edge route.
    public var clusterDestination: ClusterDestination? {
        if case .clusters(let destination) = self.destination { return destination }
        return nil
    }

    /// The service destination, for a workload route.
    public var serviceDestination: ServiceDestination? {
        if case .service(let destination) = self.destination { return destination }
        return nil
    }

    /// `clusters (named)` or `service bookinfo/productpage…:9080`.
    public var description: String {
        switch self.destination {
        case .clusters(let destination): return "clusters (\(destination.form))"
        case .service(let destination):
            return "service \(destination.host)" + (destination.port.map { ":\($0)" } ?? "")
        }
    }
}

extension Route: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case clusterDestination
        case serviceDestination
    }

    /// Decodes `{clusterDestination}` or `{serviceDestination}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let clusters = try container.decodeIfPresent(ClusterDestination.self, forKey: .clusterDestination)
        let service = try container.decodeIfPresent(ServiceDestination.self, forKey: .serviceDestination)
        switch (clusters, service) {
        case (let clusters?, nil): self = .clusters(clusters)
        case (nil, let service?): self = .service(service)
        case (.some, .some):
            throw ConfigurationError(
                code: .conflictingFields,
                path: FieldPath.render(decoder.codingPath),
                message: "a route has either 'clusterDestination' or 'serviceDestination', not both"
            )
        case (nil, nil):
            throw ConfigurationError(
                code: .missingField,
                path: FieldPath.render(decoder.codingPath),
                message: "a route needs a 'clusterDestination' or a 'serviceDestination'"
            )
        }
    }

    /// Encodes `{clusterDestination}` or `{serviceDestination}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self.destination {
        case .clusters(let destination): try container.encode(destination, forKey: .clusterDestination)
        case .service(let destination): try container.encode(destination, forKey: .serviceDestination)
        }
    }
}
