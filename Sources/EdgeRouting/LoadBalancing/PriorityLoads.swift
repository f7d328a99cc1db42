/// How the traffic of one destination splits across its priority tiers: per tier the percentage of
/// requests for its healthy endpoints and for its degraded endpoints, and whether it is in panic.
///
/// Whenever at least one tier exists the percentages are each in `0...100` and all of them together
/// sum to exactly 100, so ``chooseTier(draw:)`` always lands on a tier. A value is usually computed by
/// a ``LoadBalancingPolicy`` (Envoy's algorithm is ``compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)``)
/// whenever endpoint health changes, published in the router's snapshot, and read on every request:
///
/// ```swift
/// let loads = PriorityLoads.compute([TierHealth(total: 10, healthy: 5), TierHealth(total: 10, healthy: 10)])
/// // loads.healthy == [70, 30]
/// let choice = loads.chooseTier(draw: random.next())  // P0 for 70 % of draws, P1 for 30 %
/// ```
///
/// ## Fixed size
///
/// The value has no heap storage: it holds up to ``maximumTiers`` tiers inline, so copying it,
/// reading it and choosing a tier never allocate. Callers with more tiers must merge the
/// least-preferred ones; ``compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)``
/// folds every input tier from index `maximumTiers - 1` on into that last tier (adding their counts),
/// so its load then stands for all of them together.
public struct PriorityLoads: Hashable, Sendable, CustomStringConvertible {
    /// The most tiers a value holds (32).
    public static let maximumTiers = TierBytes.capacity

    private var healthyBytes = TierBytes()
    private var degradedBytes = TierBytes()
    private var panicMask: UInt32 = 0
    private var storedTierCount: UInt8 = 0

    /// Whether every tier is in panic, so that the loads follow the tiers' endpoint counts instead of
    /// their health (Envoy's *total panic*).
    public private(set) var isTotalPanic = false

    /// A value without tiers: the loads of a destination that has none.
    public init() {}

    /// Creates loads from explicit percentages, for a custom ``LoadBalancingPolicy``.
    ///
    /// Returns `nil` unless the input is valid: `healthy` and `degraded` have the same number of
    /// entries, at most ``maximumTiers``; every entry is in `0...100`; and, when there is at least one
    /// entry, all entries together sum to exactly 100. `panic` lists the tiers' panic flags; missing
    /// flags are `false` and extra ones are ignored. Pass any collection (an array, or
    /// `repeatElement(0, count: n)` to avoid allocating).
    ///
    /// - Parameters:
    ///   - healthy: Per tier, the percentage of requests for its healthy endpoints.
    ///   - degraded: Per tier, the percentage of requests for its degraded endpoints.
    ///   - panic: Per tier, whether it is in panic.
    ///   - isTotalPanic: Whether every tier is in panic.
    public init?(
        healthy: some Collection<Int>,
        degraded: some Collection<Int>,
        panic: some Collection<Bool> = EmptyCollection<Bool>(),
        isTotalPanic: Bool = false
    ) {
        var sum = 0
        var tier = 0
        var degradedIterator = degraded.makeIterator()
        for healthyLoad in healthy {
            guard tier < Self.maximumTiers, let degradedLoad = degradedIterator.next(),
                (0...100).contains(healthyLoad), (0...100).contains(degradedLoad)
            else { return nil }
            self.healthyBytes[tier] = UInt8(healthyLoad)
            self.degradedBytes[tier] = UInt8(degradedLoad)
            sum += healthyLoad + degradedLoad
            tier += 1
        }
        guard degradedIterator.next() == nil, tier == 0 || sum == 100 else { return nil }
        self.storedTierCount = UInt8(tier)
        for (index, flag) in zip(0..<tier, panic) where flag {
            self.panicMask |= 1 << UInt32(index)
        }
        self.isTotalPanic = tier > 0 && isTotalPanic
    }

    /// Loads that send every request to the healthy endpoints of one tier, none in panic.
    ///
    /// - Parameters:
    ///   - tier: The tier that takes all traffic; clamped to `0..<tierCount`.
    ///   - tierCount: How many tiers the value has; clamped to `1...maximumTiers`.
    /// - Returns: Loads of 100 for `tier` and 0 elsewhere.
    public static func allTraffic(toTier tier: Int, tierCount: Int) -> PriorityLoads {
        var loads = PriorityLoads(tierCount: max(tierCount, 1))
        loads.setHealthyLoad(100, ofTier: min(max(tier, 0), loads.tierCount - 1))
        return loads
    }

    /// A value with `tierCount` tiers (clamped to `0...maximumTiers`), every load 0 and no panic.
    /// Internal: the loads must be filled in before the value is published.
    init(tierCount: Int) {
        self.storedTierCount = UInt8(min(max(tierCount, 0), Self.maximumTiers))
    }

    /// How many tiers the value holds.
    @inline(__always)
    public var tierCount: Int {
        Int(self.storedTierCount)
    }

