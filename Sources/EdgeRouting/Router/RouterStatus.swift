/// The router's view of every destination at one instant: tiers, their share of traffic, and each
/// endpoint's health — what an admin `/clusters` page shows.
public struct RouterStatus: Sendable, CustomStringConvertible {
    /// One endpoint's state.
    public struct Endpoint: Sendable {
        /// The endpoint's identity.
        public let id: EndpointID
        /// Its address.
        public let address: EndpointAddress
        /// Whether outlier detection has ejected it.
        public let isEjected: Bool
        /// When its ejection ends, if ejected.
        public let ejectedUntil: MonotonicTime?
        /// Its ejection multiplier (how many ejections its next ejection time is based on).
        public let multiplier: Int
        /// Attempts in flight (counted only for pickers that need it).
        public let activeRequests: Int
    }

    /// One cluster of a tier.
    public struct Cluster: Sendable {
        /// The workload cluster's name.
        public let name: String
        /// Its endpoints.
        public let endpoints: [Endpoint]
    }

    /// One priority tier.
    public struct Tier: Sendable {
        /// The percentage of traffic sent to the tier's healthy endpoints.
        public let healthyLoad: Int
        /// The percentage sent to its degraded endpoints.
        public let degradedLoad: Int
        /// Whether the tier is in panic (traffic goes to all its endpoints, healthy or not).
        public let isPanic: Bool
        /// The tier's clusters.
        public let clusters: [Cluster]
    }

    /// One destination (a route's failover plan, or one entry of a weighted split).
    public struct Destination: Sendable {
        /// The destination's name, for example `bookinfo.tse.tetratelabs.io:80 automatic`.
        public let name: String
        /// Its tiers in priority order.
        public let tiers: [Tier]
    }

    /// When the status was taken.
    public let time: MonotonicTime
    /// Every destination.
    public let destinations: [Destination]

    /// A readable multi-line rendering.
    public var description: String {
        var lines: [String] = []
        for destination in self.destinations {
            lines.append(destination.name)
            for (index, tier) in destination.tiers.enumerated() {
                let panic = tier.isPanic ? " panic" : ""
                lines.append("  P\(index) \(tier.healthyLoad + tier.degradedLoad)%\(panic)")
                for cluster in tier.clusters {
                    for endpoint in cluster.endpoints {
                        var line = "    \(cluster.name) \(endpoint.address)"
                        if endpoint.isEjected {
                            line += " ejected"
                            if let until = endpoint.ejectedUntil { line += " until \(until)" }
                        } else {
                            line += " healthy"
                        }
                        lines.append(line)
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
