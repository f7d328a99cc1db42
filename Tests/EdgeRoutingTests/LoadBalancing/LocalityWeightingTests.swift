import EdgeRouting
import Testing

extension LoadBalancingTests {
    @Suite struct LocalityWeightingTests {
        struct Row: Sendable, CustomTestStringConvertible {
            var weight: UInt32
            var eligible: Int
            var total: Int
            var excluded = 0
            var factor = 140
            var expected: Double
            var testDescription: String {
                "w\(self.weight) \(self.eligible)/\(self.total) excl \(self.excluded) OPF \(self.factor)"
            }
        }

        @Test(arguments: [
            // Envoy's LocalityWrrTest.UnhealthyFailover: weight 1, five endpoints, k healthy.
            Row(weight: 1, eligible: 5, total: 5, expected: 1),
            Row(weight: 1, eligible: 4, total: 5, expected: 1),  // 1.4 × 0.8 = 1.12, capped at 1
            Row(weight: 1, eligible: 3, total: 5, expected: 0.84),
            Row(weight: 1, eligible: 2, total: 5, expected: 0.56),
            Row(weight: 1, eligible: 1, total: 5, expected: 0.28),
            Row(weight: 1, eligible: 0, total: 5, expected: 0),
            // The weight-2 cluster, half healthy.
            Row(weight: 2, eligible: 1, total: 2, expected: 1.4),
            Row(weight: 2, eligible: 1, total: 2, factor: 100, expected: 1),
            Row(weight: 2, eligible: 1, total: 2, factor: 200, expected: 2),
            // Excluded endpoints do not count.
            Row(weight: 3, eligible: 1, total: 4, excluded: 3, expected: 3),
            Row(weight: 3, eligible: 0, total: 4, excluded: 4, expected: 0),
            Row(weight: 0, eligible: 4, total: 4, expected: 0),
            // Bad input is clamped.
            Row(weight: 5, eligible: 9, total: 4, expected: 5),
            Row(weight: 5, eligible: -1, total: 4, expected: 0),
            Row(weight: 5, eligible: 1, total: -4, expected: 0),
            Row(weight: 5, eligible: 1, total: 4, excluded: -2, factor: 100, expected: 1.25),
            Row(weight: 4, eligible: 1, total: 4, factor: -7, expected: 0.01),  // OPF clamped to 1
            Row(weight: UInt32.max, eligible: Int.max, total: Int.max, factor: Int.max, expected: Double(UInt32.max)),
        ])
        func effectiveWeight(_ row: Row) {
            let weight = LocalityWeighting.effectiveWeight(
                weight: row.weight,
                eligible: row.eligible,
                total: row.total,
                excluded: row.excluded,
                overprovisioningFactor: row.factor
            )
            #expect(abs(weight - row.expected) < 1e-12, "\(weight)")
        }

        @Test func fromTierHealth() {
            let cluster = tier(10, 3, degraded: 5, excluded: 2)
            #expect(LocalityWeighting.effectiveWeight(weight: 2, health: cluster) == 2 * min(1, 1.4 * (3.0 / 8.0)))
            #expect(LocalityWeighting.effectiveWeight(weight: 2, health: cluster, availability: .degraded) == 1.75)
        }

        /// The locality split a 1:2 weighting gives at several health levels, over 100,000 seeded draws.
        @Test(arguments: [
            // (weight-2 cluster healthy endpoints of 2, OPF, expected share of the weight-1 cluster in %)
            (2, 140, 100.0 / 3),
            (1, 140, 100 / 2.4),
            (1, 100, 50.0),
            (0, 140, 100.0),
        ])
        func distributionOverManyDraws(healthyOfTwo: Int, factor: Int, expectedFirstPercent: Double) throws {
            let weights = [
                LocalityWeighting.effectiveWeight(weight: 1, eligible: 3, total: 3, overprovisioningFactor: factor),
                LocalityWeighting.effectiveWeight(
                    weight: 2,
                    eligible: healthyOfTwo,
                    total: 2,
                    overprovisioningFactor: factor
                ),
            ]
            let cumulative = WeightedDraw.cumulativeWeights(weights)
            var random = SplitMix64(seed: UInt64(healthyOfTwo * 1000 + factor))
            let draws = 100_000
            var first = 0
            for _ in 0..<draws {
                let index = try #require(WeightedDraw.index(in: cumulative, draw: random.next()))
                if index == 0 { first += 1 }
            }
            let percent = 100 * Double(first) / Double(draws)
            #expect(abs(percent - expectedFirstPercent) < 1, "\(percent) %")
        }
    }

