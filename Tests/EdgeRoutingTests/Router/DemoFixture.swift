import EdgeRouting
import EdgeRoutingTestSupport

/// The guide's demo environment from the test-support module, with edge Gateways for any destination.
enum DemoFixture {
    static let hostname = DemoEnvironment.hostname

    static func workloadGateway(_ name: String) throws -> Gateway {
        DemoEnvironment.workloadGateway(named: name, ingress: name)
    }

    /// cluster-1 (region-1) and cluster-2 (region-2); one endpoint each is `ingressgw-N.cluster-N.example:443`,
    /// several are `ingressgw-N-I.cluster-N.example:443`.
    static func topology(endpointsPerCluster: Int = 1) throws -> Topology {
        DemoEnvironment.topology(endpointsPerCluster: endpointsPerCluster)
    }

    static func edgeGateway(_ destination: ClusterDestination) throws -> Gateway {
        try GatewayBuilder.edge(hostname: hostname, destination: destination)
    }

    static var edge: EdgeLocation {
        DemoEnvironment.edge
    }

    static let request = DemoEnvironment.request
}
