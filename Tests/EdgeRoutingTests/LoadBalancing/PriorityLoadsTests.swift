import EdgeRouting
import Testing

extension LoadBalancingTests {
    /// One row of a priority-load table: tiers and settings in, loads and panic flags out.
    struct PriorityLoadsCase: Sendable, CustomTestStringConvertible {
        var name: String
        var tiers: [TierHealth]
        var overprovisioningFactor = 140
        var panicThreshold = 0
        var weighted = false
        var healthy: [Int]
        var degraded: [Int]? = nil
        var panic: [Bool]? = nil
        var totalPanic = false

        var testDescription: String { self.name }
    }

    @Suite struct PriorityLoadsTests {
        /// Expected vectors from Envoy's `LoadBalancerBaseTest` (test/extensions/load_balancing_policies/common/
        /// load_balancer_impl_base_test.cc), whose panic threshold is Envoy's default of 50.
        static let envoyCases: [PriorityLoadsCase] = [
            // PrioritySelection: both tiers unhealthy, total panic splits by host count.
            .init(
                name: "PrioritySelection 1/0 1/0",
                tiers: [tier(1, 0), tier(1, 0)],
                panicThreshold: 50,
                healthy: [50, 50],
                panic: [true, true],
                totalPanic: true
            ),
            .init(
                name: "PrioritySelection 1/0 2/0",
                tiers: [tier(1, 0), tier(2, 0)],
                panicThreshold: 50,
                healthy: [34, 66],
                totalPanic: true
            ),
            .init(
                name: "PrioritySelection tertiary healthy",
                tiers: [tier(1, 0), tier(2, 0), tier(1, 1)],
                panicThreshold: 50,
                healthy: [0, 0, 100],
                panic: [false, false, false]
            ),
            .init(
                name: "PrioritySelection P0 healthy again",
                tiers: [tier(1, 1), tier(2, 0), tier(1, 1)],
                panicThreshold: 50,
                healthy: [100, 0, 0]
            ),
            // OverProvisioningFactor.
            .init(
                name: "OverProvisioningFactor 140",
                tiers: [tier(4, 2), tier(4, 2)],
                panicThreshold: 50,
                healthy: [70, 30]
            ),
            .init(
                name: "OverProvisioningFactor 100",
                tiers: [tier(4, 2), tier(4, 2)],
                overprovisioningFactor: 100,
                panicThreshold: 50,
                healthy: [50, 50]
            ),
            // WeightedPriorityHealth: weights 3, 3 (healthy), 2, 2; failover one host of weight 1.
            .init(
                name: "WeightedPriorityHealth",
                tiers: [
                    TierHealth(total: 4, healthy: 2, totalWeight: 10, healthyWeight: 6),
                    TierHealth(total: 1, healthy: 1, totalWeight: 1, healthyWeight: 1),
                ],
                overprovisioningFactor: 100,
                panicThreshold: 50,
                weighted: true,
                healthy: [60, 40]
            ),
            // WeightedPriorityHealthExcluded: weights 4 (healthy), 10 (excluded), 6.
            .init(
                name: "WeightedPriorityHealthExcluded",
                tiers: [
                    TierHealth(
                        total: 3,
                        healthy: 1,
                        excluded: 1,
                        totalWeight: 20,
                        healthyWeight: 4,
                        excludedWeight: 10
                    ),
                    TierHealth(total: 1, healthy: 1, totalWeight: 1, healthyWeight: 1),
                ],
                overprovisioningFactor: 100,
                panicThreshold: 50,
                weighted: true,
                healthy: [40, 60]
            ),
            // WeightedPriorityHealthDegraded: P0 weights 4 (healthy), 3 (degraded), 2, 1; P1 1 (healthy), 9 (degraded).
            .init(
                name: "WeightedPriorityHealthDegraded",
                tiers: [
                    TierHealth(total: 4, healthy: 1, degraded: 1, totalWeight: 10, healthyWeight: 4, degradedWeight: 3),
                    TierHealth(total: 2, healthy: 1, degraded: 1, totalWeight: 10, healthyWeight: 1, degradedWeight: 9),
                ],
                overprovisioningFactor: 100,
                panicThreshold: 50,
                weighted: true,
                healthy: [40, 10],
                degraded: [30, 20]
            ),
            // GentleFailover.
            .init(
                name: "GentleFailover all healthy",
                tiers: [tier(1, 1), tier(1, 1)],
                panicThreshold: 50,
                healthy: [100, 0],
                panic: [false, false]
            ),
            .init(
                name: "GentleFailover 70/30",
                tiers: [tier(2, 1), tier(2, 1)],
                panicThreshold: 50,
                healthy: [70, 30],
                panic: [false, false]
            ),
            .init(
                name: "GentleFailover P0 below threshold but total 100",
                tiers: [tier(4, 1), tier(2, 2)],
                panicThreshold: 50,
                healthy: [35, 65],
                panic: [false, false]
            ),
            .init(
                name: "GentleFailover both in panic",
                tiers: [tier(4, 1), tier(4, 1)],
                panicThreshold: 50,
                healthy: [50, 50],
                panic: [true, true],
                totalPanic: true
            ),
            .init(
                name: "GentleFailover excluded make P0 fully healthy",
                tiers: [tier(4, 1, excluded: 3), tier(5, 1)],
                panicThreshold: 50,
                healthy: [100, 0],
                panic: [false, false]
            ),
            .init(
                name: "GentleFailover P0 all excluded",
                tiers: [tier(4, 0, excluded: 4), tier(4, 1)],
                panicThreshold: 50,
                healthy: [50, 50],
                panic: [true, true],
                totalPanic: true
            ),
            .init(
                name: "GentleFailover total panic counts excluded hosts",
                tiers: [tier(4, 0, excluded: 1), tier(6, 1, excluded: 2)],
                panicThreshold: 50,
                healthy: [40, 60],
                panic: [true, true],
                totalPanic: true
            ),
            // GentleFailoverWithExtraLevels.
            .init(
                name: "ExtraLevels all healthy",
                tiers: [tier(1, 1), tier(1, 1), tier(1, 1)],
                panicThreshold: 50,
                healthy: [100, 0, 0],
                panic: [false, false, false]
            ),
            .init(
                name: "ExtraLevels 70/30/0",
                tiers: [tier(2, 1), tier(2, 1), tier(2, 1)],
                panicThreshold: 50,
                healthy: [70, 30, 0],
                degraded: [0, 0, 0]
            ),
            .init(
                name: "ExtraLevels 35/65/0",
                tiers: [tier(4, 1), tier(2, 2), tier(2, 1)],
                panicThreshold: 50,
                healthy: [35, 65, 0],
                degraded: [0, 0, 0]
            ),
            .init(
                name: "ExtraLevels 35/35/30",
                tiers: [tier(4, 1), tier(4, 1), tier(4, 1)],
                panicThreshold: 50,
                healthy: [35, 35, 30],
                degraded: [0, 0, 0],
                panic: [false, false, false]
            ),
            .init(
                name: "ExtraLevels rounding to P0",
                tiers: [tier(5, 1), tier(5, 1), tier(5, 1)],
                panicThreshold: 50,
                healthy: [34, 33, 33],
                degraded: [0, 0, 0],
                panic: [true, true, true],
                totalPanic: true
            ),
            .init(
                name: "ExtraLevels P2 fully healthy",
                tiers: [tier(5, 0), tier(5, 0), tier(5, 5)],
                panicThreshold: 50,
                healthy: [0, 0, 100],
                panic: [false, false, false]
            ),
            .init(
                name: "ExtraLevels P2 80 %",
                tiers: [tier(5, 0), tier(5, 0), tier(5, 4)],
                panicThreshold: 50,
                healthy: [0, 0, 100],
                panic: [false, false, false]
            ),
            .init(
                name: "ExtraLevels P2 40 %: total panic",
                tiers: [tier(5, 0), tier(5, 0), tier(5, 2)],
                panicThreshold: 50,
                healthy: [34, 33, 33],
                panic: [true, true, true],
                totalPanic: true
            ),
            .init(
                name: "ExtraLevels degraded P0 ignored",
                tiers: [tier(5, 0, degraded: 5), tier(5, 2, degraded: 2), tier(5, 2)],
                panicThreshold: 50,
                healthy: [0, 56, 44],
                degraded: [0, 0, 0],
                panic: [false, false, false]
            ),
            .init(
                name: "ExtraLevels total panic 50/30/20",
                tiers: [tier(5, 0), tier(3, 0), tier(2, 0)],
                panicThreshold: 50,
                healthy: [50, 30, 20],
                degraded: [0, 0, 0],
                panic: [true, true, true],
                totalPanic: true
            ),
            .init(
                name: "ExtraLevels total panic 37/42/21",
                tiers: [tier(5, 0), tier(6, 2), tier(3, 1)],
                panicThreshold: 50,
                healthy: [37, 42, 21],
                degraded: [0, 0, 0],
                panic: [true, true, true],
                totalPanic: true
            ),
            .init(
                name: "ExtraLevels spill into degraded",
                tiers: [tier(5, 0, degraded: 1), tier(5, 0, degraded: 5), tier(5, 1)],
                panicThreshold: 50,
                healthy: [0, 0, 28],
                degraded: [28, 44, 0]
            ),
            .init(
                name: "ExtraLevels degraded rounding, panic off",
                tiers: [tier(5, 0), tier(5, 0, degraded: 2), tier(5, 0, degraded: 1)],
                panicThreshold: 0,
                healthy: [0, 0, 0],
                degraded: [0, 67, 33]
            ),
            .init(
                name: "ExtraLevels degraded only, total panic",
                tiers: [tier(5, 0), tier(5, 0, degraded: 2), tier(5, 0, degraded: 1)],
                panicThreshold: 50,
                healthy: [34, 33, 33],
                degraded: [0, 0, 0],
                totalPanic: true
            ),
            .init(
                name: "ExtraLevels rounding to non-empty P0",
                tiers: [tier(3, 0), tier(3, 0), tier(3, 0)],
                panicThreshold: 50,
                healthy: [34, 33, 33],
                panic: [true, true, true],
                totalPanic: true
            ),
            .init(
                name: "ExtraLevels rounding to first non-empty P1",
                tiers: [tier(0, 0), tier(6, 0), tier(3, 0)],
                panicThreshold: 50,
                healthy: [0, 67, 33],
                panic: [true, true, true],
                totalPanic: true
            ),
            // The worked example in the comment of Envoy's recalculatePerPriorityState: health 10/20/10 and
            // degraded availability 20/10/0 give 16/28/14 healthy and 28/14/0 degraded.
            .init(
                name: "recalculatePerPriorityState comment",
                tiers: [tier(10, 1, degraded: 2), tier(10, 2, degraded: 1), tier(10, 1)],
                overprovisioningFactor: 100,
                healthy: [16, 28, 14],
                degraded: [28, 14, 0],
                panic: [false, false, false]
            ),
        ]

