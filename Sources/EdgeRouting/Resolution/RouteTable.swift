/// The edge's routing, resolved: for each server of the edge Gateway, its rules and the destination
/// plan of each rule, plus the diagnostics found while resolving.
///
/// A route table is an immutable value, built from three inputs — the edge ``Gateway``, the edge's
/// ``EdgeLocation`` and the ``Topology`` — and rebuilt whenever one of them changes. Building it is the
/// control-plane side; ``lookup(authority:path:headers:listenerPort:)-(Substring,_,_,_)`` is the request side, safe to
/// call from any number of threads at once and free of allocations.
///
/// ```swift
/// let table = try RouteTable(gateway: edgeGateway, edgeLocation: edge, topology: topology)
/// guard let match = table.lookup(authority: "bookinfo.tse.tetratelabs.io", path: "/productpage") else {
///     return LocalResponse.noRoute  // 404 NR
/// }
/// print(match.plan.failover?.tiers ?? [])  // [{cluster-1}, {cluster-2}]
/// ```
///
/// ## Which clusters a plan contains
///
/// - An **automatic** destination's failover plan contains every cluster that has a workload Gateway
///   serving the server's hostname (equal names, or one a wildcard that covers the other; see
///   ``Hostname/overlaps(_:)``) and at least one ingress endpoint.
/// - A **named** destination's failover plan contains only the clusters its entries select (by name or
///   by labels, with an optional network filter) that exist, serve the hostname and have ingress
///   endpoints. No other cluster ever appears in it.
/// - A **weighted** destination's plan has one target per entry, in order, with the entry's weight;
///   an entry whose cluster is unusable keeps its weight and reaches no cluster.
///
/// Unusable clusters raise ``ResolutionDiagnostic``s instead of errors.
///
/// ## Priority tiers
///
/// Failover plans rank their clusters relative to the edge with Istio's rules: same region and zone,
/// then same region, then other regions; `regionalFailover` pushes remote regions other than the
/// preferred one to a later tier, and `failoverPriority` labels rank clusters by how many leading
/// labels match the edge's. Empty tiers are compacted away and there are at most
/// ``FailoverPlan/maximumTierCount`` tiers.
public struct RouteTable: Sendable, Equatable, CustomStringConvertible {
    /// The edge Gateway the table was resolved from.
    public let gateway: Gateway
    /// The edge's location the tiers are relative to.
    public let edgeLocation: EdgeLocation
    /// The topology the table was resolved against.
    public let topology: Topology
    /// The resolved servers, in the edge Gateway's order.
    public let servers: [RouteServer]
    /// Everything resolution noticed, in the edge Gateway's order.
    public let diagnostics: [ResolutionDiagnostic]

    let exactHosts: HostIndex
    let wildcardHosts: HostIndex

    /// Resolves an edge Gateway against a topology.
    ///
    /// Resolution itself never fails: problems with the topology become ``diagnostics``.
    ///
    /// - Parameters:
    ///   - gateway: The edge Gateway; every route must have a `clusterDestination`.
    ///   - edgeLocation: Where the edge runs.
    ///   - topology: The workload clusters.
    /// - Throws: ``ConfigurationError`` when the Gateway is not an edge Gateway (it has no servers, or
    ///   it routes to services).
    public init(gateway: Gateway, edgeLocation: EdgeLocation, topology: Topology) throws {
        try Self.requireEdgeRole(gateway)
        self.init(validatedGateway: gateway, edgeLocation: edgeLocation, topology: topology)
    }

    private init(validatedGateway gateway: Gateway, edgeLocation: EdgeLocation, topology: Topology) {
        var resolver = RouteResolver(edge: edgeLocation, topology: topology)
        let servers = resolver.resolve(gateway)
        self.gateway = gateway
        self.edgeLocation = edgeLocation
        self.topology = topology
        self.servers = servers
        self.diagnostics = resolver.diagnostics
        var exact: [String: [Int]] = [:]
        var exactOrder: [String] = []
        var wildcard: [String: [Int]] = [:]
        var wildcardOrder: [String] = []
        for (index, server) in servers.enumerated() {
            if server.hostname.isWildcard {
                let key = String(server.hostname.suffix)
                if wildcard[key] == nil { wildcardOrder.append(key) }
                wildcard[key, default: []].append(index)
            } else {
                let key = server.hostname.value
                if exact[key] == nil { exactOrder.append(key) }
                exact[key, default: []].append(index)
            }
        }
        self.exactHosts = HostIndex(exactOrder.map { (Array($0.utf8), exact[$0] ?? []) })
        self.wildcardHosts = HostIndex(wildcardOrder.map { (Array($0.utf8), wildcard[$0] ?? []) })
    }

