/// An immutable view of one destination's health: which endpoints are ejected, the resulting split of
/// traffic across tiers, and the candidate lists (with their pickers) that requests choose from.
///
/// A new view is built on a cold path whenever outlier detection ejects or re-admits an endpoint, and
/// published with a new router snapshot; requests read it without locking, and read the candidate
/// lists through ``hotHealthyLists`` and ``hotAllLists``: unmanaged references to the lists that the
/// arrays keep alive, so that a pick touches no shared reference count.
final class DestinationHealth: @unchecked Sendable {
    // @unchecked: the hot buffers are written only in `init` and freed in `deinit`.
    /// The candidates of one tier (or one cluster within a tier), with the picker state made for them.
    final class CandidateList: @unchecked Sendable {
        // @unchecked: the buffer is written only in `init` and freed in `deinit`.
        let positions: UnsafeMutableBufferPointer<Int32>
        let picker: (any EndpointPickerState)?
        /// ``picker``'s `pick`, as a closure over it: every thread shares the picker state, and calling
        /// it through the existential property copies (retains and releases) it on each call.
        /// (Never `nil`, so that reading it copies nothing; without a picker it answers `nil`.)
        let pick: @Sendable (EndpointCandidates, inout RouterRandom) -> Int?

        init(positions: [Int32], weights: UnsafeMutableBufferPointer<UInt32>, picker: any EndpointPicker, shards: Int) {
            self.positions = .allocate(capacity: positions.count)
            _ = self.positions.initialize(from: positions)
            let state =
                positions.isEmpty ? nil : picker.makeState(weights: positions.map { weights[Int($0)] }, shards: shards)
            self.picker = state
            if let state {
                self.pick = { (candidates: EndpointCandidates, random: inout RouterRandom) -> Int? in
                    state.pick(from: candidates, random: &random)
                }
            } else {
                self.pick = { _, _ in nil }
            }
        }

        deinit {
            self.positions.deallocate()
        }

        var count: Int {
            self.positions.count
        }
    }

    /// Whether each endpoint (by layout index) is ejected.
    let ejected: [Bool]
    /// How traffic is split across tiers when no endpoint is excluded.
    let loads: PriorityLoads
    /// Healthy (not ejected) endpoints per tier.
    let healthyPerTier: [Int]
    /// Healthy endpoints per cluster (by layout cluster index).
    let healthyPerCluster: [Int]
    /// Each tier's healthy endpoints.
    let healthyLists: [CandidateList]
    /// Each tier's endpoints, healthy or not (used in panic).
    let allLists: [CandidateList]
    /// With locality weighting: each cluster's healthy endpoints (by layout cluster index).
    let clusterLists: [CandidateList]
    /// With locality weighting: per tier, the cumulative effective weights of its clusters, and the
    /// layout cluster index of each.
    let localityWeights: [(cumulative: [Double], clusters: [Int])]
    /// ``healthyLists``, unmanaged.
    let hotHealthyLists: UnsafeMutableBufferPointer<Unmanaged<CandidateList>>
    /// ``allLists``, unmanaged.
    let hotAllLists: UnsafeMutableBufferPointer<Unmanaged<CandidateList>>

    init(
        layout: DestinationLayout,
        ejected: [Bool],
        policy: any LoadBalancingPolicy,
        picker: any EndpointPicker,
        localityWeighted: Bool,
        shards: Int
    ) {
        self.ejected = ejected
        var healthyPerTier: [Int] = []
        var healthyLists: [CandidateList] = []
        var allLists: [CandidateList] = []
        var tiers: [TierHealth] = []
        for range in layout.tierRanges {
            let all = range.map { Int32($0) }
            let healthy = all.filter { !ejected[Int($0)] }
            healthyPerTier.append(healthy.count)
            tiers.append(TierHealth(total: all.count, healthy: healthy.count))
            healthyLists.append(
                CandidateList(positions: healthy, weights: layout.weights, picker: picker, shards: shards)
            )
            allLists.append(CandidateList(positions: all, weights: layout.weights, picker: picker, shards: shards))
        }
        self.healthyPerTier = healthyPerTier
        self.healthyLists = healthyLists
        self.allLists = allLists
        self.hotHealthyLists = .allocate(capacity: healthyLists.count)
        _ = self.hotHealthyLists.initialize(from: healthyLists.map(Unmanaged.passUnretained))
        self.hotAllLists = .allocate(capacity: allLists.count)
        _ = self.hotAllLists.initialize(from: allLists.map(Unmanaged.passUnretained))
        self.healthyPerCluster = layout.clusters.map { cluster in cluster.range.filter { !ejected[$0] }.count }
        self.loads = policy.loads(for: tiers)
        guard localityWeighted else {
            self.clusterLists = []
            self.localityWeights = []
            return
        }
        self.clusterLists = layout.clusters.map { cluster in
            let healthy = cluster.range.filter { !ejected[$0] }.map { Int32($0) }
            return CandidateList(positions: healthy, weights: layout.weights, picker: picker, shards: shards)
        }
        let factor =
            (policy as? PriorityFailoverPolicy)?.overprovisioningFactor
            ?? (policy as? StrictFailoverPolicy)?.overprovisioningFactor ?? 140
        let healthyPerCluster = self.healthyPerCluster
        self.localityWeights = layout.tierRanges.indices.map { tier in
            let members = layout.clusters.indices.filter { layout.clusters[$0].tier == tier }
            let weights = members.map { index -> Double in
                let cluster = layout.clusters[index]
                let weight = cluster.range.reduce(UInt32(0)) { $0 &+ layout.weights[$1] }
                return LocalityWeighting.effectiveWeight(
                    weight: weight,
                    eligible: healthyPerCluster[index],
                    total: cluster.range.count,
                    overprovisioningFactor: factor
                )
            }
            return (WeightedDraw.cumulativeWeights(weights), members)
        }
    }

    deinit {
        self.hotHealthyLists.deallocate()
        self.hotAllLists.deallocate()
    }

    /// Whether another view has the same ejected endpoints (then rebuilding is unnecessary).
    func hasSameEjections(as other: [Bool]) -> Bool {
        self.ejected == other
    }
}
