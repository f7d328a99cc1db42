import EdgeRouting
import Synchronization

/// A small weighted random picker whose bugs can be switched on, so the tests can show that
/// `EndpointPickerVerifier` catches each one.
struct ToyPicker: EndpointPicker {
    enum Bug: CaseIterable, Sendable {
        /// Returns `candidates.count` now and then: a position past the end.
        case outOfRange
        /// Takes the drawn candidate even when it is excluded (unless every candidate is).
        case ignoresExclusions
        /// Gives up (`nil`) on a retry whose first draw is excluded, although others are left.
        case givesUpEarly
        /// Falls back to the first candidate when every candidate is excluded, instead of `nil`.
        case neverNil
        /// Draws uniformly, ignoring the weights it claims to honour.
        case ignoresWeights
        /// Draws from the system generator instead of the one it is given.
        case hiddenRandomness
        /// Counts picks in a global, so that two lists disturb each other.
        case sharedState
    }

    var bug: Bug?

    var needsActiveRequests: Bool { false }

    func makeState(weights: [UInt32], shards: Int) -> any EndpointPickerState {
        var cumulative: [UInt64] = []
        var total: UInt64 = 0
        for weight in weights {
            total += UInt64(weight)
            cumulative.append(total)
        }
        return State(bug: self.bug, cumulative: cumulative)
    }

    /// A global counter: the `sharedState` bug.
    private static let picks = Atomic<Int>(0)

    private final class State: EndpointPickerState {
        let bug: Bug?
        let cumulative: [UInt64]

        init(bug: Bug?, cumulative: [UInt64]) {
            self.bug = bug
            self.cumulative = cumulative
        }

        func pick(from candidates: EndpointCandidates, random: inout some RandomNumberGenerator) -> Int? {
            let count = candidates.count
            var system = SystemRandomNumberGenerator()
            let draw = self.bug == .hiddenRandomness ? system.next() : random.next()
            var start: Int
            if self.bug == .ignoresWeights {
                start = Int(draw % UInt64(count))
            } else {
                let target = draw % self.cumulative[count - 1]
                start = self.cumulative.firstIndex { target < $0 } ?? 0
            }
            if self.bug == .sharedState {
                start = (start + ToyPicker.picks.wrappingAdd(1, ordering: .relaxed).oldValue) % count
            }
            if self.bug == .outOfRange && draw % 97 == 0 { return count }
            let allExcluded = (0..<count).allSatisfy { candidates.isExcluded($0) }
            if self.bug == .ignoresExclusions && !allExcluded { return start }
            if self.bug == .givesUpEarly && candidates.isExcluded(start) { return nil }
            for offset in 0..<count where !candidates.isExcluded((start + offset) % count) {
                return (start + offset) % count
            }
            return self.bug == .neverNil ? 0 : nil
        }
    }
}
