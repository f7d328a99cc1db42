/// The replaceable policy that splits a destination's traffic across its priority tiers.
///
/// ## Contract
///
/// - **Pure and thread-safe.** ``loads(for:)`` is a function of its input and of the policy's own
///   immutable configuration; it may be called from many threads at once. Conforming types are
///   `Sendable` value types or immutable classes.
/// - **Cheap.** The router calls it whenever endpoint health changes and again for each retry pick
///   (with the endpoints the request already tried counted as unavailable), on the request path: it
///   must not allocate, block, take locks that may be contended, or perform I/O. The router passes
///   an array and calls through `any LoadBalancingPolicy`, where generic code is not specialised and
///   reading a generic collection's elements allocates in the Swift runtime: work on
///   `tiers.withContiguousStorageIfAvailable`, or delegate to
///   ``PriorityLoads/compute(_:overprovisioningFactor:panicThreshold:weightedPriorityHealth:)``,
///   which does.
/// - **Empty input.** No tiers yields a value with ``PriorityLoads/tierCount`` 0.
/// - **Output.** Otherwise the result has one entry per input tier (at most
///   ``PriorityLoads/maximumTiers``; see there for folding) and its loads sum to exactly 100.
///   ``PriorityLoads/init(healthy:degraded:panic:isTotalPanic:)`` and
///   ``PriorityLoads/allTraffic(toTier:tierCount:)`` build such values; the initialiser rejects any
///   that would break this rule.
///
/// The package provides ``PriorityFailoverPolicy`` (Envoy's priority-load algorithm, the default)
/// and ``StrictFailoverPolicy``.
///
/// ```swift
/// let policy: any LoadBalancingPolicy = PriorityFailoverPolicy.defaults
/// let loads = policy.loads(for: [TierHealth(total: 1, healthy: 0), TierHealth(total: 1, healthy: 1)])
/// // loads.healthy == [0, 100]: the local ingress is down, everything fails over.
/// ```
public protocol LoadBalancingPolicy: Sendable {
    /// Splits traffic across the given tiers.
    ///
    /// - Parameter tiers: The tiers in priority order (tier 0 is the most preferred).
    /// - Returns: Per tier the healthy and degraded load and the panic flag, summing to 100 when
    ///   `tiers` is not empty.
    func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth
}
