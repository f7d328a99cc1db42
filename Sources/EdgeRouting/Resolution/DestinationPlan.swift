/// Where the requests of one routing rule go: a failover plan (automatic and named destinations) or
/// a weighted plan (weighted destinations), with a stable identity.
///
/// ```swift
/// if let failover = plan.failover {
///     for (priority, tier) in failover.tiers.enumerated() { … }
/// } else if let weighted = plan.weighted {
///     for target in weighted.targets { … }
/// }
/// ```
public struct DestinationPlan: Hashable, Sendable, CustomStringConvertible {
    /// What a plan *is*, as opposed to what it currently contains: the edge server's hostname and port
    /// and the configured destination.
    ///
    /// The identity does not depend on the topology or on failover settings, so it stays the same
    /// while clusters, endpoints and Gateways come and go. A router keys per-destination state (outlier
    /// detection, load-balancer cursors) by it and keeps that state across reconfigurations. Two rules
    /// of one server with the same destination share an identity and an identical plan.
    public struct Identity: Hashable, Sendable, CustomStringConvertible {
        /// The edge server's hostname.
        public let hostname: Hostname
        /// The edge server's port.
        public let port: Int
        /// The configured destination.
        public let destination: ClusterDestination

        /// Creates an identity.
        ///
        /// - Parameters:
        ///   - hostname: The edge server's hostname.
        ///   - port: The edge server's port.
        ///   - destination: The configured destination.
        public init(hostname: Hostname, port: Int, destination: ClusterDestination) {
            self.hostname = hostname
            self.port = port
            self.destination = destination
        }

        /// For example `bookinfo.tse.tetratelabs.io:80 named [cluster-1, cluster-2]`.
        public var description: String {
            var text = "\(self.hostname):\(self.port) \(self.destination.form)"
            if !self.destination.clusters.isEmpty {
                let entries = self.destination.clusters.map { entry -> String in
                    var item = entry.selector.name ?? "\(entry.selector)"
                    if let network = entry.network { item += "@\(network)" }
                    if let weight = entry.weight { item += "=\(weight)" }
                    return item
                }
                text += " [" + entries.joined(separator: ", ") + "]"
            }
            return text
        }
    }

    private enum Kind: Hashable, Sendable {
        case failover(FailoverPlan)
        case weighted(WeightedPlan)
    }

    /// The plan's stable identity.
    public let identity: Identity
    private let kind: Kind

    /// Creates a failover plan for an automatic or named destination.
    ///
    /// - Parameters:
    ///   - identity: The plan's identity.
    ///   - failover: The tiers.
    public init(identity: Identity, failover: FailoverPlan) {
        self.identity = identity
        self.kind = .failover(failover)
    }

    /// Creates a weighted plan for a weighted destination.
    ///
    /// - Parameters:
    ///   - identity: The plan's identity.
    ///   - weighted: The targets.
    public init(identity: Identity, weighted: WeightedPlan) {
        self.identity = identity
        self.kind = .weighted(weighted)
    }

    /// The configured destination's form.
    public var form: ClusterDestination.Form {
        self.identity.destination.form
    }

    /// The tiers, for an automatic or named destination.
    public var failover: FailoverPlan? {
        if case .failover(let plan) = self.kind { return plan }
        return nil
    }

    /// The targets, for a weighted destination.
    public var weighted: WeightedPlan? {
        if case .weighted(let plan) = self.kind { return plan }
        return nil
    }

    /// Every cluster the plan can send traffic to, each once: tier by tier, or target by target.
    public var clusters: [ResolvedCluster] {
        switch self.kind {
        case .failover(let plan):
            return plan.clusters
        case .weighted(let plan):
            var seen: Set<String> = []
            return plan.targets.flatMap(\.clusters).filter { seen.insert($0.name).inserted }
        }
    }

    /// Whether at least one endpoint can receive traffic. A plan without one answers every request
    /// `503 UH` (`no healthy upstream`).
    public var hasEndpoints: Bool {
        self.clusters.contains { !$0.endpoints.isEmpty }
    }

    /// The identity and the content, for example
    /// `bookinfo.tse.tetratelabs.io:80 automatic: P0 {cluster-1} P1 {cluster-2}`.
    public var description: String {
        switch self.kind {
        case .failover(let plan): return "\(self.identity): \(plan)"
        case .weighted(let plan): return "\(self.identity): \(plan)"
        }
    }
}