    private static func requireEdgeRole(_ gateway: Gateway) throws {
        guard !gateway.spec.http.isEmpty else {
            throw ConfigurationError(
                code: .missingField,
                path: "spec.http",
                message: "the edge Gateway has no servers; it needs at least one server whose routes use "
                    + "clusterDestination"
            )
        }
        for (serverIndex, server) in gateway.spec.http.enumerated() {
            for (ruleIndex, rule) in server.rules.enumerated() where rule.route.clusterDestination == nil {
                throw ConfigurationError.invalid(
                    "spec.http\(FieldPath.index(serverIndex)).routing.rules\(FieldPath.index(ruleIndex)).route",
                    "this is a workload Gateway (its routes use serviceDestination); an edge Gateway's routes "
                        + "use clusterDestination"
                )
            }
        }
    }

    /// The same edge Gateway and location resolved against another topology — what a reconfiguration
    /// after a topology change does.
    ///
    /// - Parameter topology: The new topology.
    public func resolving(topology: Topology) -> RouteTable {
        RouteTable(validatedGateway: self.gateway, edgeLocation: self.edgeLocation, topology: topology)
    }

    /// The distinct hostnames of the servers, in the edge Gateway's order.
    public var hostnames: [Hostname] {
        var seen: Set<Hostname> = []
        return self.servers.map(\.hostname).filter { seen.insert($0).inserted }
    }

    /// Every distinct plan, by identity, in the edge Gateway's order.
    public var plans: [DestinationPlan] {
        var seen: Set<DestinationPlan.Identity> = []
        return self.servers.flatMap { $0.rules.map(\.plan) }.filter { seen.insert($0.identity).inserted }
    }

    /// The plan with this identity, if the table has one.
    ///
    /// - Parameter identity: A plan identity, for example one kept from an earlier table.
    public func plan(for identity: DestinationPlan.Identity) -> DestinationPlan? {
        for server in self.servers where server.hostname == identity.hostname && server.port == identity.port {
            for rule in server.rules where rule.plan.identity == identity {
                return rule.plan
            }
        }
        return nil
    }

    /// The servers configured for exactly this hostname (not the ones whose wildcard covers it), in order.
    ///
    /// - Parameter hostname: A configured hostname.
    public func servers(for hostname: Hostname) -> [RouteServer] {
        self.servers.filter { $0.hostname == hostname }
    }

    /// The diagnostics about servers for this hostname.
    ///
    /// - Parameter hostname: A configured hostname.
    public func diagnostics(for hostname: Hostname) -> [ResolutionDiagnostic] {
        self.diagnostics.filter { $0.hostname == hostname }
    }

    /// Two tables are equal when they route alike: the same servers, plans and diagnostics.
    public static func == (lhs: RouteTable, rhs: RouteTable) -> Bool {
        lhs.servers == rhs.servers && lhs.diagnostics == rhs.diagnostics
    }

    /// Several lines: each server with its rules' plans, then the diagnostics.
    public var description: String {
        var lines: [String] = []
        for server in self.servers {
            lines.append("\(server.hostname):\(server.port) (server \(server.name))")
            for (index, rule) in server.rules.enumerated() {
                let plan: String
                if let failover = rule.plan.failover {
                    plan = "\(failover)"
                } else {
                    plan = rule.plan.weighted.map(\.description) ?? ""
                }
                lines.append("  rule \(index) \(rule.plan.form): \(plan)")
            }
        }
        for diagnostic in self.diagnostics {
            lines.append("diagnostic: \(diagnostic)")
        }
        return lines.joined(separator: "\n")
    }
}