    @Suite struct WeightedDrawTests {
        @Test func integerWeightsFollowCumulativeRanges() {
            let cumulative = WeightedDraw.cumulativeWeights([1, 0, 3] as [UInt32])
            #expect(cumulative == [1, 1, 4])
            #expect((0..<UInt64(8)).map { WeightedDraw.index(in: cumulative, draw: $0) } == [0, 2, 2, 2, 0, 2, 2, 2])
            #expect(WeightedDraw.index(in: cumulative, draw: .max) == 2)  // UInt64.max % 4 = 3
        }

        @Test func zeroWeightsAreNeverChosen() {
            let weights: [UInt32] = [0, 2, 0, 0, 1, 0]
            let cumulative = WeightedDraw.cumulativeWeights(weights)
            let chosen = Set((0..<UInt64(300)).compactMap { WeightedDraw.index(in: cumulative, draw: $0) })
            #expect(chosen == [1, 4])
            let doubles = WeightedDraw.cumulativeWeights(weights.map(Double.init))
            var random = SplitMix64(seed: 1)
            let chosenByDouble = Set(
                (0..<1000).compactMap { _ in WeightedDraw.index(in: doubles, draw: random.next()) }
            )
            #expect(chosenByDouble == [1, 4])
        }

        @Test func nothingToChoose() {
            #expect(WeightedDraw.index(in: [UInt64](), draw: 5) == nil)
            #expect(WeightedDraw.index(in: [0, 0] as [UInt64], draw: 5) == nil)
            #expect(WeightedDraw.index(in: [Double](), draw: 5) == nil)
            #expect(WeightedDraw.index(in: [0, 0] as [Double], draw: 5) == nil)
            #expect(WeightedDraw.index(in: [1, .infinity] as [Double], draw: 5) == nil)
            #expect(WeightedDraw.index(in: [1, .nan] as [Double], draw: 5) == nil)
        }

        @Test func floatingPointEdges() {
            let cumulative = WeightedDraw.cumulativeWeights([0.5, 0, 1.5, 0] as [Double])
            #expect(cumulative == [0.5, 0.5, 2, 2])
            #expect(WeightedDraw.index(in: cumulative, draw: 0) == 0)
            #expect(WeightedDraw.index(in: cumulative, draw: 1 << 61) == 0)  // point 0.25
            #expect(WeightedDraw.index(in: cumulative, draw: 1 << 62) == 2)  // point 0.5
            #expect(WeightedDraw.index(in: cumulative, draw: .max) == 2)
            #expect(WeightedDraw.cumulativeWeights([1, -1, .nan, .infinity, 2] as [Double]) == [1, 1, 1, 1, 3])
        }

        /// Collections without contiguous storage take the generic path, which must agree with the
        /// buffer fast path.
        @Test func genericPathAgreesWithContiguousPath() {
            let integers = WeightedDraw.cumulativeWeights([0, 3, 0, 1, 5, 0] as [UInt32])
            let doubles = WeightedDraw.cumulativeWeights([0, 0.3, 0, 1, 5, 0] as [Double])
            var random = SplitMix64(seed: 99)
            for _ in 0..<2_000 {
                let draw = random.next()
                #expect(
                    WeightedDraw.index(in: integers.lazy.map { $0 }, draw: draw)
                        == WeightedDraw.index(in: integers, draw: draw)
                )
                #expect(
                    WeightedDraw.index(in: doubles.lazy.map { $0 }, draw: draw)
                        == WeightedDraw.index(in: doubles, draw: draw)
                )
            }
            #expect(WeightedDraw.index(in: [UInt64]().lazy.map { $0 }, draw: 1) == nil)
            #expect(WeightedDraw.index(in: [0.0].lazy.map { $0 }, draw: 1) == nil)
        }

        @Test func worksOnSlicesAndDoesNotTrapOnGarbage() {
            let cumulative: [UInt64] = [9, 1, 4, 2, 8]
            for draw in 0..<UInt64(50) {
                let index = WeightedDraw.index(in: cumulative, draw: draw)
                #expect(index.map { cumulative.indices.contains($0) } ?? true)
            }
            let slice = [UInt64(1), 2, 3, 4][2...]  // indices 2 and 3, cumulative [3, 4]
            #expect(WeightedDraw.index(in: slice, draw: 2) == 2)
            #expect(WeightedDraw.index(in: slice, draw: 3) == 3)
            #expect(
                WeightedDraw.cumulativeWeights([UInt32.max, UInt32.max]) == [
                    UInt64(UInt32.max), 2 * UInt64(UInt32.max),
                ]
            )
        }
    }
}
