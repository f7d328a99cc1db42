/// A random candidate: uniform when all weights are equal, otherwise in proportion to the weights
/// (a binary search over cumulative weights). Excluded candidates are skipped.
public struct RandomPicker: EndpointPicker {
    /// Creates the picker.
    public init() {}

    /// Random picking needs no in-flight counts.
    public var needsActiveRequests: Bool { false }

    /// Builds the state for one candidate list.
    ///
    /// - Parameters:
    ///   - weights: The candidates' weights.
    ///   - shards: Unused.
    public func makeState(weights: [UInt32], shards: Int) -> any EndpointPickerState {
        let equal = weights.allSatisfy { $0 == weights.first }
        return State(cumulativeWeights: equal ? [] : WeightedDraw.cumulativeWeights(weights))
    }

    private final class State: EndpointPickerState {
        /// Prefix sums of the weights; empty for uniform picking.
        private let cumulativeWeights: [UInt64]

        init(cumulativeWeights: [UInt64]) {
            self.cumulativeWeights = cumulativeWeights
        }

        func pick(from candidates: EndpointCandidates, random: inout some RandomNumberGenerator) -> Int? {
            let draw = random.next()
            let start: Int
            if self.cumulativeWeights.isEmpty {
                start = Int(draw % UInt64(candidates.count))
            } else {
                start = WeightedDraw.index(in: self.cumulativeWeights, draw: draw) ?? 0
            }
            return candidates.firstEligible(from: start)
        }
    }
}
