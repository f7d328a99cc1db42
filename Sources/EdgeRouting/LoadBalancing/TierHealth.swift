/// How many endpoints of one priority tier can take traffic: the input of a ``LoadBalancingPolicy``.
///
/// The counts follow Envoy's host sets. ``total`` counts every endpoint of the tier; ``excluded`` of
/// them do not count at all (Envoy's *excluded* hosts: being removed, or failing their first health
/// check; a router may also count endpoints a retry must avoid here); of the others, ``healthy`` take
/// traffic normally, ``degraded`` only once healthy capacity runs out, and the rest are unhealthy
/// (failing health checks or ejected by outlier detection).
///
/// ```swift
/// // Ten endpoints, five of them healthy: 140 % × 5 / 10 = 70 % availability.
/// let zone = TierHealth(total: 10, healthy: 5)
/// ```
///
/// For Envoy's `weighted_priority_health`, a tier can also carry the sums of its endpoints' weights;
/// they are used only when the policy asks for weighted health, and the counts are used otherwise.
///
/// ## Inconsistent input
///
/// Construction never traps; impossible combinations are clamped into a consistent state, in this
/// order:
///
/// 1. every count is clamped to `0...TierHealth.maximumCount`;
/// 2. `excluded` is clamped to `0...total`;
/// 3. `healthy` is clamped to `0...(total - excluded)`;
/// 4. `degraded` is clamped to `0...(total - excluded - healthy)`, so healthy endpoints win over
///    degraded ones when the caller counted an endpoint twice.
///
/// Weight sums are clamped the same way: `excludedWeight ≤ totalWeight`, then
/// `healthyWeight ≤ totalWeight - excludedWeight`, then
/// `degradedWeight ≤ totalWeight - excludedWeight - healthyWeight`.
public struct TierHealth: Hashable, Sendable, CustomStringConvertible {
    /// The largest count a tier can hold (`UInt32.max`); larger counts are clamped to it.
    ///
    /// The bound keeps every product the priority-load algorithm forms (overprovisioning factor ×
    /// count, 100 × count summed over all tiers) exact in 64-bit arithmetic.
    public static let maximumCount = Int(UInt32.max)

    /// A tier without endpoints.
    public static let empty = TierHealth(total: 0, healthy: 0)

    /// All endpoints of the tier, including excluded ones.
    public let total: Int
    /// Endpoints that take traffic normally.
    public let healthy: Int
    /// Endpoints that take traffic only when healthy capacity is insufficient.
    public let degraded: Int
    /// Endpoints that do not count towards the tier's size at all.
    public let excluded: Int

    private let hasWeights: Bool
    private let storedTotalWeight: UInt64
    private let storedHealthyWeight: UInt64
    private let storedDegradedWeight: UInt64
    private let storedExcludedWeight: UInt64

    /// Creates the health of a tier from endpoint counts.
    ///
    /// Inconsistent counts are clamped as the type's documentation describes; nothing traps.
    ///
    /// - Parameters:
    ///   - total: All endpoints of the tier, including excluded ones.
    ///   - healthy: Endpoints that take traffic normally.
    ///   - degraded: Endpoints that take traffic only when healthy capacity is insufficient.
    ///   - excluded: Endpoints that do not count towards the tier's size.
    public init(total: Int, healthy: Int, degraded: Int = 0, excluded: Int = 0) {
        let total = Self.clampCount(total)
        let excluded = min(Self.clampCount(excluded), total)
        let healthy = min(Self.clampCount(healthy), total - excluded)
        let degraded = min(Self.clampCount(degraded), total - excluded - healthy)
        self.total = total
        self.healthy = healthy
        self.degraded = degraded
        self.excluded = excluded
        self.hasWeights = false
        self.storedTotalWeight = 0
        self.storedHealthyWeight = 0
        self.storedDegradedWeight = 0
        self.storedExcludedWeight = 0
    }

