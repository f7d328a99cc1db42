import EdgeRouting
import Testing

/// The parent suite of every load-balancing test, so that `swift test --filter LoadBalancing` runs
/// them all; shared helpers live here.
@Suite enum LoadBalancingTests {
    /// `TierHealth(total:healthy:degraded:excluded:)`, short enough for tables.
    static func tier(_ total: Int, _ healthy: Int, degraded: Int = 0, excluded: Int = 0) -> TierHealth {
        TierHealth(total: total, healthy: healthy, degraded: degraded, excluded: excluded)
    }
}
