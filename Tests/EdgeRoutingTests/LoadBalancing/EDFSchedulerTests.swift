import EdgeRouting
import Testing

extension LoadBalancingTests {
    @Suite struct EDFSchedulerTests {
        @Test(arguments: [
            ([UInt32(1), 1], [0, 1, 0, 1]),
            ([1, 1, 1], [0, 1, 2, 0, 1, 2]),  // Envoy LocalityWrrTest.UnweightedLocalities
            ([1, 2], [1, 0, 1, 1, 0, 1]),  // Envoy LocalityWrrTest.WeightedLocalities
            ([1, 0, 1], [0, 2, 0, 2, 0, 2]),  // Envoy LocalityWrrTest.MissingWeight
            ([2, 1], [0, 1, 0, 0, 1, 0]),
            // Envoy's floating-point clock: 1/3 + 1/3 + 1/3 rounds to exactly 1, so B (deadline 1, added
            // first) precedes A's third pick; in the second round A's deadline 1 + 1/3 + 1/3 + 1/3 rounds
            // to just below 2, so A's third pick precedes B.
            ([3, 1], [0, 0, 1, 0, 0, 0, 0, 1]),
            ([5], [0, 0, 0]),
            ([0, 0], []),
            ([], []),
        ])
        func exactSequences(weights: [UInt32], expected: [Int]) {
            #expect(EDFScheduler.schedule(weights: weights, length: expected.count) == expected)
        }

        /// Envoy's EdfSchedulerTest.Unweighted: 128 equal weights give plain round robin, round after round.
        @Test func unweightedIsRoundRobin() {
            let picks = EDFScheduler.schedule(weights: Array(repeating: 1, count: 128), length: 128 * 16)
            #expect(picks == Array(repeating: Array(0..<128), count: 16).flatMap { $0 })
        }

        /// Envoy's EdfSchedulerTest.Weighted: weights 1...128, picked exactly their weight over one cycle.
        @Test func weightedCountsOverOneCycle() {
            let weights = (1...128).map { UInt32($0) }
            let length = EDFScheduler.cycleLength(weights: weights)
            #expect(length == 128 * 129 / 2)
            var counts = Array(repeating: 0, count: 128)
            for index in EDFScheduler.schedule(weights: weights, length: length) {
                counts[index] += 1
            }
            #expect(counts == weights.map { Int($0) })
        }

        @Test(arguments: [[UInt32(7), 0, 13, 1, 100], [2, 3, 5, 7, 11, 13], [40, 60]])
        func proportionsOverCycles(weights: [UInt32]) {
            let cycle = EDFScheduler.cycleLength(weights: weights)
            let picks = EDFScheduler.schedule(weights: weights, length: 3 * cycle)
            #expect(picks.count == 3 * cycle)
            var counts = Array(repeating: 0, count: weights.count)
            for index in picks {
                counts[index] += 1
            }
            let divisor = weights.reduce(0) { gcd($0, $1) }
            #expect(counts == weights.map { 3 * Int($0 / divisor) })
            // Evenly spread: between two picks of the heaviest entry there are never two of another.
            let heaviest = weights.indices.max { weights[$0] < weights[$1] }!
            var othersSinceHeaviest = 0
            for index in picks {
                if index == heaviest { othersSinceHeaviest = 0 } else { othersSinceHeaviest += 1 }
                #expect(othersSinceHeaviest <= weights.filter { $0 > 0 }.count)
            }
        }

        /// Envoy's LocalityWrrTest.UnhealthyFailover: localities of weight 1 (five endpoints, k healthy)
        /// and 2 (one healthy endpoint); 100 picks from an EDF scheduler over the effective weights.
        @Test(arguments: [(5, 33, 67), (4, 33, 67), (3, 29, 71), (2, 22, 78), (1, 12, 88), (0, 0, 100)])
        func localityFailover(healthy: Int, expectedFirst: Int, expectedSecond: Int) {
            var scheduler = EDFScheduler()
            scheduler.add(0, weight: LocalityWeighting.effectiveWeight(weight: 1, eligible: healthy, total: 5))
            scheduler.add(1, weight: LocalityWeighting.effectiveWeight(weight: 2, eligible: 1, total: 1))
            var counts = [0, 0]
            for _ in 0..<100 {
                counts[scheduler.pick() ?? 0] += 1
            }
            #expect(counts == [expectedFirst, expectedSecond])
        }

        /// Envoy's OverProvisioningFactorTest.LocalityPickChanges: localities of weight 1 with 1 of 2 and 1
        /// of 1 endpoints healthy; OPF 100 gives 33/67 picks, OPF 200 gives 50/50.
        @Test(arguments: [(100, 33, 67), (200, 50, 50)])
        func overprovisioningFactorChangesPicks(factor: Int, expectedFirst: Int, expectedSecond: Int) {
            var scheduler = EDFScheduler()
            let weight = { (eligible: Int, total: Int) in
                LocalityWeighting.effectiveWeight(
                    weight: 1,
                    eligible: eligible,
                    total: total,
                    overprovisioningFactor: factor
                )
            }
            scheduler.add(0, weight: weight(1, 2))
            scheduler.add(1, weight: weight(1, 1))
            var counts = [0, 0]
            for _ in 0..<100 {
                counts[scheduler.pick() ?? 0] += 1
            }
            #expect(counts == [expectedFirst, expectedSecond])
        }

        @Test func ignoresUnusableWeights() {
            var scheduler = EDFScheduler()
            for weight in [0, -1, .nan, .infinity, -.infinity, .leastNonzeroMagnitude] as [Double] {
                scheduler.add(9, weight: weight)
            }
            #expect(scheduler.isEmpty)
            #expect(scheduler.pick() == nil)
            #expect(scheduler.peek() == nil)
            scheduler.add(4, weight: 0.5)
            #expect(scheduler.count == 1)
            #expect(scheduler.peek() == 4)
            #expect(scheduler.pick() == 4)
            #expect(scheduler.pick() == 4)
        }

        @Test func peekMatchesPick() {
            var scheduler = EDFScheduler(weights: [3, 5, 0, 2] as [UInt32])
            #expect(scheduler.count == 3)
            for _ in 0..<50 {
                let peeked = scheduler.peek()
                #expect(scheduler.pick() == peeked)
            }
        }

        @Test(arguments: [
            ([UInt32](), 0),
            ([0, 0], 0),
            ([50, 50], 2),
            ([80, 20], 5),
            ([3, 0, 1], 4),
            ([7], 1),
            ([UInt32.max, 1], EDFScheduler.maximumScheduleLength),
        ])
        func cycleLength(weights: [UInt32], expected: Int) {
            #expect(EDFScheduler.cycleLength(weights: weights) == expected)
        }

        @Test func scheduleLengthIsClamped() {
            #expect(EDFScheduler.schedule(weights: [1, 2], length: -5).isEmpty)
            #expect(EDFScheduler.schedule(weights: [1], length: .max).count == EDFScheduler.maximumScheduleLength)
        }
    }

    private static func gcd(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        rhs == 0 ? lhs : gcd(rhs, lhs % rhs)
    }
}