    /// Creates the health of a tier from endpoint counts and the sums of the endpoints' weights.
    ///
    /// The weight sums matter only to a policy that uses weighted priority health (Envoy's
    /// `weighted_priority_health`); inconsistent counts and sums are clamped as the type's
    /// documentation describes.
    ///
    /// - Parameters:
    ///   - total: All endpoints of the tier, including excluded ones.
    ///   - healthy: Endpoints that take traffic normally.
    ///   - degraded: Endpoints that take traffic only when healthy capacity is insufficient.
    ///   - excluded: Endpoints that do not count towards the tier's size.
    ///   - totalWeight: The sum of the weights of all endpoints, including excluded ones.
    ///   - healthyWeight: The sum of the weights of the healthy endpoints.
    ///   - degradedWeight: The sum of the weights of the degraded endpoints.
    ///   - excludedWeight: The sum of the weights of the excluded endpoints.
    public init(
        total: Int,
        healthy: Int,
        degraded: Int = 0,
        excluded: Int = 0,
        totalWeight: UInt64,
        healthyWeight: UInt64,
        degradedWeight: UInt64 = 0,
        excludedWeight: UInt64 = 0
    ) {
        let counts = TierHealth(total: total, healthy: healthy, degraded: degraded, excluded: excluded)
        let excludedWeight = min(excludedWeight, totalWeight)
        let healthyWeight = min(healthyWeight, totalWeight - excludedWeight)
        let degradedWeight = min(degradedWeight, totalWeight - excludedWeight - healthyWeight)
        self.total = counts.total
        self.healthy = counts.healthy
        self.degraded = counts.degraded
        self.excluded = counts.excluded
        self.hasWeights = true
        self.storedTotalWeight = totalWeight
        self.storedHealthyWeight = healthyWeight
        self.storedDegradedWeight = degradedWeight
        self.storedExcludedWeight = excludedWeight
    }

    /// The endpoints that count towards the tier's size: `total - excluded`.
    public var counted: Int {
        self.total - self.excluded
    }

    /// The endpoints that are neither healthy, degraded nor excluded.
    public var unhealthy: Int {
        self.total - self.excluded - self.healthy - self.degraded
    }

    /// The sum of the weights of all endpoints, or `nil` when the tier was created from counts only.
    public var totalWeight: UInt64? {
        self.hasWeights ? self.storedTotalWeight : nil
    }

    /// The sum of the weights of the healthy endpoints, or `nil` without weights.
    public var healthyWeight: UInt64? {
        self.hasWeights ? self.storedHealthyWeight : nil
    }

    /// The sum of the weights of the degraded endpoints, or `nil` without weights.
    public var degradedWeight: UInt64? {
        self.hasWeights ? self.storedDegradedWeight : nil
    }

    /// The sum of the weights of the excluded endpoints, or `nil` without weights.
    public var excludedWeight: UInt64? {
        self.hasWeights ? self.storedExcludedWeight : nil
    }

    /// `{total: 10, healthy: 5, degraded: 0, excluded: 0}`, with the weight sums when present.
    public var description: String {
        var text = "{total: \(self.total), healthy: \(self.healthy), degraded: \(self.degraded)"
        text += ", excluded: \(self.excluded)"
        if self.hasWeights {
            text += ", weights: {total: \(self.storedTotalWeight), healthy: \(self.storedHealthyWeight)"
            text += ", degraded: \(self.storedDegradedWeight), excluded: \(self.storedExcludedWeight)}"
        }
        return text + "}"
    }

    /// This tier and `other` as one tier: counts and weight sums added (saturating at their maxima),
    /// weight sums kept only when both tiers have them.
    func merged(with other: TierHealth) -> TierHealth {
        func add(_ lhs: Int, _ rhs: Int) -> Int {
            min(lhs + rhs, Self.maximumCount)  // Both are at most UInt32.max: no overflow.
        }
        func add(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
            let (sum, overflow) = lhs.addingReportingOverflow(rhs)
            return overflow ? .max : sum
        }
        let total = add(self.total, other.total)
        let healthy = add(self.healthy, other.healthy)
        let degraded = add(self.degraded, other.degraded)
        let excluded = add(self.excluded, other.excluded)
        guard self.hasWeights && other.hasWeights else {
            return TierHealth(total: total, healthy: healthy, degraded: degraded, excluded: excluded)
        }
        return TierHealth(
            total: total,
            healthy: healthy,
            degraded: degraded,
            excluded: excluded,
            totalWeight: add(self.storedTotalWeight, other.storedTotalWeight),
            healthyWeight: add(self.storedHealthyWeight, other.storedHealthyWeight),
            degradedWeight: add(self.storedDegradedWeight, other.storedDegradedWeight),
            excludedWeight: add(self.storedExcludedWeight, other.storedExcludedWeight)
        )
    }

    private static func clampCount(_ count: Int) -> Int {
        min(max(count, 0), Self.maximumCount)
    }
}
