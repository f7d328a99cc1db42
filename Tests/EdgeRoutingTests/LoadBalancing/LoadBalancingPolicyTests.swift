import EdgeRouting
import Testing

extension LoadBalancingTests {
    @Suite struct LoadBalancingPolicyTests {
        struct StrictCase: Sendable, CustomTestStringConvertible {
            var name: String
            var tiers: [TierHealth]
            var panicThreshold = 0
            var healthy: [Int]
            var degraded: [Int]? = nil
            var panic: [Bool]? = nil
            var testDescription: String { self.name }
        }

        @Test(arguments: [
            StrictCase(name: "1 of 10 healthy keeps everything", tiers: [tier(10, 1), tier(2, 2)], healthy: [100, 0]),
            StrictCase(name: "half healthy keeps everything", tiers: [tier(10, 5), tier(10, 10)], healthy: [100, 0]),
            StrictCase(name: "tier 0 down fails over", tiers: [tier(10, 0), tier(2, 1)], healthy: [0, 100]),
            StrictCase(
                name: "skips to the first healthy tier",
                tiers: [tier(1, 0), tier(0, 0), tier(3, 1)],
                healthy: [0, 0, 100]
            ),
            StrictCase(
                name: "excluded endpoints are not healthy",
                tiers: [tier(2, 0, excluded: 2), tier(2, 1)],
                healthy: [0, 100]
            ),
            StrictCase(
                name: "no healthy endpoint: Envoy's degraded split",
                tiers: [tier(10, 0, degraded: 5), tier(10, 0, degraded: 10)],
                healthy: [0, 0],
                degraded: [70, 30]
            ),
            StrictCase(
                name: "no healthy endpoint, panic 0: tier 0",
                tiers: [tier(3, 0), tier(1, 0)],
                healthy: [100, 0],
                panic: [false, false]
            ),
            StrictCase(
                name: "no healthy endpoint, panic 50: total panic",
                tiers: [tier(3, 0), tier(1, 0)],
                panicThreshold: 50,
                healthy: [75, 25],
                panic: [true, true]
            ),
        ])
        func strictFailover(_ row: StrictCase) {
            let loads = StrictFailoverPolicy(panicThreshold: row.panicThreshold).loads(for: row.tiers)
            #expect(loads.healthy == row.healthy)
            #expect(loads.degraded == (row.degraded ?? Array(repeating: 0, count: row.tiers.count)))
            #expect(loads.panic == (row.panic ?? Array(repeating: false, count: row.tiers.count)))
        }

        @Test func strictWithoutTiers() {
            #expect(StrictFailoverPolicy.defaults.loads(for: [TierHealth]()).tierCount == 0)
        }

        @Test func defaultPolicyIsEnvoys() {
            let policy: any LoadBalancingPolicy = PriorityFailoverPolicy.defaults
            #expect(policy.loads(for: [tier(10, 5), tier(2, 2)]).healthy == [70, 30])
            #expect(policy.loads(for: [TierHealth]()).tierCount == 0)
        }

        /// A custom policy built on the public initialiser: an even split, to prove the protocol is open.
        struct EvenSplitPolicy: LoadBalancingPolicy {
            func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
                let count = min(tiers.count, 2)
                let healthy = count == 2 ? [50, 50] : Array(repeating: 100, count: count)
                return PriorityLoads(healthy: healthy, degraded: repeatElement(0, count: count)) ?? PriorityLoads()
            }
        }

        @Test func customPolicies() {
            let loads = EvenSplitPolicy().loads(for: [tier(1, 1), tier(1, 1)])
            #expect(loads.healthy == [50, 50])
            #expect(loads.chooseTier(draw: 50).tier == 1)
        }

        @Test func explicitLoadsAreValidated() throws {
            #expect(PriorityLoads(healthy: [70, 20], degraded: [0, 0]) == nil)  // sums to 90
            #expect(PriorityLoads(healthy: [70, 30], degraded: [0]) == nil)  // lengths differ
            #expect(PriorityLoads(healthy: [101, -1], degraded: [0, 0]) == nil)  // out of range
            #expect(
                PriorityLoads(healthy: Array(repeating: 0, count: 33), degraded: Array(repeating: 0, count: 33)) == nil
            )
            let empty = try #require(PriorityLoads(healthy: [Int](), degraded: [Int]()))
            #expect(empty.tierCount == 0)
            let loads = try #require(
                PriorityLoads(healthy: [60, 0], degraded: [10, 30], panic: [true], isTotalPanic: false)
            )
            #expect(loads.healthy == [60, 0])
            #expect(loads.degraded == [10, 30])
            #expect(loads.panic == [true, false])
            #expect(loads == PriorityLoads(healthy: [60, 0], degraded: [10, 30], panic: [true, false, true]))
        }

        @Test(arguments: [
            (0, 3, [100, 0, 0]), (2, 3, [0, 0, 100]), (7, 3, [0, 0, 100]), (-1, 2, [100, 0]), (0, 0, [100]),
        ])
        func allTraffic(tier: Int, tierCount: Int, expected: [Int]) {
            let loads = PriorityLoads.allTraffic(toTier: tier, tierCount: tierCount)
            #expect(loads.healthy == expected)
            #expect(!loads.isTotalPanic)
        }
    }
}
