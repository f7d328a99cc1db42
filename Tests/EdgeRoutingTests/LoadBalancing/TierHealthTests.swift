import EdgeRouting
import Testing

extension LoadBalancingTests {
    @Suite struct TierHealthTests {
        /// (total, healthy, degraded, excluded) in, clamped counts out.
        @Test(arguments: [
            ((10, 5, 2, 1), (10, 5, 2, 1)),
            ((-3, 1, 1, 1), (0, 0, 0, 0)),
            ((10, -1, -1, -1), (10, 0, 0, 0)),
            ((10, 8, 5, 0), (10, 8, 2, 0)),  // healthy wins over degraded
            ((10, 12, 0, 0), (10, 10, 0, 0)),
            ((10, 5, 5, 3), (10, 5, 2, 3)),
            ((10, 5, 0, 20), (10, 0, 0, 10)),  // excluded capped at total
            ((Int.max, Int.max, 0, 0), (TierHealth.maximumCount, TierHealth.maximumCount, 0, 0)),
            ((Int.min, Int.min, Int.min, Int.min), (0, 0, 0, 0)),
        ])
        func clampsInconsistentCounts(input: (Int, Int, Int, Int), expected: (Int, Int, Int, Int)) {
            let health = TierHealth(total: input.0, healthy: input.1, degraded: input.2, excluded: input.3)
            #expect(health.total == expected.0)
            #expect(health.healthy == expected.1)
            #expect(health.degraded == expected.2)
            #expect(health.excluded == expected.3)
            #expect(health.counted == expected.0 - expected.3)
            #expect(health.unhealthy >= 0)
            #expect(health.totalWeight == nil)
        }

        @Test func clampsInconsistentWeights() {
            let health = TierHealth(
                total: 4,
                healthy: 2,
                totalWeight: 10,
                healthyWeight: 8,
                degradedWeight: 8,
                excludedWeight: 4
            )
            #expect(health.excludedWeight == 4)
            #expect(health.healthyWeight == 6)
            #expect(health.degradedWeight == 0)
            #expect(health.totalWeight == 10)
            let overExcluded = TierHealth(total: 1, healthy: 1, totalWeight: 3, healthyWeight: 3, excludedWeight: 9)
            #expect(overExcluded.excludedWeight == 3)
            #expect(overExcluded.healthyWeight == 0)
        }

        @Test func describesItself() {
            #expect(tier(10, 5).description == "{total: 10, healthy: 5, degraded: 0, excluded: 0}")
            #expect(
                TierHealth(total: 2, healthy: 1, totalWeight: 3, healthyWeight: 1).description
                    == "{total: 2, healthy: 1, degraded: 0, excluded: 0, weights: {total: 3, healthy: 1, degraded: 0, excluded: 0}}"
            )
            #expect(TierHealth.empty == tier(0, 0))
            #expect(tier(10, 5).unhealthy == 5)
        }
    }
}