        /// EdgeRouting's own worked examples (DESIGN.md §4.1 and the failover guide's demo).
        static let edgeCases: [PriorityLoadsCase] = [
            .init(
                name: "demo: both healthy",
                tiers: [tier(1, 1), tier(1, 1)],
                healthy: [100, 0],
                panic: [false, false]
            ),
            .init(
                name: "demo: cluster-1 ejected",
                tiers: [tier(1, 0), tier(1, 1)],
                healthy: [0, 100],
                panic: [false, false]
            ),
            .init(name: "demo: cluster-1 recovered", tiers: [tier(1, 1), tier(1, 1)], healthy: [100, 0]),
            .init(name: "half-healthy tier 0, OPF 140", tiers: [tier(10, 5), tier(10, 10)], healthy: [70, 30]),
            .init(
                name: "half-healthy tier 0, OPF 100",
                tiers: [tier(10, 5), tier(10, 10)],
                overprovisioningFactor: 100,
                healthy: [50, 50]
            ),
            .init(name: "8 of 10 healthy stays local", tiers: [tier(10, 8), tier(10, 10)], healthy: [100, 0]),
            .init(name: "7 of 10 healthy: 98 %", tiers: [tier(10, 7), tier(10, 10)], healthy: [98, 2]),
            .init(
                name: "three tiers cascade",
                tiers: [tier(10, 3), tier(10, 3), tier(10, 10)],
                healthy: [42, 42, 16]
            ),
            .init(
                name: "degraded used after all healthy capacity",
                tiers: [tier(10, 2, degraded: 4), tier(10, 2)],
                healthy: [28, 28],
                degraded: [44, 0]
            ),
            .init(
                name: "20 % and 30 % healthy, panic 50: total panic",
                tiers: [tier(10, 2), tier(10, 3)],
                panicThreshold: 50,
                healthy: [50, 50],
                panic: [true, true],
                totalPanic: true
            ),
            .init(
                name: "one tier in panic, the other not",
                tiers: [tier(10, 2), tier(10, 5)],
                panicThreshold: 50,
                healthy: [29, 71],
                panic: [true, false]
            ),
            .init(
                name: "same, panic 0",
                tiers: [tier(10, 2), tier(10, 5)],
                healthy: [29, 71],
                panic: [false, false]
            ),
            .init(
                name: "all unhealthy, panic 0: tier 0, no panic",
                tiers: [tier(1, 0), tier(3, 0)],
                healthy: [100, 0],
                degraded: [0, 0],
                panic: [false, false]
            ),
            .init(
                name: "all empty, panic 0: tier 0, no panic",
                tiers: [tier(0, 0), tier(0, 0)],
                healthy: [100, 0],
                panic: [false, false]
            ),
            .init(
                name: "all unhealthy, panic 50: split by hosts",
                tiers: [tier(1, 0), tier(3, 0)],
                panicThreshold: 50,
                healthy: [25, 75],
                panic: [true, true],
                totalPanic: true
            ),
            .init(
                name: "all empty, panic 50: tier 0",
                tiers: [tier(0, 0), tier(0, 0)],
                panicThreshold: 50,
                healthy: [100, 0],
                panic: [true, true],
                totalPanic: true
            ),
            .init(name: "single tier, one healthy of 100", tiers: [tier(100, 1)], healthy: [100], panic: [false]),
            .init(
                name: "single tier below threshold",
                tiers: [tier(100, 1)],
                panicThreshold: 50,
                healthy: [100],
                panic: [true],
                totalPanic: true
            ),
            .init(
                name: "threshold above 100 is capped at 100",
                tiers: [tier(2, 2), tier(2, 0)],
                overprovisioningFactor: 50,
                panicThreshold: 1000,
                healthy: [100, 0],
                panic: [false, true]
            ),
            .init(
                name: "overprovisioning factor below 1 is clamped to 1",
                tiers: [tier(1, 1), tier(1, 1)],
                overprovisioningFactor: -5,
                healthy: [50, 50]
            ),
            .init(
                name: "NTA 0 with threshold 1, a tier not in panic: tier 0",
                tiers: [tier(200, 1, degraded: 1), tier(0, 0)],
                panicThreshold: 1,
                healthy: [100, 0],
                panic: [false, true]
            ),
            .init(
                name: "weighted health without weights uses counts",
                tiers: [tier(10, 5), tier(10, 10)],
                weighted: true,
                healthy: [70, 30]
            ),
            .init(
                name: "weighted health with zero total weight",
                tiers: [TierHealth(total: 2, healthy: 2, totalWeight: 0, healthyWeight: 0), tier(1, 1)],
                weighted: true,
                healthy: [0, 100]
            ),
            .init(
                name: "weighted health with huge weights does not overflow",
                tiers: [
                    TierHealth(total: 2, healthy: 1, totalWeight: .max, healthyWeight: .max / 2),
                    tier(1, 1),
                ],
                weighted: true,
                healthy: [69, 31]
            ),
        ]

