/// Envoy's locality-weighted load balancing inside one tier: how much of the tier's traffic each
/// cluster (locality) gets, given its configured weight and its health.
///
/// A cluster's *effective weight* is its configured weight scaled down by its availability, with the
/// same overprovisioning factor as the tiers: `weight × min(1, OPF/100 × eligible / (total − excluded))`.
/// A cluster keeps its full weight while at least 1/OPF of its endpoints (5 in 7 with OPF 140) are
/// eligible, and shrinks below that, so traffic inside a tier moves gradually to the healthier
/// clusters. The router turns the effective weights into cumulative weights and draws one per
/// request with ``WeightedDraw``.
///
/// ```swift
/// // Weights 1 and 2; the weight-2 cluster has 1 of its 2 endpoints healthy.
/// let first = LocalityWeighting.effectiveWeight(weight: 1, eligible: 4, total: 4)   // 1.0
/// let second = LocalityWeighting.effectiveWeight(weight: 2, eligible: 1, total: 2)  // 2 × min(1, 1.4 × 0.5) = 1.4
/// ```
public enum LocalityWeighting {
    /// A cluster's effective weight, Envoy's `effectiveLocalityWeight`, in the same floating-point
    /// arithmetic.
    ///
    /// Bad input never traps: negative counts count as 0, `excluded` is clamped to `total`,
    /// `eligible` to `total − excluded`, and the overprovisioning factor to `1...UInt32.max`.
    ///
    /// - Parameters:
    ///   - weight: The cluster's configured weight.
    ///   - eligible: Its endpoints that can take this request: the healthy ones (or, for a request
    ///     assigned to a tier's degraded share, the degraded ones).
    ///   - total: All its endpoints, including excluded ones.
    ///   - excluded: Its endpoints that do not count towards its size.
    ///   - overprovisioningFactor: The overprovisioning factor in percent; 140 by default.
    /// - Returns: `weight × min(1, OPF/100 × eligible / (total − excluded))`, or 0 when
    ///   `total − excluded` is 0.
    public static func effectiveWeight(
        weight: UInt32,
        eligible: Int,
        total: Int,
        excluded: Int = 0,
        overprovisioningFactor: Int = 140
    ) -> Double {
        let total = max(total, 0)
        let counted = total - min(max(excluded, 0), total)
        guard counted > 0 else { return 0 }
        let eligible = min(max(eligible, 0), counted)
        let factor = Double(min(max(overprovisioningFactor, 1), Int(UInt32.max)))
        let availability = 1.0 * Double(eligible) / Double(counted)
        return Double(weight) * min(1.0, (factor / 100.0) * availability)
    }

    /// A cluster's effective weight from its health counts; see
    /// ``effectiveWeight(weight:eligible:total:excluded:overprovisioningFactor:)``.
    ///
    /// - Parameters:
    ///   - weight: The cluster's configured weight.
    ///   - health: The cluster's endpoint counts within the tier.
    ///   - availability: Which endpoints are eligible: the healthy ones (the default) or, for a
    ///     request assigned to the tier's degraded share, the degraded ones.
    ///   - overprovisioningFactor: The overprovisioning factor in percent; 140 by default.
    /// - Returns: The effective weight.
    public static func effectiveWeight(
        weight: UInt32,
        health: TierHealth,
        availability: TierChoice.Availability = .healthy,
        overprovisioningFactor: Int = 140
    ) -> Double {
        Self.effectiveWeight(
            weight: weight,
            eligible: availability == .degraded ? health.degraded : health.healthy,
            total: health.total,
            excluded: health.excluded,
            overprovisioningFactor: overprovisioningFactor
        )
    }
}
