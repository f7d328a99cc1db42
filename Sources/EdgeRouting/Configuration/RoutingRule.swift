/// One rule of a server's routing: optional match conditions and the route taken when they match.
///
/// Rules are tried in order and the first that matches wins; a rule without conditions matches every
/// request.
///
/// ```yaml
/// rules:
///   - match: [{ uri: { prefix: /api/ } }]
///     route: { clusterDestination: { clusters: [{ name: cluster-2 }] } }
///   - route: { clusterDestination: {} }
/// ```
public struct RoutingRule: Hashable, Sendable {
    /// The conditions, any one of which selects this rule; empty matches everything.
    public let match: [HTTPMatchCondition]
    /// What to do with a matching request.
    public let route: Route

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - match: The conditions, any one of which selects the rule; empty (the default) matches all.
    ///   - route: The route for matching requests.
    public init(match: [HTTPMatchCondition] = [], route: Route) {
        self.match = match
        self.route = route
    }

    /// Whether a request selects this rule.
    ///
    /// - Parameters:
    ///   - path: The request path, with its query string.
    ///   - header: Looks up a header's value by lower-cased name.
    public func matches(path: Substring, header: (String) -> Substring?) -> Bool {
        if self.match.isEmpty { return true }
        return self.match.contains { $0.matches(path: path, header: header) }
    }
}

extension RoutingRule: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case match
        case route
    }

    /// Decodes `{match?, route}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self) { key in
            // The guide's second document indents `clusterDestination` one level too shallow, which
            // puts it next to `route` instead of inside it.
            key == "clusterDestination" || key == "serviceDestination"
                ? "'\(key)' belongs inside 'route' (check its indentation)" : nil
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let match = try container.decodeIfPresent([HTTPMatchCondition].self, forKey: .match) ?? []
        let route = try container.decode(Route.self, forKey: .route)
        self.init(match: match, route: route)
    }

    /// Encodes `{match?, route}`, omitting an empty match list.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !self.match.isEmpty {
            try container.encode(self.match, forKey: .match)
        }
        try container.encode(self.route, forKey: .route)
    }
}
