/// One HTTP server of a Gateway: a named listener port and hostname, with the rules that route its
/// requests and, on an edge, optional failover settings.
///
/// ```yaml
/// - name: bookinfo
///   port: 80
///   hostname: bookinfo.tse.tetratelabs.io
///   routing:
///     rules:
///       - route:
///           clusterDestination: {}
/// ```
public struct HTTPServer: Hashable, Sendable {
    /// The server's name, unique within its Gateway.
    public let name: String
    /// The listener port, 1…65535.
    public let port: Int
    /// The hostname the server answers for (possibly a wildcard).
    public let hostname: Hostname
    /// The routing rules, tried in order; at least one.
    public let rules: [RoutingRule]
    /// How remote regions are ordered for failover, if customised.
    public let failoverSettings: FailoverSettings?

    /// Creates a server.
    ///
    /// - Parameters:
    ///   - name: A name unique within the Gateway.
    ///   - port: The listener port, 1…65535.
    ///   - hostname: The hostname served.
    ///   - rules: At least one routing rule.
    ///   - failoverSettings: Optional failover ordering.
    /// - Throws: ``ConfigurationError`` at `name`, `port` or `routing.rules`.
    public init(
        name: String,
        port: Int,
        hostname: Hostname,
        rules: [RoutingRule],
        failoverSettings: FailoverSettings? = nil
    ) throws {
        if let problem = ValidationRules.nameProblem(name, what: "server name") {
            throw ConfigurationError.invalid("name", problem)
        }
        if !(1...65535).contains(port) {
            throw ConfigurationError.invalid("port", "port must be a whole number in 1...65535, got \(port)")
        }
        if rules.isEmpty {
            throw ConfigurationError(
                code: .missingField,
                path: "routing.rules",
                message: "a server needs at least one routing rule"
            )
        }
        self.name = name
        self.port = port
        self.hostname = hostname
        self.rules = rules
        self.failoverSettings = failoverSettings
    }

    /// The first rule that a request selects, if any.
    ///
    /// - Parameters:
    ///   - path: The request path, with its query string.
    ///   - header: Looks up a header's value by lower-cased name.
    public func rule(forPath path: Substring, header: (String) -> Substring?) -> RoutingRule? {
        self.rules.first { $0.matches(path: path, header: header) }
    }
}

extension HTTPServer: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case port
        case hostname
        case routing
        case failoverSettings
    }

    private enum RoutingKeys: String, CodingKey, CaseIterable {
        case rules
    }

    /// Decodes `{name, port, hostname, routing: {rules}, failoverSettings?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let port = try container.decodeInteger(Int.self, forKey: .port, in: 1...65535, what: "port")
        guard let port else {
            throw ConfigurationError(
                code: .missingField,
                path: FieldPath.render(decoder.codingPath + [CodingKeys.port]),
                message: "required field 'port' is missing"
            )
        }
        let hostname = try container.decode(Hostname.self, forKey: .hostname)
        guard container.contains(.routing) else {
            throw ConfigurationError(
                code: .missingField,
                path: FieldPath.render(decoder.codingPath + [CodingKeys.routing]),
                message: "required field 'routing' is missing"
            )
        }
        let routingDecoder = try container.superDecoder(forKey: .routing)
        try routingDecoder.rejectUnknownKeys(RoutingKeys.self)
        let routing = try routingDecoder.container(keyedBy: RoutingKeys.self)
        let rules = try routing.decode([RoutingRule].self, forKey: .rules)
        let failover = try container.decodeIfPresent(FailoverSettings.self, forKey: .failoverSettings)
        self = try decoder.validating {
            try HTTPServer(name: name, port: port, hostname: hostname, rules: rules, failoverSettings: failover)
        }
    }

    /// Encodes `{name, port, hostname, routing: {rules}, failoverSettings?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.port, forKey: .port)
        try container.encode(self.hostname, forKey: .hostname)
        var routing = container.nestedContainer(keyedBy: RoutingKeys.self, forKey: .routing)
        try routing.encode(self.rules, forKey: .rules)
        try container.encodeIfPresent(self.failoverSettings, forKey: .failoverSettings)
    }
}