        @Test(arguments: Self.envoyCases + Self.edgeCases)
        func computesEnvoyLoads(_ row: PriorityLoadsCase) {
            let loads = PriorityLoads.compute(
                row.tiers,
                overprovisioningFactor: row.overprovisioningFactor,
                panicThreshold: row.panicThreshold,
                weightedPriorityHealth: row.weighted
            )
            #expect(loads.tierCount == row.tiers.count)
            #expect(loads.healthy == row.healthy)
            #expect(loads.degraded == (row.degraded ?? Array(repeating: 0, count: row.tiers.count)))
            if let panic = row.panic {
                #expect(loads.panic == panic)
            }
            #expect(loads.isTotalPanic == row.totalPanic)
            #expect(loads.healthy.reduce(0, +) + loads.degraded.reduce(0, +) == 100)
        }

        /// The table in the "Locality and failover" article: tier 0's load when k of its 10 endpoints are
        /// healthy and tier 1 is fully healthy, with OPF 140.
        @Test(arguments: [(10, 100), (8, 100), (7, 98), (5, 70), (3, 42), (1, 14), (0, 0)])
        func overprovisioningTable(healthyOfTen: Int, expectedLocalLoad: Int) {
            let loads = PriorityLoads.compute([tier(10, healthyOfTen), tier(10, 10)])
            #expect(loads.healthy == [expectedLocalLoad, 100 - expectedLocalLoad])
        }