    /// The percentage of requests (0...100) that go to the healthy endpoints of a tier.
    ///
    /// - Parameter tier: A tier index; an index outside `0..<tierCount` yields 0.
    @inline(__always)
    public func healthyLoad(ofTier tier: Int) -> Int {
        tier < self.tierCount ? Int(self.healthyBytes[tier]) : 0
    }

    /// The percentage of requests (0...100) that go to the degraded endpoints of a tier.
    ///
    /// - Parameter tier: A tier index; an index outside `0..<tierCount` yields 0.
    @inline(__always)
    public func degradedLoad(ofTier tier: Int) -> Int {
        tier < self.tierCount ? Int(self.degradedBytes[tier]) : 0
    }

    /// The percentage of requests (0...100) that go to a tier, healthy and degraded shares together.
    ///
    /// - Parameter tier: A tier index; an index outside `0..<tierCount` yields 0.
    @inline(__always)
    public func load(ofTier tier: Int) -> Int {
        self.healthyLoad(ofTier: tier) + self.degradedLoad(ofTier: tier)
    }

    /// Whether a tier is in panic: requests sent to it may go to any of its endpoints, whatever their
    /// health.
    ///
    /// - Parameter tier: A tier index; an index outside `0..<tierCount` yields `false`.
    @inline(__always)
    public func isPanic(tier: Int) -> Bool {
        (0..<self.tierCount).contains(tier) && self.panicMask & (1 << UInt32(tier)) != 0
    }

    /// The healthy loads of all tiers (allocates; for tests and display).
    public var healthy: [Int] {
        (0..<self.tierCount).map { self.healthyLoad(ofTier: $0) }
    }

    /// The degraded loads of all tiers (allocates; for tests and display).
    public var degraded: [Int] {
        (0..<self.tierCount).map { self.degradedLoad(ofTier: $0) }
    }

    /// The panic flags of all tiers (allocates; for tests and display).
    public var panic: [Bool] {
        (0..<self.tierCount).map { self.isPanic(tier: $0) }
    }

    /// `healthy [70, 30], degraded [0, 0], panic [false, false]`, followed by `, total panic` when
    /// every tier is in panic; `no tiers` without tiers.
    public var description: String {
        guard self.tierCount > 0 else { return "no tiers" }
        let text = "healthy \(self.healthy), degraded \(self.degraded), panic \(self.panic)"
        return self.isTotalPanic ? text + ", total panic" : text
    }

    /// Chooses the tier for one request from a random draw, as Envoy's `choosePriority` does.
    ///
    /// The draw is reduced to `h = draw % 100 + 1` (1...100). The tiers' healthy loads are walked in
    /// tier order, and the first tier whose cumulative healthy load reaches `h` is chosen for its
    /// healthy share; if none does, the degraded loads are walked on from there, and the first tier
    /// whose cumulative load reaches `h` is chosen for its degraded share. With loads `[70, 30]`, draws
    /// giving `h` in `1...70` choose P0 and `71...100` choose P1.
    ///
    /// Without tiers (``tierCount`` 0) the result is tier 0, healthy, as Envoy's fallback; callers
    /// should check ``tierCount`` first.
    ///
    /// - Parameter draw: A uniformly distributed random number.
    /// - Returns: The tier, its share, and whether it is in panic.
    /// - Complexity: O(``tierCount``); no allocation.
    public func chooseTier(draw: UInt64) -> TierChoice {
        let target = Int(draw % 100) + 1
        var aggregate = 0
        for tier in 0..<self.tierCount {
            aggregate += Int(self.healthyBytes[tier])
            if target <= aggregate {
                return TierChoice(tier: tier, availability: .healthy, isPanic: self.isPanic(tier: tier))
            }
        }
        for tier in 0..<self.tierCount {
            aggregate += Int(self.degradedBytes[tier])
            if target <= aggregate {
                return TierChoice(tier: tier, availability: .degraded, isPanic: self.isPanic(tier: tier))
            }
        }
        return TierChoice(tier: 0, availability: .healthy, isPanic: self.isPanic(tier: 0))
    }

    /// Chooses the tier for one request with a draw from `generator`; see ``chooseTier(draw:)``.
    ///
    /// - Parameter generator: The source of randomness.
    /// - Returns: The tier, its share, and whether it is in panic.
    public func chooseTier(using generator: inout some RandomNumberGenerator) -> TierChoice {
        self.chooseTier(draw: generator.next())
    }

    // MARK: - Internal mutation, for the algorithms that build values

    @inline(__always)
    mutating func setHealthyLoad(_ load: Int, ofTier tier: Int) {
        self.healthyBytes[tier] = UInt8(clamping: load)
    }

    @inline(__always)
    mutating func setDegradedLoad(_ load: Int, ofTier tier: Int) {
        self.degradedBytes[tier] = UInt8(clamping: load)
    }

    mutating func setPanic(mask: UInt32, isTotalPanic: Bool) {
        self.panicMask = mask
        self.isTotalPanic = isTotalPanic
    }
}
