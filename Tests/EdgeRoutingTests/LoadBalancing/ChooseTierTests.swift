import EdgeRouting
import Testing

extension LoadBalancingTests {
    @Suite struct ChooseTierTests {
        static let seventyThirty = PriorityLoads.compute([tier(10, 5), tier(10, 10)])

        /// `h = draw % 100 + 1`: draw 0 is h = 1, draw 69 is h = 70, draw 70 is h = 71, draw 99 is h = 100.
        @Test(
            arguments: [
                (UInt64(0), 0),
                (69, 0),
                (70, 1),
                (99, 1),
                (100, 0),
                (169, 0),
                (170, 1),
                (UInt64.max, 0),  // UInt64.max % 100 = 15, h = 16
            ] as [(UInt64, Int)]
        )
        func boundariesOfTheSeventyThirtySplit(draw: UInt64, expectedTier: Int) {
            let choice = Self.seventyThirty.chooseTier(draw: draw)
            #expect(choice.tier == expectedTier)
            #expect(choice.availability == .healthy)
            #expect(!choice.isPanic)
        }

        /// Envoy's "spill into degraded" case: healthy [0, 0, 28], degraded [28, 44, 0]. The healthy loads
        /// are walked first, then the degraded ones continue the running total.
        @Test(
            arguments: [
                (UInt64(0), TierChoice(tier: 2, availability: .healthy)),
                (27, TierChoice(tier: 2, availability: .healthy)),
                (28, TierChoice(tier: 0, availability: .degraded)),
                (55, TierChoice(tier: 0, availability: .degraded)),
                (56, TierChoice(tier: 1, availability: .degraded)),
                (99, TierChoice(tier: 1, availability: .degraded)),
            ] as [(UInt64, TierChoice)]
        )
        func walksDegradedLoadsAfterHealthyOnes(draw: UInt64, expected: TierChoice) {
            let loads = PriorityLoads.compute([tier(5, 0, degraded: 1), tier(5, 0, degraded: 5), tier(5, 1)])
            #expect(loads.healthy == [0, 0, 28])
            #expect(loads.degraded == [28, 44, 0])
            #expect(loads.chooseTier(draw: draw) == expected)
        }

        @Test func reportsPanic() {
            let loads = PriorityLoads.compute([tier(10, 2), tier(10, 5)], panicThreshold: 50)
            #expect(loads.healthy == [29, 71])
            #expect(loads.chooseTier(draw: 28) == TierChoice(tier: 0, availability: .healthy, isPanic: true))
            #expect(loads.chooseTier(draw: 29) == TierChoice(tier: 1, availability: .healthy, isPanic: false))
            #expect(loads.chooseTier(draw: 28).description == "P0 healthy (panic)")
            #expect(loads.chooseTier(draw: 29).description == "P1 healthy")
        }

        @Test func emptyLoadsFallBackToTierZero() {
            #expect(PriorityLoads().chooseTier(draw: 12) == TierChoice(tier: 0, availability: .healthy))
        }

        @Test func seventyThirtyOverManyDraws() {
            var random = SplitMix64(seed: 7)
            let draws = 200_000
            var local = 0
            for _ in 0..<draws where Self.seventyThirty.chooseTier(using: &random).tier == 0 {
                local += 1
            }
            let percent = 100 * Double(local) / Double(draws)
            #expect(abs(percent - 70) < 1, "\(percent) %")
        }

        @Test func availabilityDescriptions() {
            #expect(TierChoice.Availability.healthy.description == "healthy")
            #expect(TierChoice.Availability.degraded.description == "degraded")
            #expect(TierChoice.Availability.healthy != .degraded)
        }
    }
}
