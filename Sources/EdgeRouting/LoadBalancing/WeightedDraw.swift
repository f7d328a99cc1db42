/// Weighted random choice over cumulative (prefix-sum) weights, by binary search: the allocation-free
/// per-request half of locality weighting and weighted splits.
///
/// Build the cumulative weights once, when the candidates change (with `cumulativeWeights(_:)` or
/// into your own buffer), then draw per request:
///
/// ```swift
/// let cumulative = WeightedDraw.cumulativeWeights([1, 0, 3] as [UInt32])  // [1, 1, 4]
/// let index = WeightedDraw.index(in: cumulative, draw: random.next())      // 0 for 1/4, 2 for 3/4
/// ```
///
/// Entries of weight 0 are never chosen, and a total of 0 chooses nothing. The cumulative weights
/// must not decrease; if they do, the result is some valid index (or `nil`), never a trap.
public enum WeightedDraw {
    /// The entry whose cumulative range contains `draw % total`: the first index whose cumulative
    /// weight exceeds it, as Envoy's weighted-cluster rule walks `[0, w₀)`, `[w₀, w₀ + w₁)`, ….
    ///
    /// - Parameters:
    ///   - cumulativeWeights: Non-decreasing prefix sums of the entries' weights; the last one is
    ///     the total.
    ///   - draw: A uniformly distributed random number.
    /// - Returns: An index of `cumulativeWeights`, or `nil` when it is empty or its total is 0.
    /// - Complexity: O(log n). No allocation when `cumulativeWeights` has contiguous storage (an
    ///   `Array`, `ArraySlice`, `ContiguousArray` or `UnsafeBufferPointer`) or the call is specialised.
    public static func index<Weights: RandomAccessCollection>(
        in cumulativeWeights: Weights,
        draw: UInt64
    ) -> Weights.Index? where Weights.Element == UInt64 {
        if let offset = cumulativeWeights.withContiguousStorageIfAvailable({ Self.offset(in: $0, draw: draw) }) {
            return offset.map { cumulativeWeights.index(cumulativeWeights.startIndex, offsetBy: $0) }
        }
        return Self.search(cumulativeWeights, draw: draw)
    }

    /// The entry whose cumulative range contains a uniformly drawn point of `[0, total)`, for
    /// floating-point weights such as ``LocalityWeighting`` effective weights.
    ///
    /// The point is `(draw >> 11) / 2⁵³ × total`; if rounding puts it at the total, the last entry of
    /// non-zero weight is chosen.
    ///
    /// - Parameters:
    ///   - cumulativeWeights: Non-decreasing prefix sums of the entries' weights; the last one is
    ///     the total.
    ///   - draw: A uniformly distributed random number.
    /// - Returns: An index of `cumulativeWeights`, or `nil` when it is empty or its total is not a
    ///   positive finite number.
    /// - Complexity: O(log n). No allocation when `cumulativeWeights` has contiguous storage or the
    ///   call is specialised.
    public static func index<Weights: RandomAccessCollection>(
        in cumulativeWeights: Weights,
        draw: UInt64
    ) -> Weights.Index? where Weights.Element == Double {
        if let offset = cumulativeWeights.withContiguousStorageIfAvailable({ Self.offset(in: $0, draw: draw) }) {
            return offset.map { cumulativeWeights.index(cumulativeWeights.startIndex, offsetBy: $0) }
        }
        return Self.search(cumulativeWeights, draw: draw)
    }

    /// The prefix sums of integer weights, saturating at `UInt64.max` (allocates; build once per
    /// candidate set).
    ///
    /// - Parameter weights: The entries' weights in order.
    /// - Returns: `[w₀, w₀ + w₁, …]`.
    public static func cumulativeWeights(_ weights: some Sequence<UInt32>) -> [UInt64] {
        var sum: UInt64 = 0
        return weights.map { weight in
            let (next, overflow) = sum.addingReportingOverflow(UInt64(weight))
            sum = overflow ? .max : next
            return sum
        }
    }

