/// Envoy's priority failover, the default ``LoadBalancingPolicy``: each tier takes the load its
/// healthy capacity (scaled by the overprovisioning factor) can carry, and the rest spills to the
/// next tiers.
///
/// See ``PriorityLoads/compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)``
/// for the exact algorithm. With the defaults a tier keeps all its traffic while at least 5 in 7
/// (about 71.4 %) of its endpoints are healthy (140 % × 5/7 = 100 %), and gives away a growing share
/// below that; with one endpoint per cluster, traffic stays local while the local endpoint is healthy and
/// moves entirely when it is not.
///
/// ```swift
/// let policy = PriorityFailoverPolicy.defaults
/// policy.loads(for: [TierHealth(total: 10, healthy: 5), TierHealth(total: 2, healthy: 2)]).healthy
/// // [70, 30]
/// ```
public struct PriorityFailoverPolicy: LoadBalancingPolicy, Hashable {
    /// Envoy's overprovisioning factor in percent; clamped to `1...UInt32.max` when loads are
    /// computed.
    public var overprovisioningFactor: Int
    /// The healthy percentage below which a tier enters panic, while the tiers together lack
    /// capacity; clamped to `0...100` when loads are computed. 0 turns panic off.
    public var panicThreshold: Int
    /// Whether health is measured by endpoint weight rather than count (Envoy's
    /// `weighted_priority_health`).
    public var weightedPriorityHealth: Bool

    /// Creates the policy.
    ///
    /// - Parameters:
    ///   - overprovisioningFactor: Envoy's overprovisioning factor in percent; 140 by default.
    ///   - panicThreshold: The panic threshold in percent; 0 (off, as in Istio) by default, where
    ///     Envoy's default is 50.
    ///   - weightedPriorityHealth: Whether to weigh health by endpoint weight; `false` by default.
    public init(overprovisioningFactor: Int = 140, panicThreshold: Int = 0, weightedPriorityHealth: Bool = false) {
        self.overprovisioningFactor = overprovisioningFactor
        self.panicThreshold = panicThreshold
        self.weightedPriorityHealth = weightedPriorityHealth
    }

    /// Overprovisioning factor 140, panic threshold 0 (Istio's setting), health counted per endpoint.
    public static var defaults: PriorityFailoverPolicy {
        PriorityFailoverPolicy()
    }

    /// Splits traffic with Envoy's priority-load algorithm.
    ///
    /// - Parameter tiers: The tiers in priority order.
    /// - Returns: The loads; see
    ///   ``PriorityLoads/compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)``.
    public func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        PriorityLoads.compute(
            tiers,
            overprovisioningFactor: self.overprovisioningFactor,
            panicThreshold: self.panicThreshold,
            weightedPriorityHealth: self.weightedPriorityHealth
        )
    }
}
