/// Per-tier caps on availability, `0...100`, stored inline (no heap): what ``GradualFailback`` hands
/// the priority-load computation.
///
/// Reading a tier outside `0..<PriorityLoads.maximumTiers` yields 100 (no cap), and setting one is
/// ignored, so a bad index never traps.
public struct FailbackCaps: Hashable, Sendable, CustomStringConvertible {
    /// `100 − cap` per tier, so that the zero value means "no cap anywhere".
    private var reductions = TierBytes()

    /// No tier capped.
    public static let none = FailbackCaps()

    private init() {}

    /// The cap on a tier's availability.
    ///
    /// - Parameter tier: The tier's index.
    /// - Returns: `0...100`; 100 when the tier is not capped.
    @inline(__always)
    public func cap(ofTier tier: Int) -> Int {
        100 - Int(self.reductions[tier])
    }

    /// Sets the cap on a tier's availability, clamped to `0...100`.
    ///
    /// - Parameters:
    ///   - cap: The cap.
    ///   - tier: The tier's index; outside `0..<PriorityLoads.maximumTiers` ignored.
    public mutating func setCap(_ cap: Int, ofTier tier: Int) {
        self.reductions[tier] = UInt8(100 - min(max(cap, 0), 100))
    }

    /// Whether no tier is capped.
    public var isEmpty: Bool {
        self == .none
    }

    /// A tier's availability under its cap: the healthy availability is capped first, then the degraded
    /// availability takes at most what the cap leaves.
    ///
    /// - Parameters:
    ///   - healthy: Envoy's healthy availability of the tier, `0...100`.
    ///   - degraded: Envoy's degraded availability of the tier, `0...100`.
    ///   - tier: The tier's index.
    /// - Returns: The availability to distribute the load with.
    @inline(__always)
    public func apply(healthy: Int, degraded: Int, tier: Int) -> (healthy: Int, degraded: Int) {
        let cap = self.cap(ofTier: tier)
        let cappedHealthy = min(healthy, cap)
        return (cappedHealthy, min(degraded, cap - cappedHealthy))
    }

    /// `caps [40, 100]` up to the last capped tier, or `no caps`.
    public var description: String {
        guard let last = (0..<PriorityLoads.maximumTiers).last(where: { self.cap(ofTier: $0) < 100 }) else {
            return "no caps"
        }
        return "caps \((0...last).map { self.cap(ofTier: $0) })"
    }
}
