/// The data-plane pick: a tier by the destination's priority loads, then an endpoint inside it by the
/// configured picker, honouring the request's exclusion set.
enum EndpointSelection {
    /// Picks an endpoint of `destination`, or `nil` when none can take the request.
    ///
    /// Excluded endpoints count as unavailable: the loads are recomputed without them, so a retry
    /// spills to another cluster or the next tier by itself. When every candidate is excluded, the pick
    /// is made again without exclusions (Envoy's retry host predicates behave the same way).
    @inline(__always)
    static func pick(
        in destination: CompiledDestination,
        excluded: ExclusionSet,
        policy: any LoadBalancingPolicy,
        localityWeighted: Bool,
        random: inout RouterRandom
    ) -> (tier: Int, local: Int)? {
        if destination.layout.count == 0 { return nil }
        if !excluded.isEmpty {
            let loads = Self.loads(of: destination, excluding: excluded, policy: policy)
            let choice = loads.chooseTier(draw: random.next())
            if let result = Self.pick(
                choice,
                in: destination,
                excluded: excluded,
                localityWeighted: localityWeighted,
                random: &random
            ) {
                return result
            }
        }
        let choice = destination.health.loads.chooseTier(draw: random.next())
        return Self.pick(
            choice,
            in: destination,
            excluded: ExclusionSet(),
            localityWeighted: localityWeighted,
            random: &random
        )
    }

    @inline(__always)
    private static func pick(
        _ choice: TierChoice,
        in destination: CompiledDestination,
        excluded: ExclusionSet,
        localityWeighted: Bool,
        random: inout RouterRandom
    ) -> (tier: Int, local: Int)? {
        // `destination.health` is read in place each time: a local copy would retain it, and every
        // thread shares it.
        guard choice.tier < destination.health.hotHealthyLists.count else { return nil }
        if localityWeighted && !choice.isPanic {
            let weights = destination.health.localityWeights[choice.tier]
            if let entry = WeightedDraw.index(in: weights.cumulative, draw: random.next()) {
                let list = destination.health.clusterLists[weights.clusters[entry]]
                if let local = Self.pick(
                    from: list,
                    of: destination,
                    tier: choice.tier,
                    excluded: excluded,
                    random: &random
                ) {
                    return (choice.tier, local)
                }
            }
        }
        let list =
            choice.isPanic
            ? destination.health.hotAllLists[choice.tier] : destination.health.hotHealthyLists[choice.tier]
        guard
            let local = list._withUnsafeGuaranteedRef({ list in
                Self.pick(from: list, of: destination, tier: choice.tier, excluded: excluded, random: &random)
            })
        else { return nil }
        return (choice.tier, local)
    }

    @inline(__always)
    private static func pick(
        from list: DestinationHealth.CandidateList,
        of destination: CompiledDestination,
        tier: Int,
        excluded: ExclusionSet,
        random: inout RouterRandom
    ) -> Int? {
        // An empty list has no picker.
        guard list.count > 0 else { return nil }
        let candidates = EndpointCandidates(
            positions: UnsafeBufferPointer(list.positions),
            endpointIDs: UnsafeBufferPointer(destination.layout.endpointIDs),
            clusterIDs: UnsafeBufferPointer(destination.layout.clusterIDs),
            weights: UnsafeBufferPointer(destination.layout.weights),
            active: destination.active,
            exclusions: excluded,
            tier: tier
        )
        guard let position = list.pick(candidates, &random), position >= 0, position < list.count
        else { return nil }
        return Int(list.positions[position])
    }

    /// The destination's priority loads with the excluded endpoints, clusters and tiers counted as
    /// unavailable (Envoy's "excluded hosts": they leave the denominator of a tier's health).
    static func loads(
        of destination: CompiledDestination,
        excluding excluded: ExclusionSet,
        policy: any LoadBalancingPolicy
    ) -> PriorityLoads {
        let layout = destination.layout
        let health = destination.health
        let tierCount = layout.tierRanges.count
        return withUnsafeTemporaryAllocation(of: (total: Int, healthy: Int).self, capacity: tierCount) { counts in
            for tier in 0..<tierCount {
                counts[tier] = (0, 0)
            }
            excluded.forEachCluster { id in
                guard let index = layout.clusterIndex[id] else { return }
                let cluster = layout.clusters[index]
                guard !excluded.contains(tier: cluster.tier) else { return }
                counts[cluster.tier].total += cluster.range.count
                counts[cluster.tier].healthy += health.healthyPerCluster[index]
            }
            excluded.forEachEndpoint { id in
                guard let index = layout.endpointIndex[id], !excluded.contains(cluster: layout.clusterIDs[index]) else {
                    return
                }
                let tier = layout.tier(ofEndpoint: index)
                guard !excluded.contains(tier: tier) else { return }
                counts[tier].total += 1
                if !health.ejected[index] { counts[tier].healthy += 1 }
            }
            return withUnsafeTemporaryAllocation(of: TierHealth.self, capacity: tierCount) { tiers in
                for tier in 0..<tierCount {
                    let total = layout.tierRanges[tier].count
                    if excluded.contains(tier: tier) {
                        tiers.initializeElement(at: tier, to: TierHealth(total: total, healthy: 0, excluded: total))
                    } else {
                        tiers.initializeElement(
                            at: tier,
                            to: TierHealth(
                                total: total,
                                healthy: health.healthyPerTier[tier] - counts[tier].healthy,
                                excluded: counts[tier].total
                            )
                        )
                    }
                }
                defer { tiers.deinitialize() }
                return policy.loads(for: UnsafeBufferPointer(tiers))
            }
        }
    }
}
