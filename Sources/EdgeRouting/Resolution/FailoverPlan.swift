/// The destination of an automatic or named route: clusters ranked into priority tiers.
///
/// Traffic goes to tier 0 while it has healthy capacity and spills to later tiers as it loses it, by
/// Envoy's priority-load algorithm. Tiers are never empty and never more than
/// ``maximumTierCount``.
///
/// ```swift
/// for (priority, tier) in plan.tiers.enumerated() {
///     for cluster in tier.clusters {
///         for endpoint in cluster.endpoints { print(priority, cluster.name, endpoint.address) }
///     }
/// }
/// ```
public struct FailoverPlan: Hashable, Sendable, CustomStringConvertible {
    /// The most tiers a plan has. Resolution folds the clusters of any further tiers into the last one
    /// (and reports it with a ``ResolutionDiagnostic/Kind-swift.struct/tiersFolded`` diagnostic), so
    /// that a load balancer can keep per-tier state in a fixed-size array.
    public static let maximumTierCount = 32

    /// The tiers, highest priority (index 0) first.
    public let tiers: [PriorityTier]

    /// Creates a plan.
    ///
    /// Empty tiers are dropped; the clusters of tiers beyond ``maximumTierCount`` join the last tier.
    ///
    /// - Parameter tiers: The tiers, highest priority first.
    public init(tiers: [PriorityTier]) {
        var kept = tiers.filter { !$0.clusters.isEmpty }
        if kept.count > Self.maximumTierCount {
            let folded = kept[(Self.maximumTierCount - 1)...].flatMap(\.clusters)
            kept.removeSubrange((Self.maximumTierCount - 1)...)
            kept.append(PriorityTier(clusters: folded))
        }
        self.tiers = kept
    }

    /// Every cluster of the plan, tier by tier.
    public var clusters: [ResolvedCluster] {
        self.tiers.flatMap(\.clusters)
    }

    /// The number of endpoints in all tiers.
    public var endpointCount: Int {
        self.tiers.reduce(0) { $0 + $1.endpointCount }
    }

    /// The priority of the cluster named `name`, or `nil` when it is not in the plan.
    ///
    /// - Parameter name: A cluster name.
    public func tierIndex(ofCluster name: String) -> Int? {
        self.tiers.firstIndex { tier in tier.clusters.contains { $0.name == name } }
    }

    /// The tiers, for example `P0 {cluster-1} P1 {cluster-2}`; `no clusters` when empty.
    public var description: String {
        if self.tiers.isEmpty { return "no clusters" }
        return self.tiers.enumerated().map { "P\($0.offset) \($0.element)" }.joined(separator: " ")
    }
}
