/// What a reconfiguration changed: between an old and a new ``RouteTable``, per hostname the clusters and
/// endpoints added or removed, the hostnames and plans added, removed or changed, and the diagnostics
/// raised or cleared.
///
/// ```swift
/// let after = before.resolving(topology: topology.removingGateway(named: "bookinfo-ingress-1",
///                                                                fromCluster: "cluster-1"))
/// let changes = after.changes(since: before)
/// changes.changes(for: bookinfo)?.clustersRemoved  // ["cluster-1"]
/// changes.diagnosticsRaised.map(\.kind)             // [.noGatewayForHostname] for a named route
/// ```
///
/// A cluster or endpoint counts for a hostname when a plan of one of the hostname's servers can send
/// traffic to it. Changes that move clusters between tiers, or edit rules, without adding or removing
/// any show as ``HostnameChanges/routingChanged`` and in ``plansChanged``.
public struct RouteTableChanges: Hashable, Sendable, CustomStringConvertible {
    /// An endpoint of a cluster.
    public struct ClusterEndpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// The cluster's name.
        public let cluster: String
        /// The endpoint's address.
        public let address: EndpointAddress

        /// Creates a cluster endpoint.
        ///
        /// - Parameters:
        ///   - cluster: The cluster's name.
        ///   - address: The endpoint's address.
        public init(cluster: String, address: EndpointAddress) {
            self.cluster = cluster
            self.address = address
        }

        /// Orders by cluster name, then by address text.
        public static func < (lhs: ClusterEndpoint, rhs: ClusterEndpoint) -> Bool {
            (lhs.cluster, lhs.address.description) < (rhs.cluster, rhs.address.description)
        }

