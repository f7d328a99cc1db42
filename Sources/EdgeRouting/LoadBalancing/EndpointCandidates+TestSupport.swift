@_spi(TestSupport)
extension EndpointCandidates {
    /// Calls `body` with a candidate view over the given endpoints, as the router would build it for one
    /// pick: for `EndpointPickerVerifier` in `EdgeRoutingTestSupport`, which drives a picker without a
    /// router.
    ///
    /// The candidates are the endpoints in order (candidate *i* is `endpoints[i]`); the view is valid
    /// only inside `body`.
    ///
    /// - Parameters:
    ///   - endpoints: The candidates' endpoints, at least one.
    ///   - clusters: Each candidate's cluster; as many as `endpoints`.
    ///   - weights: Each candidate's weight; as many as `endpoints`.
    ///   - activeRequests: Attempts in flight per candidate, or `nil` when the picker does not count them.
    ///   - excluded: What the pick must avoid.
    ///   - tier: The candidates' tier, for tier exclusions.
    ///   - body: Runs with the view.
    /// - Returns: What `body` returns, or `nil` when the lists' lengths differ or are empty.
    public static func withCandidates<Result>(
        endpoints: [EndpointID],
        clusters: [ClusterID],
        weights: [UInt32],
        activeRequests: [UInt64]?,
        excluded: ExclusionSet,
        tier: Int,
        _ body: (EndpointCandidates) throws -> Result
    ) rethrows -> Result? {
        let count = endpoints.count
        guard count > 0, clusters.count == count, weights.count == count,
            activeRequests.map({ $0.count == count }) ?? true
        else { return nil }
        let positions = (0..<count).map { Int32($0) }
        let active = activeRequests.map { counts in
            let buffer = AtomicBuffer(count: count)
            for (index, value) in counts.enumerated() {
                buffer.store(value, at: index)
            }
            return buffer
        }
        return try positions.withUnsafeBufferPointer { positions in
            try endpoints.withUnsafeBufferPointer { endpoints in
                try clusters.withUnsafeBufferPointer { clusters in
                    try weights.withUnsafeBufferPointer { weights in
                        try body(
                            EndpointCandidates(
                                positions: positions,
                                endpointIDs: endpoints,
                                clusterIDs: clusters,
                                weights: weights,
                                active: active,
                                exclusions: excluded,
                                tier: tier
                            )
                        )
                    }
                }
            }
        }
    }
}
