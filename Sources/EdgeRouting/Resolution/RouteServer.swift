/// One server of the edge Gateway, resolved: its hostname, port and rules, each rule with the plan of
/// its destination.
public struct RouteServer: Hashable, Sendable {
    /// The server's name.
    public let name: String
    /// The listener port.
    public let port: Int
    /// The hostname the server answers for (possibly a wildcard).
    public let hostname: Hostname
    /// The server's failover settings, if any; they shaped the tiers of its failover plans.
    public let failoverSettings: FailoverSettings?
    /// The rules, in configuration order; the first that matches a request wins.
    public let rules: [ResolvedRule]

    /// Creates a resolved server.
    ///
    /// - Parameters:
    ///   - name: The server's name.
    ///   - port: The listener port.
    ///   - hostname: The hostname.
    ///   - failoverSettings: The failover settings, if any.
    ///   - rules: The resolved rules.
    public init(
        name: String,
        port: Int,
        hostname: Hostname,
        failoverSettings: FailoverSettings? = nil,
        rules: [ResolvedRule]
    ) {
        self.name = name
        self.port = port
        self.hostname = hostname
        self.failoverSettings = failoverSettings
        self.rules = rules
    }
}

/// One rule of a resolved server: its match conditions and the plan of its destination.
public struct ResolvedRule: Hashable, Sendable {
    /// The conditions, any one of which selects the rule; empty matches every request.
    public let match: [HTTPMatchCondition]
    /// Where the rule's requests go.
    public let plan: DestinationPlan

    /// Creates a resolved rule.
    ///
    /// - Parameters:
    ///   - match: The match conditions.
    ///   - plan: The destination plan.
    public init(match: [HTTPMatchCondition], plan: DestinationPlan) {
        self.match = match
        self.plan = plan
    }

    /// Whether a request selects this rule.
    ///
    /// - Parameters:
    ///   - path: The request path, with its query string.
    ///   - header: Looks up a header's value by lower-cased name.
    public func matches(path: Substring, header: (String) -> Substring?) -> Bool {
        if self.match.isEmpty { return true }
        for condition in self.match where condition.matches(path: path, header: header) {
            return true
        }
        return false
    }
}

/// The result of a successful route lookup: the server, the rule that matched and its plan.
public struct RouteMatch: Sendable {
    /// The server's index in ``RouteTable/servers``.
    public let serverIndex: Int
    /// The server chosen by the request's host (and listener port).
    public let server: RouteServer
    /// The index of the first rule that matched, in ``RouteServer/rules``.
    public let ruleIndex: Int
    /// The matched rule's destination plan.
    public let plan: DestinationPlan

    /// The matched rule.
    public var rule: ResolvedRule {
        self.server.rules[self.ruleIndex]
    }
}