        /// `cluster/host:port`.
        public var description: String {
            "\(self.cluster)/\(self.address)"
        }
    }

    /// What changed for one hostname.
    public struct HostnameChanges: Hashable, Sendable, CustomStringConvertible {
        /// The hostname.
        public let hostname: Hostname
        /// Clusters that can now receive the hostname's traffic, by name.
        public let clustersAdded: [String]
        /// Clusters that no longer can, by name.
        public let clustersRemoved: [String]
        /// Endpoints that can now receive the hostname's traffic.
        public let endpointsAdded: [ClusterEndpoint]
        /// Endpoints that no longer can.
        public let endpointsRemoved: [ClusterEndpoint]
        /// Whether the hostname's servers, rules or plans differ in any way, tier order included.
        public let routingChanged: Bool

        /// For example `bookinfo.tse.tetratelabs.io: clusters -[cluster-1] endpoints -[cluster-1/10.0.1.10:443]`.
        public var description: String {
            var parts = ["\(self.hostname):"]
            if !self.clustersAdded.isEmpty { parts.append("clusters +[\(self.clustersAdded.joined(separator: ", "))]") }
            if !self.clustersRemoved.isEmpty {
                parts.append("clusters -[\(self.clustersRemoved.joined(separator: ", "))]")
            }
            if !self.endpointsAdded.isEmpty {
                parts.append("endpoints +[\(self.endpointsAdded.map(\.description).joined(separator: ", "))]")
            }
            if !self.endpointsRemoved.isEmpty {
                parts.append("endpoints -[\(self.endpointsRemoved.map(\.description).joined(separator: ", "))]")
            }
            if parts.count == 1 { parts.append("routing changed") }
            return parts.joined(separator: " ")
        }
    }

    /// Hostnames that only the new table serves.
    public let hostnamesAdded: [Hostname]
    /// Hostnames that only the old table served.
    public let hostnamesRemoved: [Hostname]
    /// The hostnames with any change, new table's order first, then removed hostnames.
    public let hostnames: [HostnameChanges]
    /// Plans whose identity only the new table has.
    public let plansAdded: [DestinationPlan.Identity]
    /// Plans whose identity only the old table had.
    public let plansRemoved: [DestinationPlan.Identity]
    /// Plans present in both tables whose content differs (clusters, endpoints, tiers or weights).
    public let plansChanged: [DestinationPlan.Identity]
    /// Diagnostics of the new table that the old one did not have.
    public let diagnosticsRaised: [ResolutionDiagnostic]
    /// Diagnostics of the old table that the new one does not have.
    public let diagnosticsCleared: [ResolutionDiagnostic]

    /// Whether nothing changed.
    public var isEmpty: Bool {
        self.hostnamesAdded.isEmpty && self.hostnamesRemoved.isEmpty && self.hostnames.isEmpty
            && self.plansAdded.isEmpty && self.plansRemoved.isEmpty && self.plansChanged.isEmpty
            && self.diagnosticsRaised.isEmpty && self.diagnosticsCleared.isEmpty
    }

    /// The changes for `hostname`, if it has any.
    ///
    /// - Parameter hostname: A configured hostname.
    public func changes(for hostname: Hostname) -> HostnameChanges? {
        self.hostnames.first { $0.hostname == hostname }
    }

    /// Computes the changes from `old` (or from nothing) to `new`.
    ///
    /// - Parameters:
    ///   - old: The table in force before, or `nil` for the first table.
    ///   - new: The table that replaces it.
    public init(from old: RouteTable?, to new: RouteTable) {
        let oldHostnames = old?.hostnames ?? []
        let newHostnames = new.hostnames
        let oldSet = Set(oldHostnames)
        let newSet = Set(newHostnames)
        self.hostnamesAdded = newHostnames.filter { !oldSet.contains($0) }
        self.hostnamesRemoved = oldHostnames.filter { !newSet.contains($0) }

        var hostnames: [HostnameChanges] = []
        for hostname in newHostnames + self.hostnamesRemoved {
            let before = old?.servers(for: hostname) ?? []
            let after = new.servers(for: hostname)
            guard before != after else { continue }
            let oldReach = Self.reach(before)
            let newReach = Self.reach(after)
            let change = HostnameChanges(
                hostname: hostname,
                clustersAdded: newReach.keys.filter { oldReach[$0] == nil }.sorted(),
                clustersRemoved: oldReach.keys.filter { newReach[$0] == nil }.sorted(),
                endpointsAdded: Self.endpoints(in: newReach, notIn: oldReach),
                endpointsRemoved: Self.endpoints(in: oldReach, notIn: newReach),
                routingChanged: true
            )
            hostnames.append(change)
        }
        self.hostnames = hostnames

        let oldPlans = old?.plans ?? []
        let newPlans = new.plans
        var oldByIdentity: [DestinationPlan.Identity: DestinationPlan] = [:]
        for plan in oldPlans {
            oldByIdentity[plan.identity] = plan
        }
        let newIdentities = Set(newPlans.map(\.identity))
        self.plansAdded = newPlans.filter { oldByIdentity[$0.identity] == nil }.map(\.identity)
        self.plansRemoved = oldPlans.filter { !newIdentities.contains($0.identity) }.map(\.identity)
        self.plansChanged = newPlans.filter { plan in
            oldByIdentity[plan.identity].map { $0 != plan } ?? false
        }.map(\.identity)

        let oldDiagnostics = Set(old?.diagnostics ?? [])
        let newDiagnostics = Set(new.diagnostics)
        self.diagnosticsRaised = new.diagnostics.filter { !oldDiagnostics.contains($0) }
        self.diagnosticsCleared = (old?.diagnostics ?? []).filter { !newDiagnostics.contains($0) }
    }

    /// The endpoints of every cluster the servers' plans can send traffic to, by cluster name.
    ///
    /// Per cluster rather than per endpoint, and sharing the plans' endpoint arrays: a large table's
    /// hostnames reach hundreds of clusters each, and a cluster whose list is unchanged needs no
    /// comparison of its endpoints.
    private static func reach(_ servers: [RouteServer]) -> [String: [IngressEndpoint]] {
        var reach: [String: [IngressEndpoint]] = [:]
        for server in servers {
            for rule in server.rules {
                for cluster in rule.plan.clusters {
                    guard let known = reach[cluster.name] else {
                        reach[cluster.name] = cluster.endpoints
                        continue
                    }
                    if known != cluster.endpoints {
                        let addresses = Set(known.map(\.address))
                        reach[cluster.name] = known + cluster.endpoints.filter { !addresses.contains($0.address) }
                    }
                }
            }
        }
        return reach
    }

    /// The endpoints of `reach` whose address `other` does not have for their cluster, sorted.
    private static func endpoints(
        in reach: [String: [IngressEndpoint]],
        notIn other: [String: [IngressEndpoint]]
    ) -> [ClusterEndpoint] {
        var endpoints: [ClusterEndpoint] = []
        for (cluster, clusterEndpoints) in reach {
            let otherEndpoints = other[cluster] ?? []
            guard clusterEndpoints != otherEndpoints else { continue }
            let known = Set(otherEndpoints.map(\.address))
            for endpoint in clusterEndpoints where !known.contains(endpoint.address) {
                endpoints.append(ClusterEndpoint(cluster: cluster, address: endpoint.address))
            }
        }
        return endpoints.sorted()
    }

    /// One line per change, or `no changes`.
    public var description: String {
        var lines: [String] = []
        lines += self.hostnamesAdded.map { "hostname added: \($0)" }
        lines += self.hostnamesRemoved.map { "hostname removed: \($0)" }
        lines += self.hostnames.map(\.description)
        lines += self.plansAdded.map { "plan added: \($0)" }
        lines += self.plansRemoved.map { "plan removed: \($0)" }
        lines += self.plansChanged.map { "plan changed: \($0)" }
        lines += self.diagnosticsRaised.map { "diagnostic raised: \($0)" }
        lines += self.diagnosticsCleared.map { "diagnostic cleared: \($0)" }
        return lines.isEmpty ? "no changes" : lines.joined(separator: "\n")
    }
}

extension RouteTable {
    /// What changed since `old`: clusters and endpoints per hostname, hostnames, plans and diagnostics.
    ///
    /// - Parameter old: The table in force before, or `nil` for the first table.
    public func changes(since old: RouteTable?) -> RouteTableChanges {
        RouteTableChanges(from: old, to: self)
    }
}
