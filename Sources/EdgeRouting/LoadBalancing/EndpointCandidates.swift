/// The endpoints one pick may choose from: a tier's healthy endpoints (or all of them in panic), seen
/// through the request's exclusion set.
///
/// The view borrows the router's storage and is valid only during the ``EndpointPickerState/pick(from:random:)``
/// call it is passed to; do not keep it. Accessors take a candidate position in `0..<count` and are
/// allocation-free.
public struct EndpointCandidates {
    let positions: UnsafeBufferPointer<Int32>
    let endpointIDs: UnsafeBufferPointer<EndpointID>
    let clusterIDs: UnsafeBufferPointer<ClusterID>
    let weights: UnsafeBufferPointer<UInt32>
    let active: AtomicBuffer?
    let exclusions: ExclusionSet
    let tier: Int

    init(
        positions: UnsafeBufferPointer<Int32>,
        endpointIDs: UnsafeBufferPointer<EndpointID>,
        clusterIDs: UnsafeBufferPointer<ClusterID>,
        weights: UnsafeBufferPointer<UInt32>,
        active: AtomicBuffer?,
        exclusions: ExclusionSet,
        tier: Int
    ) {
        self.positions = positions
        self.endpointIDs = endpointIDs
        self.clusterIDs = clusterIDs
        self.weights = weights
        self.active = active
        self.exclusions = exclusions
        self.tier = tier
    }

    /// The number of candidates.
    public var count: Int {
        self.positions.count
    }

    /// Whether this pick has an exclusion set at all (a retry); when `false`, ``isExcluded(_:)`` is
    /// always `false` and pickers can skip calling it.
    public var hasExclusions: Bool {
        !self.exclusions.isEmpty
    }

    /// The candidate's endpoint.
    ///
    /// - Parameter candidate: A position in `0..<count`.
    public func endpoint(_ candidate: Int) -> EndpointID {
        self.endpointIDs[Int(self.positions[candidate])]
    }

    /// The candidate's cluster.
    ///
    /// - Parameter candidate: A position in `0..<count`.
    public func cluster(_ candidate: Int) -> ClusterID {
        self.clusterIDs[Int(self.positions[candidate])]
    }

    /// The candidate's load-balancing weight (1 unless the topology says otherwise).
    ///
    /// - Parameter candidate: A position in `0..<count`.
    public func weight(_ candidate: Int) -> UInt32 {
        self.weights[Int(self.positions[candidate])]
    }

    /// Whether this request must avoid the candidate (its endpoint, cluster or tier was tried).
    ///
    /// - Parameter candidate: A position in `0..<count`.
    public func isExcluded(_ candidate: Int) -> Bool {
        let index = Int(self.positions[candidate])
        return self.exclusions.excludes(
            endpoint: self.endpointIDs[index],
            cluster: self.clusterIDs[index],
            tier: self.tier
        )
    }

    /// Attempts in flight on the candidate right now (always 0 unless the picker asked for counting
    /// with ``EndpointPicker/needsActiveRequests``); never negative.
    ///
    /// - Parameter candidate: A position in `0..<count`.
    public func activeRequests(_ candidate: Int) -> Int {
        guard let active = self.active else { return 0 }
        // Clamped: a counter wrapped below zero (an attempt completed twice) reads as very busy, not as
        // a negative count that a picker's arithmetic could trap on.
        return Int(clamping: active.load(Int(self.positions[candidate])))
    }
}
