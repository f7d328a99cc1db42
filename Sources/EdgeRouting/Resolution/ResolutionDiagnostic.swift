/// Something resolution noticed that does not stop the edge from routing, but that an operator should
/// know: a listed cluster that does not exist or cannot serve the hostname, a hostname that no
/// cluster serves.
///
/// Diagnostics are values, not errors: the route table is produced anyway and routes around the
/// problem (a broken named cluster gets no traffic; a broken weighted cluster's share is answered
/// `503 UH`). They are compared as a whole, so ``RouteTableChanges`` can say which were raised and
/// which cleared by a reconfiguration.
public struct ResolutionDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, an extensible set.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case clusterNotFound
            case noIngressEndpoints
            case noGatewayForHostname
            case hostnameServedByNoCluster
            case noClusterMatchesSelector
            case clusterNotOnNetwork
            case tiersFolded
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A named or weighted entry names a cluster that is not in the topology.
        public static let clusterNotFound = Kind(.clusterNotFound)
        /// A selected cluster, or a cluster that serves an automatic route's hostname, has no
        /// ingress-gateway endpoints.
        public static let noIngressEndpoints = Kind(.noIngressEndpoints)
        /// A selected cluster has no workload Gateway that serves the hostname.
        public static let noGatewayForHostname = Kind(.noGatewayForHostname)
        /// A failover plan has no cluster at all: every request for the route is answered `503 UH`.
        public static let hostnameServedByNoCluster = Kind(.hostnameServedByNoCluster)
        /// A label selector (with its network filter) selects no cluster.
        public static let noClusterMatchesSelector = Kind(.noClusterMatchesSelector)
        /// A named cluster exists but is not on the network the entry requires.
        public static let clusterNotOnNetwork = Kind(.clusterNotOnNetwork)
        /// The failover settings produced more than ``FailoverPlan/maximumTierCount`` tiers; the lowest
        /// ones were merged into the last.
        public static let tiersFolded = Kind(.tiersFolded)

        /// The kind's name, for example `noGatewayForHostname`.
        public var description: String {
            switch self.wrapped {
            case .clusterNotFound: return "clusterNotFound"
            case .noIngressEndpoints: return "noIngressEndpoints"
            case .noGatewayForHostname: return "noGatewayForHostname"
            case .hostnameServedByNoCluster: return "hostnameServedByNoCluster"
            case .noClusterMatchesSelector: return "noClusterMatchesSelector"
            case .clusterNotOnNetwork: return "clusterNotOnNetwork"
            case .tiersFolded: return "tiersFolded"
            }
        }
    }

    /// What kind of problem this is.
    public let kind: Kind
    /// The edge server's hostname.
    public let hostname: Hostname
    /// The edge server's port.
    public let port: Int
    /// The edge server's name.
    public let serverName: String
    /// Where in the edge Gateway the affected destination is, for example
    /// `spec.http[0].routing.rules[0].route.clusterDestination.clusters[1]`.
    public let path: String
    /// The cluster concerned, if the problem is about one.
    public let cluster: String?
    /// What is wrong and what it means for traffic, in one sentence.
    public let message: String

    /// Creates a diagnostic.
    ///
    /// - Parameters:
    ///   - kind: The kind of problem.
    ///   - hostname: The edge server's hostname.
    ///   - port: The edge server's port.
    ///   - serverName: The edge server's name.
    ///   - path: Where in the edge Gateway the destination is.
    ///   - cluster: The cluster concerned, if any.
    ///   - message: What is wrong.
    public init(
        kind: Kind,
        hostname: Hostname,
        port: Int,
        serverName: String,
        path: String,
        cluster: String?,
        message: String
    ) {
        self.kind = kind
        self.hostname = hostname
        self.port = port
        self.serverName = serverName
        self.path = path
        self.cluster = cluster
        self.message = message
    }

    /// One line: `KIND for HOSTNAME:PORT at PATH: MESSAGE`.
    public var description: String {
        "\(self.kind) for \(self.hostname):\(self.port) at \(self.path): \(self.message)"
    }
}
