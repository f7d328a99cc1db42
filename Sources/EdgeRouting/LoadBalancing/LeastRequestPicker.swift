/// The power of two choices over attempts in flight, as Envoy's least-request load balancer does with
/// its default choice count of 2: draw two candidates at random and take the one with fewer attempts in
/// flight (the first on a tie).
///
/// When weights differ, the comparison is of `active / weight`, so a heavier candidate may carry
/// proportionally more concurrent attempts. (Envoy instead schedules unequal weights by EDF over
/// `weight / (active + 1)^bias`; comparing ratios keeps picking lock-free and allocation-free, and with
/// equal weights the two are identical.)
public struct LeastRequestPicker: EndpointPicker {
    /// How many random candidates to compare (at least 2).
    public var choiceCount: Int

    /// Creates the picker.
    ///
    /// - Parameter choiceCount: How many random candidates to compare; values below 2 mean 2.
    public init(choiceCount: Int = 2) {
        self.choiceCount = max(2, choiceCount)
    }

    /// Least request needs the router to count attempts in flight.
    public var needsActiveRequests: Bool { true }

    /// Builds the state for one candidate list.
    ///
    /// - Parameters:
    ///   - weights: The candidates' weights.
    ///   - shards: Unused.
    public func makeState(weights: [UInt32], shards: Int) -> any EndpointPickerState {
        State(choiceCount: self.choiceCount, weighted: !weights.allSatisfy { $0 == weights.first })
    }

    private final class State: EndpointPickerState {
        private let choiceCount: Int
        private let weighted: Bool

        init(choiceCount: Int, weighted: Bool) {
            self.choiceCount = choiceCount
            self.weighted = weighted
        }

        func pick(from candidates: EndpointCandidates, random: inout some RandomNumberGenerator) -> Int? {
            let count = candidates.count
            if count == 1 {
                return candidates.hasExclusions && candidates.isExcluded(0) ? nil : 0
            }
            var best: Int?
            for _ in 0..<self.choiceCount {
                let drawn = Int(random.next() % UInt64(count))
                guard let candidate = candidates.firstEligible(from: drawn) else { return nil }
                if let current = best {
                    if self.isLighter(candidate, than: current, in: candidates) { best = candidate }
                } else {
                    best = candidate
                }
            }
            return best
        }

        private func isLighter(_ candidate: Int, than current: Int, in candidates: EndpointCandidates) -> Bool {
            let active = UInt64(candidates.activeRequests(candidate))
            let currentActive = UInt64(candidates.activeRequests(current))
            guard self.weighted else { return active < currentActive }
            // active / weight < currentActive / currentWeight, without division.
            return active &* UInt64(candidates.weight(current)) < currentActive &* UInt64(candidates.weight(candidate))
        }
    }
}
