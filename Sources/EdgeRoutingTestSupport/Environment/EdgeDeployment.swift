public import EdgeRouting

/// Everything a router needs to start: the edge Gateway, where the edge runs, and the workload clusters.
///
/// ```swift
/// let deployment = try DemoEnvironment.deployment(.automatic)
/// let router = try EdgeRouter(
///     gateway: deployment.gateway, edge: deployment.edge, topology: deployment.topology,
///     configuration: EdgeRouterConfiguration(shardCount: 1), clock: ManualClock()
/// )
/// ```
public struct EdgeDeployment: Hashable, Sendable {
    /// The edge Gateway resource (its routes lead to clusters).
    public var gateway: Gateway
    /// Where the edge gateway runs.
    public var edge: EdgeLocation
    /// The workload clusters, their ingress endpoints and their workload Gateways.
    public var topology: Topology

    /// Creates a deployment.
    ///
    /// - Parameters:
    ///   - gateway: The edge Gateway.
    ///   - edge: The edge's location.
    ///   - topology: The workload clusters.
    public init(gateway: Gateway, edge: EdgeLocation, topology: Topology) {
        self.gateway = gateway
        self.edge = edge
        self.topology = topology
    }

    /// The route table this deployment resolves to.
    ///
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when the Gateway does not fit the topology.
    public func routeTable() throws -> RouteTable {
        try RouteTable(gateway: self.gateway, edgeLocation: self.edge, topology: self.topology)
    }

    /// The hostname of the edge Gateway's first server: the one a simulation sends requests to.
    public var primaryHostname: String? {
        self.gateway.spec.http.first?.hostname.value
    }

    /// The form of the first server's first cluster destination (automatic, named or weighted).
    public var primaryDestinationForm: ClusterDestination.Form? {
        self.gateway.spec.http.first?.rules.first?.route.clusterDestination?.form
    }
}