    /// The prefix sums of floating-point weights, counting negative, NaN and infinite weights as 0
    /// (allocates; build once per candidate set).
    ///
    /// - Parameter weights: The entries' weights in order.
    /// - Returns: `[w₀, w₀ + w₁, …]`.
    public static func cumulativeWeights(_ weights: some Sequence<Double>) -> [Double] {
        var sum = 0.0
        return weights.map { weight in
            if weight > 0 && weight.isFinite {
                sum += weight
            }
            return sum
        }
    }

    /// The offset of the chosen entry in contiguous integer weights: the non-generic fast path, also
    /// used directly by ``WeightedSplit``.
    static func offset(in cumulativeWeights: UnsafeBufferPointer<UInt64>, draw: UInt64) -> Int? {
        let count = cumulativeWeights.count
        guard count > 0 else { return nil }
        let total = cumulativeWeights[count - 1]
        guard total > 0 else { return nil }
        let value = draw % total
        let found = Self.bufferPartitionPoint(of: cumulativeWeights) { $0 > value }
        return found < count ? found : nil
    }

    /// The offset of the chosen entry in contiguous floating-point weights: the non-generic fast path.
    static func offset(in cumulativeWeights: UnsafeBufferPointer<Double>, draw: UInt64) -> Int? {
        let count = cumulativeWeights.count
        guard count > 0 else { return nil }
        let total = cumulativeWeights[count - 1]
        guard total > 0, total.isFinite else { return nil }
        let point = Double(draw >> 11) * 0x1p-53 * total
        var found = Self.bufferPartitionPoint(of: cumulativeWeights) { $0 > point }
        if found == count {
            found = Self.bufferPartitionPoint(of: cumulativeWeights) { $0 >= total }
        }
        return found < count ? found : nil
    }

    /// The integer `offset(in:draw:)` for collections without contiguous storage.
    private static func search<Weights: RandomAccessCollection>(
        _ cumulativeWeights: Weights,
        draw: UInt64
    ) -> Weights.Index? where Weights.Element == UInt64 {
        guard let total = cumulativeWeights.last, total > 0 else { return nil }
        let value = draw % total
        let found = Self.partitionPoint(of: cumulativeWeights) { $0 > value }
        return found == cumulativeWeights.endIndex ? nil : found
    }

    /// The floating-point `offset(in:draw:)` for collections without contiguous storage.
    private static func search<Weights: RandomAccessCollection>(
        _ cumulativeWeights: Weights,
        draw: UInt64
    ) -> Weights.Index? where Weights.Element == Double {
        guard let total = cumulativeWeights.last, total > 0, total.isFinite else { return nil }
        let point = Double(draw >> 11) * 0x1p-53 * total
        var found = Self.partitionPoint(of: cumulativeWeights) { $0 > point }
        if found == cumulativeWeights.endIndex {
            found = Self.partitionPoint(of: cumulativeWeights) { $0 >= total }
        }
        return found == cumulativeWeights.endIndex ? nil : found
    }

    /// The first offset whose element satisfies `predicate` in a buffer, assuming every element that
    /// does comes after every element that does not; `elements.count` if none does.
    @inline(__always)
    private static func bufferPartitionPoint<Element>(
        of elements: UnsafeBufferPointer<Element>,
        where predicate: (Element) -> Bool
    ) -> Int {
        var low = 0
        var count = elements.count
        while count > 0 {
            let half = count / 2
            let middle = low + half
            if predicate(elements[middle]) {
                count = half
            } else {
                low = middle + 1
                count -= half + 1
            }
        }
        return low
    }

    /// The first index whose element satisfies `predicate`, assuming every element that does comes
    /// after every element that does not; `endIndex` if none does.
    private static func partitionPoint<Elements: RandomAccessCollection>(
        of elements: Elements,
        where predicate: (Elements.Element) -> Bool
    ) -> Elements.Index {
        var low = elements.startIndex
        var count = elements.count
        while count > 0 {
            let half = count / 2
            let middle = elements.index(low, offsetBy: half)
            if predicate(elements[middle]) {
                count = half
            } else {
                low = elements.index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
