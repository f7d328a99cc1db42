import EdgeRouting
import Testing

extension LoadBalancingTests {
    @Suite struct WeightedSplitTests {
        @Test(arguments: [
            ([UInt32(80), 20], UInt64(0), 0),
            ([80, 20], 79, 0),
            ([80, 20], 80, 1),
            ([80, 20], 99, 1),
            ([80, 20], 100, 0),
            ([80, 20], 180, 1),
            ([0, 5, 0, 5], 0, 1),
            ([0, 5, 0, 5], 4, 1),
            ([0, 5, 0, 5], 5, 3),
            ([0, 5, 0, 5], 9, 3),
            ([1], .max, 0),
            ([50, 0], 12_345, 0),
        ])
        func envoysCumulativeRanges(weights: [UInt32], draw: UInt64, expected: Int) {
            #expect(WeightedSplit(weights: weights).index(forDraw: draw) == expected)
        }

        @Test func nothingToSplit() {
            #expect(WeightedSplit(weights: []).index(forDraw: 3) == nil)
            #expect(WeightedSplit(weights: [0, 0]).index(forDraw: 3) == nil)
            #expect(WeightedSplit(weights: [0, 0]).totalWeight == 0)
            #expect(WeightedSplit(weights: [0, 0]).share(ofDestination: 0) == 0)
        }

        @Test func sumsBeyondUInt32DoNotTrap() {
            let split = WeightedSplit(weights: [.max, .max, .max])
            #expect(split.totalWeight == 3 * UInt64(UInt32.max))
            #expect(split.index(forDraw: UInt64(UInt32.max)) == 1)
            #expect(split.index(forDraw: 3 * UInt64(UInt32.max) - 1) == 2)
            #expect(split.count == 3)
            #expect(split.description == "[4294967295, 4294967295, 4294967295]")
        }

        /// 100,000 seeded draws land within one percentage point of the configured split.
        @Test(arguments: [[UInt32(50), 50], [80, 20], [1, 0, 3]])
        func distributionOverManyDraws(weights: [UInt32]) throws {
            let split = WeightedSplit(weights: weights)
            var random = SplitMix64(seed: UInt64(weights.count * 31 + Int(weights[0])))
            var counts = Array(repeating: 0, count: weights.count)
            let draws = 100_000
            for _ in 0..<draws {
                counts[try #require(split.index(using: &random))] += 1
            }
            for index in weights.indices {
                let percent = 100 * Double(counts[index]) / Double(draws)
                #expect(abs(percent - 100 * split.share(ofDestination: index)) < 1, "entry \(index): \(percent) %")
            }
            #expect(counts[weights.firstIndex(of: 0) ?? weights.count - 1] > 0 || weights.contains(0))
        }
    }
}
