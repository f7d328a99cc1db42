/// The destination of a weighted route: a strict split of traffic between targets by weight.
///
/// There is no failover between targets: a target whose clusters have no usable endpoint keeps its
/// weight, and its share of requests is answered `503` with flag `UH` (`no healthy upstream`).
public struct WeightedPlan: Hashable, Sendable, CustomStringConvertible {
    /// The targets, in configuration order; the order defines the ranges of the cumulative split.
    public let targets: [WeightedTarget]

    /// Creates a plan.
    ///
    /// - Parameter targets: The targets, in configuration order.
    public init(targets: [WeightedTarget]) {
        self.targets = targets
    }

    /// The sum of the targets' weights.
    public var totalWeight: UInt64 {
        self.targets.reduce(0) { $0 + UInt64($1.weight) }
    }

    /// The targets, for example `cluster-1=50 (no usable cluster) cluster-2=50`.
    public var description: String {
        self.targets.map(\.description).joined(separator: " ")
    }
}

/// One entry of a weighted plan: a configuration entry, its weight, and the clusters it reaches.
///
/// An entry that selects by name reaches at most one cluster. An entry that selects by labels is *one*
/// target however many clusters it selects: its weight is not divided between them; the endpoints of
/// all of them are pooled and picked from as one set (weighted by endpoint weight).
public struct WeightedTarget: Hashable, Sendable, CustomStringConvertible {
    /// The configuration entry: its selector, weight and network filter.
    public let entry: ClusterReference
    /// The usable clusters the entry selects: each exists, serves the hostname and has ingress
    /// endpoints. Empty when none does; the target's share is then answered `503 UH`.
    public let clusters: [ResolvedCluster]

    /// Creates a target.
    ///
    /// - Parameters:
    ///   - entry: The configuration entry.
    ///   - clusters: The usable clusters it selects.
    public init(entry: ClusterReference, clusters: [ResolvedCluster]) {
        self.entry = entry
        self.clusters = clusters
    }

    /// The entry's weight (0 drains it).
    public var weight: UInt32 {
        self.entry.weight ?? 0
    }

    /// Whether the target has at least one endpoint to send its share to.
    public var hasEndpoints: Bool {
        self.clusters.contains { !$0.endpoints.isEmpty }
    }

    /// For example `cluster-1=50`, `cluster-1=50 (no usable cluster)`, or `labels {tier=canary}=10 → [c-3, c-4]`.
    public var description: String {
        let name = self.entry.selector.name ?? "\(self.entry.selector)"
        var text = "\(name)=\(self.weight)"
        if self.entry.selector.name == nil {
            text += " → [" + self.clusters.map(\.name).joined(separator: ", ") + "]"
        }
        if !self.hasEndpoints {
            text += " (no usable cluster)"
        }
        return text
    }
}
