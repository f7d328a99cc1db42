/// Envoy's earliest-deadline-first scheduler for weighted round robin (`EdfScheduler`), as a value.
///
/// Every entry has a weight and a deadline. A pick takes the entry with the earliest deadline (ties go
/// to the entry that was added or re-added first), advances the scheduler's clock to that deadline,
/// and re-adds the entry with the deadline `clock + 1 / weight`. An entry of weight *w* is thus picked
/// *w* times per unit of time, evenly spread, as in Envoy and with the same floating-point arithmetic.
///
/// The first picks follow Envoy too: entries start at clock 0 with deadlines `1 / weight`, so heavier
/// entries come first and entries of equal weight come in the order they were added. Weights
/// `[1, 2]` give `1, 0, 1, 1, 0, 1, …` (Envoy's `LocalityWrrTest.WeightedLocalities`).
///
/// The router does not pick from a scheduler per request; it precomputes one cycle with
/// ``schedule(weights:length:)`` when the candidates change and walks it with an atomic cursor:
///
/// ```swift
/// let weights: [UInt32] = [3, 1]
/// let cycle = EDFScheduler.schedule(weights: weights, length: EDFScheduler.cycleLength(weights: weights))
/// // [0, 0, 1, 0]: endpoint 0 three times out of four
/// // Per request, with `cursor` an `Atomic<UInt>` from the Synchronization module:
/// let ticket = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
/// let endpoint = cycle[Int(ticket % UInt(cycle.count))]
/// ```
///
/// Repeating one cycle keeps the weights' exact proportions. A live scheduler (Envoy's, or this one
/// picked on and on) can order near-ties differently in later cycles, because its floating-point clock
/// accumulates rounding: weights `[3, 1]` give `0, 0, 1, 0` and then `0, 0, 0, 1`.
///
/// Starting each router's cursor at a random offset into the cycle plays the role of Envoy's random
/// number of initial picks (`EdfScheduler::createWithPicks`), so that many proxies do not hit the same
/// endpoint in step.
///
/// Deliberate differences: Envoy asks for each entry's weight again when it re-adds it; here an
/// entry keeps the weight it was added with. Entries whose weight is not positive and finite (or
/// whose reciprocal overflows) are never scheduled, where Envoy asserts.
public struct EDFScheduler: Sendable {
    /// The longest sequence ``schedule(weights:length:)`` returns, and the largest
    /// ``cycleLength(weights:)`` (2²⁰ picks).
    public static let maximumScheduleLength = 1 << 20

    private struct Entry: Sendable {
        var deadline: Double
        var order: UInt64
        var index: Int
        var weight: Double

        @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            self.deadline < other.deadline || (self.deadline == other.deadline && self.order < other.order)
        }
    }

    /// A binary min-heap ordered by `precedes`.
    private var heap: [Entry] = []
    private var clock = 0.0
    private var nextOrder: UInt64 = 0

    /// An empty scheduler.
    public init() {}

    /// A scheduler with one entry per weight, in order: entry *i* has weight `weights[i]`, and entries
    /// of weight 0 are left out.
    ///
    /// - Parameter weights: The entries' weights.
    public init(weights: some Sequence<UInt32>) {
        for (index, weight) in weights.enumerated() where weight > 0 {
            self.add(index, weight: Double(weight))
        }
    }

    /// Whether no entry is scheduled.
    public var isEmpty: Bool {
        self.heap.isEmpty
    }

    /// The number of scheduled entries.
    public var count: Int {
        self.heap.count
    }

    /// Adds an entry with the deadline `clock + 1 / weight`.
    ///
    /// - Parameters:
    ///   - index: The caller's identifier for the entry, returned by ``pick()``; duplicates are allowed
    ///     and scheduled independently.
    ///   - weight: The entry's weight; an entry whose weight is not positive and finite, or whose
    ///     `1 / weight` overflows, is ignored.
    public mutating func add(_ index: Int, weight: Double) {
        let interval = 1.0 / weight
        guard weight > 0, weight.isFinite, interval.isFinite else { return }
        self.heap.append(Entry(deadline: self.clock + interval, order: self.nextOrder, index: index, weight: weight))
        self.nextOrder &+= 1
        self.siftUp(from: self.heap.count - 1)
    }

    /// The entry the next ``pick()`` returns, without picking it.
    public func peek() -> Int? {
        self.heap.first?.index
    }

    /// Picks the entry with the earliest deadline and schedules it again one interval later.
    ///
    /// - Returns: The picked entry's identifier, or `nil` when the scheduler is empty.
    /// - Complexity: O(log n).
    public mutating func pick() -> Int? {
        guard var top = self.heap.first else { return nil }
        self.clock = top.deadline
        top.deadline = self.clock + 1.0 / top.weight
        top.order = self.nextOrder
        self.nextOrder &+= 1
        self.heap[0] = top
        self.siftDown(from: 0)
        return top.index
    }

    /// The first `length` picks of a scheduler built from `weights` (entry *i* has weight
    /// `weights[i]`; entries of weight 0 never appear).
    ///
    /// - Parameters:
    ///   - weights: The entries' weights.
    ///   - length: How many picks to make; clamped to `0...maximumScheduleLength`.
    /// - Returns: The picked entries' indices; empty when every weight is 0.
    /// - Complexity: O(length × log n).
    public static func schedule(weights: [UInt32], length: Int) -> [Int] {
        var scheduler = EDFScheduler(weights: weights)
        let length = min(max(length, 0), Self.maximumScheduleLength)
        guard !scheduler.isEmpty, length > 0 else { return [] }
        var picks: [Int] = []
        picks.reserveCapacity(length)
        for _ in 0..<length {
            guard let index = scheduler.pick() else { break }
            picks.append(index)
        }
        return picks
    }

    /// The length of one weighted round-robin cycle: the sum of the non-zero weights divided by their
    /// greatest common divisor, so that over one cycle entry *i* is picked `weights[i] / gcd` times.
    ///
    /// - Parameter weights: The entries' weights.
    /// - Returns: The cycle length, clamped to ``maximumScheduleLength`` (beyond which proportions
    ///   are approximate); 0 when every weight is 0.
    public static func cycleLength(weights: [UInt32]) -> Int {
        var divisor: UInt64 = 0
        for weight in weights where weight > 0 {
            divisor = Self.greatestCommonDivisor(divisor, UInt64(weight))
        }
        guard divisor > 0 else { return 0 }
        var length: UInt64 = 0
        for weight in weights {
            length += UInt64(weight) / divisor
            if length >= UInt64(Self.maximumScheduleLength) {
                return Self.maximumScheduleLength
            }
        }
        return Int(length)
    }

    private static func greatestCommonDivisor(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        var (a, b) = (lhs, rhs)
        while b != 0 {
            (a, b) = (b, a % b)
        }
        return a
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard self.heap[child].precedes(self.heap[parent]) else { return }
            self.heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        let count = self.heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            var smallest = parent
            if self.heap[left].precedes(self.heap[smallest]) {
                smallest = left
            }
            if right < count && self.heap[right].precedes(self.heap[smallest]) {
                smallest = right
            }
            guard smallest != parent else { return }
            self.heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
