/// Istio's assignment of priorities to the clusters of a failover plan, for one edge server.
///
/// The rules, matched to Istio's `pilot/pkg/networking/core/loadbalancer/loadbalancer.go`
/// (`applyLocalityFailover`, `applyFailoverPriorities`) and `util.LbPriority`:
///
/// - **Locality priority** (Istio's 0…4, without sub-zones): 0 when region and zone equal the edge's
///   (two absent zones are equal), 2 when only the region does, 3 for another region, and 4 for another
///   region when the edge's region has a `regionalFailover` rule whose `to` is not that region.
/// - **Label priority** with `failoverPriority` keys `k0…kN-1`: 0 when the cluster's value equals the
///   edge's for every key (a missing label counts as the empty value on either side); otherwise
///   `N - j` for the first key `kj` that differs, so a label counts only while every earlier one matched.
/// - Without `failoverPriority` the priority is the locality priority. With it, the priority is the label
///   priority alone, unless `regionalFailover` is also set: then it is `label × 5 + locality`, so labels
///   rank first and locality breaks ties.
///
/// Distinct priorities are then renumbered 0, 1, 2… in ascending order (empty tiers compacted away), and
/// tiers beyond ``FailoverPlan/maximumTierCount`` fold into the last one.
struct TierRanking: Sendable {
    private let edgeLocality: Locality
    private let edgeLabels: [String: String]
    private let failoverPriority: [String]
    private let regionalTarget: String?
    private let appliesLocality: Bool

    /// - Parameters:
    ///   - edge: The edge's location.
    ///   - settings: The edge server's failover settings, if any.
    init(edge: EdgeLocation, settings: FailoverSettings?) {
        self.edgeLocality = edge.locality
        self.edgeLabels = edge.effectiveLabels
        let priority = settings?.failoverPriority ?? []
        let regional = settings?.regionalFailover ?? []
        self.failoverPriority = priority
        self.regionalTarget = regional.first { $0.from == edge.locality.region }?.to
        self.appliesLocality = priority.isEmpty || !regional.isEmpty
    }

    /// Istio's locality priority, 0…4.
    func localityPriority(of locality: Locality) -> Int {
        if locality.region == self.edgeLocality.region {
            return locality.zone == self.edgeLocality.zone ? 0 : 2
        }
        if let target = self.regionalTarget, locality.region != target {
            return 4
        }
        return 3
    }

    /// Istio's failover-priority label priority, 0…N.
    func labelPriority(of labels: [String: String]) -> Int {
        for (index, key) in self.failoverPriority.enumerated()
        where (self.edgeLabels[key] ?? "") != (labels[key] ?? "") {
            return self.failoverPriority.count - index
        }
        return 0
    }

    /// The combined, not yet renumbered, priority of a cluster.
    func priority(locality: Locality, labels: [String: String]) -> Int {
        if self.failoverPriority.isEmpty {
            return self.localityPriority(of: locality)
        }
        let label = self.labelPriority(of: labels)
        return self.appliesLocality ? label * 5 + self.localityPriority(of: locality) : label
    }

    /// Groups clusters into tiers by ascending priority, keeping the given order inside a tier.
    ///
    /// - Returns: The plan, and the number of distinct priorities before folding (more than
    ///   ``FailoverPlan/maximumTierCount`` means some tiers were folded).
    func plan(for clusters: [ResolvedCluster]) -> (plan: FailoverPlan, distinctPriorities: Int) {
        let priorities = clusters.map { self.priority(locality: $0.locality, labels: $0.labels) }
        let distinct = Set(priorities).sorted()
        var tierOf: [Int: Int] = [:]
        for (tier, priority) in distinct.enumerated() {
            tierOf[priority] = tier
        }
        var tiers = Array(repeating: [ResolvedCluster](), count: distinct.count)
        for (cluster, priority) in zip(clusters, priorities) {
            tiers[tierOf[priority] ?? 0].append(cluster)
        }
        return (FailoverPlan(tiers: tiers.map(PriorityTier.init(clusters:))), distinct.count)
    }
}