        @Test func noTiers() {
            let loads = PriorityLoads.compute([TierHealth]())
            #expect(loads.tierCount == 0)
            #expect(loads.healthy.isEmpty)
            #expect(!loads.isTotalPanic)
            #expect(loads == PriorityLoads())
            #expect(loads.description == "no tiers")
        }

        @Test func policiesAgreeWithCompute() {
            let tiers = [tier(10, 5), tier(4, 1), tier(3, 3)]
            let policy = PriorityFailoverPolicy(overprovisioningFactor: 120, panicThreshold: 30)
            #expect(
                policy.loads(for: tiers)
                    == PriorityLoads.compute(tiers, overprovisioningFactor: 120, panicThreshold: 30)
            )
            #expect(PriorityFailoverPolicy.defaults.loads(for: tiers) == PriorityLoads.compute(tiers))
            #expect(
                PriorityFailoverPolicy.defaults
                    == PriorityFailoverPolicy(overprovisioningFactor: 140, panicThreshold: 0)
            )
        }

        @Test func acceptsAnyCollection() {
            let tiers = [tier(10, 5), tier(10, 10)]
            let fromSlice = PriorityLoads.compute(tiers[...])
            let fromLazy = PriorityLoads.compute(tiers.lazy.map { $0 })
            let fromSet = PriorityLoads.compute(CollectionOfOne(tier(2, 2)))
            #expect(fromSlice.healthy == [70, 30])
            #expect(fromLazy == fromSlice)
            #expect(fromSet.healthy == [100])
        }

        @Test func describesItself() {
            let loads = PriorityLoads.compute([tier(10, 5), tier(10, 10)])
            #expect(loads.description == "healthy [70, 30], degraded [0, 0], panic [false, false]")
            let panicking = PriorityLoads.compute([tier(1, 0), tier(1, 0)], panicThreshold: 50)
            #expect(panicking.description == "healthy [50, 50], degraded [0, 0], panic [true, true], total panic")
        }

        @Test func accessorsAreSafeOutOfRange() {
            let loads = PriorityLoads.compute([tier(10, 5), tier(10, 10)])
            for index in [-1, 2, 31, 32, 1000, Int.min, Int.max] {
                #expect(loads.healthyLoad(ofTier: index) == 0)
                #expect(loads.degradedLoad(ofTier: index) == 0)
                #expect(loads.load(ofTier: index) == 0)
                #expect(!loads.isPanic(tier: index))
            }
            #expect(loads.load(ofTier: 0) == 70)
        }
    }
}
