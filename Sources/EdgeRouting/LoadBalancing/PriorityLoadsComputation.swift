extension PriorityLoads {
    /// Computes the loads of a destination's tiers with Envoy's priority-load algorithm, to the integer.
    ///
    /// This is Envoy's `LoadBalancerBase::recalculatePerPriorityState`, `recalculatePerPriorityPanic`
    /// and `recalculateLoadInTotalPanic` (with `distributeLoad`, `calculateNormalizedTotalAvailability`
    /// and `isHostSetInPanic`), evaluated from scratch for the given tiers:
    ///
    /// 1. **Availability.** Per tier, with `n = total - excluded` and OPF the overprovisioning factor,
    ///    `health = min(100, OPF × healthy / n)` and `degradedAvailability = min(100, OPF × degraded / n)`
    ///    in integer arithmetic (rounding down), both 0 when `n` is 0. With `weightedPriorityHealth`,
    ///    the tiers' weight sums replace the counts (`n` becomes `totalWeight - excludedWeight`).
    /// 2. **Normalised total availability.** `NTA = min(100, Σ health + Σ degradedAvailability)`.
    /// 3. **Distribution.** 100 is handed out over the healthy availability in tier order, each tier
    ///    getting `min(remaining, health × 100 / NTA)`; what remains is handed out the same way over
    ///    the degraded availability; a rounding leftover goes to the healthy share of the first tier
    ///    with any health, or else to the degraded share of the first tier with degraded availability.
    /// 4. **Panic.** With a panic threshold of 0 and `NTA` 0, tier 0 gets 100 and no tier is in panic.
    ///    Otherwise a tier is in panic when `NTA < 100` and its healthy plus degraded percentage
    ///    (`100.0 × healthy / n + 100.0 × degraded / n`, computed in floating point from the counts,
    ///    0 when `n` is 0) is below the threshold.
    /// 5. **Total panic.** When every tier is in panic, each tier's healthy load becomes
    ///    `100 × total / Σ total` (counting excluded endpoints too, as Envoy does) and its degraded load
    ///    0, the leftover going to the first tier that has endpoints; with no endpoints at all, tier 0
    ///    gets 100.
    ///
    /// For example, two tiers of 10 endpoints each, the first with 5 healthy: health is
    /// `140 × 5 / 10 = 70` and `100`, `NTA = 100`, so the loads are `[70, 30]`.
    ///
    /// ## Clamping and differences from Envoy
    ///
    /// - `overprovisioningFactor` is clamped to `1...UInt32.max` (Envoy's field is a positive
    ///   `uint32`), `panicThreshold` to `0...100` (Envoy also caps it at 100).
    /// - Inconsistent tier counts have already been clamped by ``TierHealth``.
    /// - Products are computed exactly (128-bit where needed), where Envoy's 64-bit
    ///   `OPF × weight` would wrap for absurd weight sums above 2⁶⁴ / OPF.
    /// - A weighted tier whose weights sum to 0 (Envoy requires weights ≥ 1) has availability 0;
    ///   a tier without weight sums uses its counts even when `weightedPriorityHealth` is set.
    /// - Envoy updates its loads in place and keeps entries from an earlier computation when `NTA` is
    ///   0; this function starts from zero every time. In the one case Envoy leaves no valid
    ///   distribution at all (`NTA` 0, a non-zero threshold, yet some tier not in panic, which needs a
    ///   threshold of 1 or a tiny OPF), tier 0 gets 100, which is also what Envoy's `choosePriority`
    ///   falls back to.
    /// - Tiers from index ``maximumTiers`` − 1 on are merged into one, as the type's documentation
    ///   describes.
    ///
    /// - Parameters:
    ///   - tiers: The tiers in priority order (tier 0 first).
    ///   - overprovisioningFactor: Envoy's overprovisioning factor in percent; 140 by default.
    ///   - panicThreshold: The healthy percentage below which a tier enters panic, `0...100`; 0 (off,
    ///     as in Istio) by default. Envoy's own default is 50.
    ///   - weightedPriorityHealth: Whether to measure health by endpoint weight rather than count
    ///     (Envoy's `weighted_priority_health`).
    /// - Returns: The loads; ``tierCount`` 0 for no tiers.
    /// - Complexity: O(number of tiers). No allocation when `tiers` has contiguous storage (an
    ///   `Array`, `ArraySlice`, `ContiguousArray` or `UnsafeBufferPointer`), even when called through
    ///   an existential ``LoadBalancingPolicy``; other collections are copied into an array first.
    public static func compute<Tiers: Collection>(
        _ tiers: Tiers,
        overprovisioningFactor: Int = 140,
        panicThreshold: Int = 0,
        weightedPriorityHealth: Bool = false
    ) -> PriorityLoads where Tiers.Element == TierHealth {
        let factor = UInt64(min(max(overprovisioningFactor, 1), Int(UInt32.max)))
        let threshold = min(max(panicThreshold, 0), 100)
        return Self.withContiguousTiers(tiers) { buffer in
            Self.compute(
                buffer,
                overprovisioningFactor: factor,
                panicThreshold: threshold,
                weighted: weightedPriorityHealth
            )
        }
    }

    /// Calls `body` with the tiers in contiguous storage: `tiers`' own when it has some, otherwise
    /// a copy (which allocates).
    ///
    /// Reading the elements of an unspecialised generic collection allocates a coroutine frame per
    /// element in the Swift runtime, and a ``LoadBalancingPolicy`` is called through an existential,
    /// so the algorithms work on an `UnsafeBufferPointer` instead.
    static func withContiguousTiers<Tiers: Collection>(
        _ tiers: Tiers,
        _ body: (UnsafeBufferPointer<TierHealth>) -> PriorityLoads
    ) -> PriorityLoads where Tiers.Element == TierHealth {
        if let loads = tiers.withContiguousStorageIfAvailable(body) {
            return loads
        }
        return Array(tiers).withUnsafeBufferPointer(body)
    }

    /// The algorithm of ``compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)``
    /// with the factor and threshold already clamped.
    private static func compute(
        _ tiers: UnsafeBufferPointer<TierHealth>,
        overprovisioningFactor factor: UInt64,
        panicThreshold threshold: Int,
        weighted weightedPriorityHealth: Bool
    ) -> PriorityLoads {
        var health = TierBytes()
        var degradedAvailability = TierBytes()
        var availabilitySum = 0
        var panicCandidates: UInt32 = 0
        var totalHosts: UInt64 = 0
        let tierCount = Self.forEachTier(of: tiers) { tier, entry in
            let (healthy, degraded) = Self.availability(
                of: entry,
                overprovisioningFactor: factor,
                weighted: weightedPriorityHealth
            )
            health[tier] = healthy
            degradedAvailability[tier] = degraded
            availabilitySum += Int(healthy) + Int(degraded)
            if Self.isBelowPanicThreshold(entry, threshold: threshold) {
                panicCandidates |= 1 << UInt32(tier)
            }
            totalHosts += UInt64(entry.total)
        }
        guard tierCount > 0 else { return PriorityLoads() }

        var loads = PriorityLoads(tierCount: tierCount)
        let normalizedTotal = min(100, availabilitySum)
        if normalizedTotal > 0 {
            let (firstHealthy, remainingAfterHealthy) = Self.distribute(
                100,
                over: health,
                tierCount: tierCount,
                normalizedTotal: normalizedTotal
            ) { loads.setHealthyLoad($1, ofTier: $0) }
            let (firstDegraded, leftover) = Self.distribute(
                remainingAfterHealthy,
                over: degradedAvailability,
                tierCount: tierCount,
                normalizedTotal: normalizedTotal
            ) { loads.setDegradedLoad($1, ofTier: $0) }
            if leftover > 0 {
                if let firstHealthy {
                    loads.setHealthyLoad(loads.healthyLoad(ofTier: firstHealthy) + leftover, ofTier: firstHealthy)
                } else if let firstDegraded {
                    let current = loads.degradedLoad(ofTier: firstDegraded)
                    loads.setDegradedLoad(current + leftover, ofTier: firstDegraded)
                }
            }
        }

        if threshold == 0 && normalizedTotal == 0 {
            loads.setHealthyLoad(100, ofTier: 0)
            return loads
        }
        let allTiers: UInt32 = tierCount == 32 ? .max : (1 << UInt32(tierCount)) - 1
        let panic = normalizedTotal == 100 ? 0 : panicCandidates & allTiers
        if panic == allTiers {
            loads = Self.totalPanicLoads(of: tiers, tierCount: tierCount, totalHosts: totalHosts)
        } else if normalizedTotal == 0 {
            loads.setHealthyLoad(100, ofTier: 0)
        }
        loads.setPanic(mask: panic, isTotalPanic: panic == allTiers)
        return loads
    }

    /// Calls `body` with each tier and its index, merging the tiers from index `maximumTiers - 1` on
    /// into one; returns how many tiers `body` saw.
    @discardableResult
    static func forEachTier(
        of tiers: UnsafeBufferPointer<TierHealth>,
        _ body: (Int, TierHealth) -> Void
    ) -> Int {
        let last = Self.maximumTiers - 1
        var index = 0
        var folded: TierHealth?
        for tier in tiers {
            if index < last {
                body(index, tier)
                index += 1
            } else {
                folded = folded?.merged(with: tier) ?? tier
            }
        }
        guard let folded else { return index }
        body(last, folded)
        return Self.maximumTiers
    }

    /// Envoy's per-tier health and degraded availability, each `min(100, OPF × part / whole)`.
    private static func availability(
        of tier: TierHealth,
        overprovisioningFactor factor: UInt64,
        weighted: Bool
    ) -> (healthy: UInt8, degraded: UInt8) {
        guard tier.counted > 0 else { return (0, 0) }
        if weighted, let total = tier.totalWeight, let excluded = tier.excludedWeight,
            let healthy = tier.healthyWeight, let degraded = tier.degradedWeight
        {
            let whole = total - excluded  // TierHealth guarantees excluded <= total.
            return (
                Self.percentage(factor, healthy, whole),
                Self.percentage(factor, degraded, whole)
            )
        }
        let whole = UInt64(tier.counted)
        return (
            Self.percentage(factor, UInt64(tier.healthy), whole),
            Self.percentage(factor, UInt64(tier.degraded), whole)
        )
    }

    /// `min(100, factor × part / whole)` rounded down, exact for any operands; 0 when `whole` is 0.
    @inline(__always)
    private static func percentage(_ factor: UInt64, _ part: UInt64, _ whole: UInt64) -> UInt8 {
        guard whole > 0 else { return 0 }
        let product = factor.multipliedFullWidth(by: part)
        // A quotient that does not fit in 64 bits is far above 100.
        guard product.high < whole else { return 100 }
        let quotient = whole.dividingFullWidth(product).quotient
        return UInt8(min(quotient, 100))
    }

    /// Envoy's `isHostSetInPanic`, given the (already capped) threshold: compares the healthy plus
    /// degraded percentage of the tier's counted endpoints, in floating point, with the threshold.
    private static func isBelowPanicThreshold(_ tier: TierHealth, threshold: Int) -> Bool {
        let counted = Double(tier.counted)
        let healthyPercent = tier.counted == 0 ? 0.0 : 100.0 * Double(tier.healthy) / counted
        let degradedPercent = tier.counted == 0 ? 0.0 : 100.0 * Double(tier.degraded) / counted
        return healthyPercent + degradedPercent < Double(threshold)
    }

    /// Envoy's `distributeLoad`: hands `total` out in tier order, each tier getting
    /// `min(remaining, availability × 100 / normalizedTotal)`; returns the first tier with any
    /// availability and what is left.
    @inline(__always)
    private static func distribute(
        _ total: Int,
        over availability: TierBytes,
        tierCount: Int,
        normalizedTotal: Int,
        assign: (Int, Int) -> Void
    ) -> (firstAvailable: Int?, remaining: Int) {
        var remaining = total
        var firstAvailable: Int?
        for tier in 0..<tierCount {
            let tierAvailability = Int(availability[tier])
            if firstAvailable == nil && tierAvailability > 0 {
                firstAvailable = tier
            }
            let load = min(remaining, tierAvailability * 100 / normalizedTotal)
            assign(tier, load)
            remaining -= load
        }
        return (firstAvailable, remaining)
    }

    /// Envoy's `recalculateLoadInTotalPanic`: loads proportional to the tiers' endpoint counts
    /// (excluded endpoints included), the leftover to the first tier with endpoints.
    private static func totalPanicLoads(
        of tiers: UnsafeBufferPointer<TierHealth>,
        tierCount: Int,
        totalHosts: UInt64
    ) -> PriorityLoads {
        var loads = PriorityLoads(tierCount: tierCount)
        guard totalHosts > 0 else {
            loads.setHealthyLoad(100, ofTier: 0)
            return loads
        }
        var remaining = 100
        var firstNonEmpty: Int?
        Self.forEachTier(of: tiers) { tier, entry in
            if firstNonEmpty == nil && entry.total > 0 {
                firstNonEmpty = tier
            }
            // At most 32 × UInt32.max endpoints in all, so 100 × total fits in 64 bits.
            let load = Int(100 * UInt64(entry.total) / totalHosts)
            loads.setHealthyLoad(load, ofTier: tier)
            remaining -= load
        }
        let first = firstNonEmpty ?? 0
        loads.setHealthyLoad(loads.healthyLoad(ofTier: first) + remaining, ofTier: first)
        return loads
    }
}
