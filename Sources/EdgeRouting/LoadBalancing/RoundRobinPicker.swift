/// Round robin over the candidates, as Envoy's round-robin load balancer does: plain rotation when all
/// weights are equal, and when they differ an earliest-deadline-first schedule (``EDFScheduler``) in
/// which each candidate appears in proportion to its weight.
///
/// Each thread shard keeps its own cursor, as each Envoy worker thread keeps its own balancer, so the
/// rotation costs one uncontended atomic add. Excluded candidates are skipped.
public struct RoundRobinPicker: EndpointPicker {
    /// Creates the picker.
    public init() {}

    /// Round robin needs no in-flight counts.
    public var needsActiveRequests: Bool { false }

    /// Builds the rotation (and, for unequal weights, the weighted schedule) for one candidate list.
    ///
    /// - Parameters:
    ///   - weights: The candidates' weights.
    ///   - shards: The router's shard count (one cursor each).
    public func makeState(weights: [UInt32], shards: Int) -> any EndpointPickerState {
        State(weights: weights, shards: shards)
    }

    private final class State: EndpointPickerState {
        /// For unequal weights, one weighted cycle of candidate positions; empty for plain rotation.
        private let schedule: [Int32]
        private let cursors: AtomicBuffer
        private let shardMask: Int
        /// Cursors of different shards are this many slots apart, so each has its own cache lines.
        private static let stride = 16

        init(weights: [UInt32], shards: Int) {
            let equal = weights.allSatisfy { $0 == weights.first }
            if equal {
                self.schedule = []
            } else {
                let length = EDFScheduler.cycleLength(weights: weights)
                self.schedule = EDFScheduler.schedule(weights: weights, length: length).map { Int32($0) }
            }
            let shardCount = ThreadShard.powerOfTwo(atLeast: max(1, shards))
            self.shardMask = shardCount - 1
            self.cursors = AtomicBuffer(count: shardCount * Self.stride)
        }

        func pick(from candidates: EndpointCandidates, random: inout some RandomNumberGenerator) -> Int? {
            let shard = ThreadShard.current(mask: self.shardMask)
            let turn = Int(truncatingIfNeeded: self.cursors.add(1, at: shard &* Self.stride) &- 1)
            if self.schedule.isEmpty || self.schedule.count == 0 {
                return candidates.firstEligible(from: turn & Int.max)
            }
            let length = self.schedule.count
            let start = (turn & Int.max) % length
            if !candidates.hasExclusions { return Int(self.schedule[start]) }
            // The scan is bounded: with weights such as [2_000_000, 1] the schedule is a million picks
            // of the heavy candidate (and, cut at `EDFScheduler.maximumScheduleLength`, may leave the
            // light one out altogether). Past the bound the pick goes on in plain rotation, so a retry
            // that excludes the heavy candidate costs a few steps and still finds the light one.
            let limit = min(length, max(64, 4 * candidates.count))
            for offset in 0..<limit {
                let candidate = Int(self.schedule[(start + offset) % length])
                if !candidates.isExcluded(candidate) { return candidate }
            }
            return candidates.firstEligible(from: Int(self.schedule[start]))
        }
    }
}
