/// Where a retry must not go: what the next pick excludes after a failed attempt.
///
/// Exclusions accumulate over the attempts of one request, and a pick ignores them only when they
/// leave nothing to choose (see ``ExclusionSet``), so a retry goes to an untried alternative while one
/// exists.
///
/// | target | name | the next pick avoids |
/// |---|---|---|
/// | ``differentEndpoint`` | `different-endpoint` | the endpoints already tried (Envoy's `previous_hosts` predicate, which Istio installs) |
/// | ``differentCluster`` | `different-cluster` | those endpoints and their clusters: the guide's "retries the request against the other cluster" (the default) |
/// | ``differentTier`` | `different-tier` | those endpoints, clusters, and their priority tiers (like Envoy's `previous_priorities`) |
///
/// A weighted destination only ever excludes endpoints, whatever the target: its request stays in the
/// cluster the weights chose.
///
/// A struct over a private enum, so that targets can be added later without breaking callers.
public struct RetryTarget: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case differentEndpoint
        case differentCluster
        case differentTier
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// Retry on another endpoint, possibly in the same cluster.
    public static let differentEndpoint = RetryTarget(.differentEndpoint)
    /// Retry on an endpoint of another cluster (the default).
    public static let differentCluster = RetryTarget(.differentCluster)
    /// Retry on an endpoint of another priority tier.
    public static let differentTier = RetryTarget(.differentTier)

    static let all: [RetryTarget] = [.differentEndpoint, .differentCluster, .differentTier]

    /// The target named `different-endpoint`, `different-cluster` or `different-tier`, or `nil`.
    ///
    /// - Parameter name: The configuration name.
    public init?(name: String) {
        guard let target = Self.all.first(where: { $0.description == name }) else { return nil }
        self = target
    }

    /// The configuration name, for example `different-cluster`.
    public var description: String {
        switch self.wrapped {
        case .differentEndpoint: return "different-endpoint"
        case .differentCluster: return "different-cluster"
        case .differentTier: return "different-tier"
        }
    }

    /// The exclusions for the next pick: `excluded` plus what the failed attempt used.
    ///
    /// - Parameters:
    ///   - excluded: The exclusions accumulated by the request's earlier attempts.
    ///   - endpoint: The endpoint of the failed attempt.
    ///   - cluster: Its cluster.
    ///   - tier: Its priority tier.
    ///   - weighted: Whether the destination is a weighted one; then only the endpoint is excluded.
    /// - Returns: The exclusion set for the next pick.
    @inline(__always)
    public func exclusions(
        adding excluded: ExclusionSet,
        endpoint: EndpointID,
        cluster: ClusterID,
        tier: Int,
        weighted: Bool
    ) -> ExclusionSet {
        var result = excluded
        result.insert(endpoint: endpoint)
        if weighted { return result }
        switch self.wrapped {
        case .differentEndpoint:
            break
        case .differentCluster:
            result.insert(cluster: cluster)
        case .differentTier:
            result.insert(cluster: cluster)
            result.insert(tier: tier)
        }
        return result
    }
}
