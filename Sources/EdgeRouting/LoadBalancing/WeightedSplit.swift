/// The destinations of a weighted route and their weights: a strict split of requests by weight,
/// Envoy's `weighted_clusters`.
///
/// A weighted split ignores the destinations' health by design: the configuration says "send 20 % to
/// cluster-2", so 20 % goes there even when cluster-2 has no working ingress (those requests get
/// `503 no healthy upstream`), exactly as Envoy does; there is no failover between the entries.
///
/// ```swift
/// let split = WeightedSplit(weights: [80, 20])
/// split.index(forDraw: 79)  // 0
/// split.index(forDraw: 80)  // 1
/// ```
public struct WeightedSplit: Hashable, Sendable, CustomStringConvertible {
    /// The weights in configuration order.
    public let weights: [UInt32]
    /// The sum of the weights (at most `UInt32.max` for validated configuration; computed in 64 bits
    /// either way).
    public let totalWeight: UInt64
    private let cumulative: [UInt64]

    /// Creates a split.
    ///
    /// Configuration validation guarantees a sum that fits in `UInt32` and is positive, but nothing
    /// here traps without that: sums are 64-bit (saturating), and a total of 0 makes every draw choose
    /// nothing.
    ///
    /// - Parameter weights: The destinations' weights in configuration order; 0 drains a destination.
    public init(weights: [UInt32]) {
        self.weights = weights
        self.cumulative = WeightedDraw.cumulativeWeights(weights)
        self.totalWeight = self.cumulative.last ?? 0
    }

    /// The number of destinations.
    public var count: Int {
        self.weights.count
    }

    /// The destination for one request: `value = draw % totalWeight`, and the first destination, in
    /// configuration order, whose cumulative weight exceeds `value` (Envoy's `pickCluster`).
    ///
    /// - Parameter draw: A uniformly distributed random number.
    /// - Returns: The index of the destination, never one of weight 0; `nil` when the total is 0.
    /// - Complexity: O(log n) by binary search; no allocation.
    @inline(__always)
    public func index(forDraw draw: UInt64) -> Int? {
        self.cumulative.withUnsafeBufferPointer { WeightedDraw.offset(in: $0, draw: draw) }
    }

    /// The destination for one request with a draw from `generator`; see ``index(forDraw:)``.
    ///
    /// - Parameter generator: The source of randomness.
    /// - Returns: The index of the destination, or `nil` when the total is 0.
    public func index(using generator: inout some RandomNumberGenerator) -> Int? {
        self.index(forDraw: generator.next())
    }

    /// The fraction of requests (0...1) a destination receives: its weight over the total.
    ///
    /// - Parameter index: A destination index; 0 for one out of range or when the total is 0.
    public func share(ofDestination index: Int) -> Double {
        guard self.weights.indices.contains(index), self.totalWeight > 0 else { return 0 }
        return Double(self.weights[index]) / Double(self.totalWeight)
    }

    /// The weights, for example `[80, 20]`.
    public var description: String {
        "\(self.weights)"
    }
}
