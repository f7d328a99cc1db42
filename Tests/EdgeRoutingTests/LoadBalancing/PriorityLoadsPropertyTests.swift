import EdgeRouting
import Testing

extension LoadBalancingTests {
    /// A deliberately naive re-statement of the priority-load rules (arrays, plain `Int` arithmetic,
    /// one step per rule), for moderate inputs: the optimised fixed-size implementation must agree with it.
    private enum NaiveReference {
        static func loads(
            _ tiers: [TierHealth],
            factor: Int,
            threshold: Int,
            weighted: Bool
        ) -> (healthy: [Int], degraded: [Int], panic: [Bool], totalPanic: Bool) {
            let count = tiers.count
            var health = Array(repeating: 0, count: count)
            var degradedHealth = Array(repeating: 0, count: count)
            for (index, tier) in tiers.enumerated() where tier.total - tier.excluded > 0 {
                var healthyPart = tier.healthy
                var degradedPart = tier.degraded
                var whole = tier.total - tier.excluded
                if weighted, let total = tier.totalWeight {
                    healthyPart = Int(tier.healthyWeight!)
                    degradedPart = Int(tier.degradedWeight!)
                    whole = Int(total - tier.excludedWeight!)
                }
                if whole > 0 {
                    health[index] = min(100, factor * healthyPart / whole)
                    degradedHealth[index] = min(100, factor * degradedPart / whole)
                }
            }
            let normalized = min(100, health.reduce(0, +) + degradedHealth.reduce(0, +))
            var healthy = Array(repeating: 0, count: count)
            var degraded = Array(repeating: 0, count: count)
            if normalized > 0 {
                var remaining = 100
                for index in 0..<count {
                    healthy[index] = min(remaining, health[index] * 100 / normalized)
                    remaining -= healthy[index]
                }
                for index in 0..<count {
                    degraded[index] = min(remaining, degradedHealth[index] * 100 / normalized)
                    remaining -= degraded[index]
                }
                if let first = health.firstIndex(where: { $0 > 0 }) {
                    healthy[first] += remaining
                } else if let first = degradedHealth.firstIndex(where: { $0 > 0 }) {
                    degraded[first] += remaining
                }
            }
            if threshold == 0 && normalized == 0 {
                healthy[0] = 100
                return (healthy, degraded, Array(repeating: false, count: count), false)
            }
            let panic = tiers.map { tier -> Bool in
                guard normalized < 100 else { return false }
                let whole = Double(tier.total - tier.excluded)
                let percent =
                    whole == 0 ? 0 : 100.0 * Double(tier.healthy) / whole + 100.0 * Double(tier.degraded) / whole
                return percent < Double(threshold)
            }
            if panic.allSatisfy({ $0 }) {
                let hosts = tiers.reduce(0) { $0 + $1.total }
                healthy = Array(repeating: 0, count: count)
                degraded = Array(repeating: 0, count: count)
                if hosts == 0 {
                    healthy[0] = 100
                } else {
                    for index in 0..<count {
                        healthy[index] = 100 * tiers[index].total / hosts
                    }
                    healthy[tiers.firstIndex { $0.total > 0 }!] += 100 - healthy.reduce(0, +)
                }
                return (healthy, degraded, panic, true)
            }
            if normalized == 0 {
                healthy[0] = 100
            }
            return (healthy, degraded, panic, false)
        }
    }

    @Suite struct PriorityLoadsPropertyTests {
        /// A random tier with counts up to `limit`, sometimes with weight sums.
        static func randomTier(_ random: inout SplitMix64, limit: Int) -> TierHealth {
            let total = Int(random.next() % UInt64(limit + 1))
            let excluded = random.next() % 4 == 0 ? Int(random.next() % UInt64(total + 1)) : 0
            let healthy = Int(random.next() % UInt64(total - excluded + 1))
            let degraded = random.next() % 3 == 0 ? Int(random.next() % UInt64(total - excluded - healthy + 1)) : 0
            guard random.next() % 3 == 0 else {
                return TierHealth(total: total, healthy: healthy, degraded: degraded, excluded: excluded)
            }
            let totalWeight = random.next() % 1_000_000
            let excludedWeight = random.next() % (totalWeight + 1)
            let healthyWeight = random.next() % (totalWeight - excludedWeight + 1)
            let degradedWeight = random.next() % (totalWeight - excludedWeight - healthyWeight + 1)
            return TierHealth(
                total: total,
                healthy: healthy,
                degraded: degraded,
                excluded: excluded,
                totalWeight: totalWeight,
                healthyWeight: healthyWeight,
                degradedWeight: degradedWeight,
                excludedWeight: excludedWeight
            )
        }

        /// Any integer at all, biased towards the edges.
        static func wildInt(_ random: inout SplitMix64) -> Int {
            switch random.next() % 6 {
            case 0: return Int.min
            case 1: return Int.max
            case 2: return -Int(random.next() % 1000)
            case 3: return Int(truncatingIfNeeded: random.next())
            default: return Int(random.next() % 300)
            }
        }

