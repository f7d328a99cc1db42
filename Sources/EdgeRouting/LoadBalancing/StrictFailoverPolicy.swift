/// Strict failover: the first tier with at least one healthy endpoint takes all the traffic.
///
/// Unlike ``PriorityFailoverPolicy``, a partly failed tier does not shed load early: with 1 of 10
/// endpoints healthy, tier 0 still takes 100 % (on that one endpoint). Use it when crossing to
/// another region is worse than overloading the local one.
///
/// When no tier has a healthy endpoint the policy falls back to Envoy's algorithm
/// (``PriorityLoads/compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)`` with
/// this policy's parameters), so degraded endpoints and panic routing still work.
///
/// ```swift
/// StrictFailoverPolicy.defaults.loads(for: [TierHealth(total: 10, healthy: 1), TierHealth(total: 2, healthy: 2)])
///     .healthy  // [100, 0]
/// ```
public struct StrictFailoverPolicy: LoadBalancingPolicy, Hashable {
    /// The overprovisioning factor for the fallback, in percent.
    public var overprovisioningFactor: Int
    /// The panic threshold for the fallback, in percent; 0 turns panic off.
    public var panicThreshold: Int
    /// Whether the fallback weighs health by endpoint weight.
    public var weightedPriorityHealth: Bool

    /// Creates the policy.
    ///
    /// - Parameters:
    ///   - overprovisioningFactor: The fallback's overprovisioning factor; 140 by default.
    ///   - panicThreshold: The fallback's panic threshold; 0 (off) by default.
    ///   - weightedPriorityHealth: Whether the fallback weighs health by endpoint weight.
    public init(overprovisioningFactor: Int = 140, panicThreshold: Int = 0, weightedPriorityHealth: Bool = false) {
        self.overprovisioningFactor = overprovisioningFactor
        self.panicThreshold = panicThreshold
        self.weightedPriorityHealth = weightedPriorityHealth
    }

    /// Overprovisioning factor 140 and panic threshold 0 for the fallback.
    public static var defaults: StrictFailoverPolicy {
        StrictFailoverPolicy()
    }

    /// Gives 100 % of the healthy load to the first tier with a healthy endpoint, or falls back to
    /// Envoy's algorithm when there is none.
    ///
    /// Tiers from index ``PriorityLoads/maximumTiers`` − 1 on count as one, as everywhere.
    ///
    /// - Parameter tiers: The tiers in priority order.
    /// - Returns: The loads.
    public func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        PriorityLoads.withContiguousTiers(tiers) { buffer in
            var firstHealthy: Int?
            let tierCount = PriorityLoads.forEachTier(of: buffer) { tier, entry in
                if firstHealthy == nil && entry.healthy > 0 {
                    firstHealthy = tier
                }
            }
            if let firstHealthy {
                return PriorityLoads.allTraffic(toTier: firstHealthy, tierCount: tierCount)
            }
            return PriorityLoads.compute(
                buffer,
                overprovisioningFactor: self.overprovisioningFactor,
                panicThreshold: self.panicThreshold,
                weightedPriorityHealth: self.weightedPriorityHealth
            )
        }
    }
}
