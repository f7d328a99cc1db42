import Testing

@testable import EdgeRouting

/// The pickers against candidate lists built by hand, as the router presents them.
@Suite struct EndpointPickerTests {
    /// A candidate list over `weights.count` endpoints in one cluster per endpoint.
    final class Candidates {
        let ids: UnsafeMutableBufferPointer<EndpointID>
        let clusters: UnsafeMutableBufferPointer<ClusterID>
        let weights: UnsafeMutableBufferPointer<UInt32>
        let positions: UnsafeMutableBufferPointer<Int32>
        let active: AtomicBuffer

        init(weights: [UInt32]) {
            self.ids = .allocate(capacity: weights.count)
            self.clusters = .allocate(capacity: weights.count)
            self.weights = .allocate(capacity: weights.count)
            self.positions = .allocate(capacity: weights.count)
            _ = self.ids.initialize(from: weights.indices.map { EndpointID(rawValue: UInt64($0)) })
            _ = self.clusters.initialize(from: weights.indices.map { ClusterID(rawValue: UInt32($0)) })
            _ = self.weights.initialize(from: weights)
            _ = self.positions.initialize(from: weights.indices.map { Int32($0) })
            self.active = AtomicBuffer(count: weights.count)
        }

        deinit {
            self.ids.deallocate()
            self.clusters.deallocate()
            self.weights.deallocate()
            self.positions.deallocate()
        }

        func view(excluding excluded: ExclusionSet = ExclusionSet()) -> EndpointCandidates {
            EndpointCandidates(
                positions: UnsafeBufferPointer(self.positions),
                endpointIDs: UnsafeBufferPointer(self.ids),
                clusterIDs: UnsafeBufferPointer(self.clusters),
                weights: UnsafeBufferPointer(self.weights),
                active: self.active,
                exclusions: excluded,
                tier: 0
            )
        }
    }

    static func counts(
        _ picker: any EndpointPicker,
        weights: [UInt32],
        picks: Int,
        excluded: ExclusionSet = ExclusionSet()
    ) -> [Int] {
        let candidates = Candidates(weights: weights)
        let state = picker.makeState(weights: weights, shards: 1)
        var random = SplitMix64(seed: 5)
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<picks {
            if let picked = state.pick(from: candidates.view(excluding: excluded), random: &random) {
                counts[picked] += 1
            }
        }
        return counts
    }

    @Test func roundRobinRotates() {
        let candidates = Candidates(weights: [1, 1, 1])
        let state = RoundRobinPicker().makeState(weights: [1, 1, 1], shards: 1)
        var random = SplitMix64(seed: 1)
        let picks = (0..<6).compactMap { _ in state.pick(from: candidates.view(), random: &random) }
        #expect(picks == [0, 1, 2, 0, 1, 2])
    }

    @Test func weightedRoundRobinFollowsTheWeightsExactlyPerCycle() {
        #expect(Self.counts(.roundRobin, weights: [1, 3], picks: 4_000) == [1_000, 3_000])
        #expect(Self.counts(.roundRobin, weights: [2, 0, 2], picks: 100) == [50, 0, 50])
    }

    @Test(arguments: [[UInt32(1), 1], [1, 4], [5, 3, 2]])
    func randomFollowsTheWeights(weights: [UInt32]) {
        let picks = 100_000
        let counts = Self.counts(.random, weights: weights, picks: picks)
        let total = Double(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            let share = Double(counts[index]) / Double(picks)
            #expect(abs(share - Double(weight) / total) < 0.01, "candidate \(index): \(share)")
        }
    }

    @Test(arguments: [RoundRobinPicker() as any EndpointPicker, LeastRequestPicker(), RandomPicker()])
    func excludedCandidatesAreAvoidedWhileOthersRemain(picker: any EndpointPicker) {
        var excluded = ExclusionSet()
        excluded.insert(endpoint: EndpointID(rawValue: 0))
        excluded.insert(cluster: ClusterID(rawValue: 2))
        let counts = Self.counts(picker, weights: [1, 1, 1, 1], picks: 1_000, excluded: excluded)
        #expect(counts[0] == 0 && counts[2] == 0)
        #expect(counts[1] + counts[3] == 1_000)
    }

    @Test(arguments: [RoundRobinPicker() as any EndpointPicker, LeastRequestPicker(), RandomPicker()])
    func everyCandidateExcludedGivesNil(picker: any EndpointPicker) {
        let candidates = Candidates(weights: [1, 2])
        let state = picker.makeState(weights: [1, 2], shards: 1)
        var excluded = ExclusionSet()
        excluded.insert(tier: 0)
        var random = SplitMix64(seed: 1)
        #expect(state.pick(from: candidates.view(excluding: excluded), random: &random) == nil)
    }

    @Test func leastRequestComparesInFlightPerWeight() {
        let candidates = Candidates(weights: [1, 3])
        candidates.active.add(2, at: 0)  // 2 in flight on weight 1
        candidates.active.add(3, at: 1)  // 3 in flight on weight 3: lighter per unit of weight
        let state = LeastRequestPicker().makeState(weights: [1, 3], shards: 1)
        var random = SplitMix64(seed: 2)
        var picks = [0, 0]
        for _ in 0..<1_000 {
            if let picked = state.pick(from: candidates.view(), random: &random) { picks[picked] += 1 }
        }
        // Only a draw of candidate 0 twice picks it: a quarter of the time.
        #expect(abs(picks[0] - 250) < 60 && picks[0] + picks[1] == 1_000)
    }
}