        @Test(arguments: 0..<4)
        func agreesWithNaiveReference(seed: Int) throws {
            var random = SplitMix64(seed: UInt64(seed))
            for _ in 0..<2_500 {
                let tiers = (0..<Int(random.next() % 8)).map { _ in
                    Self.randomTier(&random, limit: [1, 3, 10, 1000][Int(random.next() % 4)])
                }
                let factor = [100, 140, 200, 1, 57][Int(random.next() % 5)]
                let threshold = [0, 0, 50, 1, 100, Int(random.next() % 101)][Int(random.next() % 6)]
                let weighted = random.next() % 2 == 0
                let loads = PriorityLoads.compute(
                    tiers,
                    overprovisioningFactor: factor,
                    panicThreshold: threshold,
                    weightedPriorityHealth: weighted
                )
                guard !tiers.isEmpty else {
                    #expect(loads.tierCount == 0)
                    continue
                }
                let expected = NaiveReference.loads(tiers, factor: factor, threshold: threshold, weighted: weighted)
                // Stop at the first disagreement: one counterexample is enough to read.
                let context: Comment = "\(tiers) OPF \(factor) threshold \(threshold) weighted \(weighted)"
                try #require(loads.healthy == expected.healthy, context)
                try #require(loads.degraded == expected.degraded, context)
                try #require(loads.panic == expected.panic, context)
                try #require(loads.isTotalPanic == expected.totalPanic, context)
            }
        }

        @Test(arguments: 0..<4)
        func loadsAreValidForAnyInput(seed: Int) throws {
            var random = SplitMix64(seed: 0xC0FFEE &+ UInt64(seed))
            for _ in 0..<2_500 {
                let tiers = (0..<Int(random.next() % 40)).map { _ -> TierHealth in
                    if random.next() % 2 == 0 {
                        return TierHealth(
                            total: Self.wildInt(&random),
                            healthy: Self.wildInt(&random),
                            degraded: Self.wildInt(&random),
                            excluded: Self.wildInt(&random),
                            totalWeight: random.next(),
                            healthyWeight: random.next(),
                            degradedWeight: random.next() % 2 == 0 ? random.next() : 0,
                            excludedWeight: random.next() % 2 == 0 ? random.next() : 0
                        )
                    }
                    return TierHealth(
                        total: Self.wildInt(&random),
                        healthy: Self.wildInt(&random),
                        degraded: Self.wildInt(&random),
                        excluded: Self.wildInt(&random)
                    )
                }
                let loads = PriorityLoads.compute(
                    tiers,
                    overprovisioningFactor: Self.wildInt(&random),
                    panicThreshold: Self.wildInt(&random),
                    weightedPriorityHealth: random.next() % 2 == 0
                )
                // Stop at the first violation: one counterexample is enough to read.
                try #require(loads.tierCount == min(tiers.count, PriorityLoads.maximumTiers))
                guard loads.tierCount > 0 else { continue }
                let all = loads.healthy + loads.degraded
                try #require(all.allSatisfy { (0...100).contains($0) }, "\(tiers) → \(loads)")
                try #require(all.reduce(0, +) == 100, "\(tiers) → \(loads)")
                try #require(!loads.isTotalPanic || loads.panic.allSatisfy { $0 }, "\(loads)")
                // Every draw lands on a tier with a non-zero share of the chosen kind.
                for draw in 0..<UInt64(100) {
                    let choice = loads.chooseTier(draw: draw)
                    try #require((0..<loads.tierCount).contains(choice.tier))
                    let share =
                        choice.availability == .healthy
                        ? loads.healthyLoad(ofTier: choice.tier) : loads.degradedLoad(ofTier: choice.tier)
                    try #require(share > 0, "\(loads), draw \(draw)")
                    try #require(choice.isPanic == loads.isPanic(tier: choice.tier))
                }
            }
        }

        @Test func tiersBeyondTheMaximumFoldIntoTheLast() {
            var random = SplitMix64(seed: 42)
            for _ in 0..<200 {
                let tiers = (0..<(32 + Int(random.next() % 10))).map { _ in Self.randomTier(&random, limit: 5) }
                let tail = tiers[31...]
                let merged = TierHealth(
                    total: tail.reduce(0) { $0 + $1.total },
                    healthy: tail.reduce(0) { $0 + $1.healthy },
                    degraded: tail.reduce(0) { $0 + $1.degraded },
                    excluded: tail.reduce(0) { $0 + $1.excluded }
                )
                let folded = Array(tiers[..<31]) + [merged]
                for threshold in [0, 50] {
                    let loads = PriorityLoads.compute(tiers, panicThreshold: threshold)
                    #expect(loads.tierCount == 32)
                    #expect(loads == PriorityLoads.compute(folded, panicThreshold: threshold))
                }
            }
        }

        @Test func foldedTierCarriesTheFailover() {
            // 40 tiers, only the last one healthy: its traffic lands on tier 31.
            let tiers = Array(repeating: tier(1, 0), count: 39) + [tier(1, 1)]
            let loads = PriorityLoads.compute(tiers)
            #expect(loads.tierCount == 32)
            #expect(loads.healthyLoad(ofTier: 31) == 100)
            #expect(StrictFailoverPolicy.defaults.loads(for: tiers).healthyLoad(ofTier: 31) == 100)
        }
    }
}
