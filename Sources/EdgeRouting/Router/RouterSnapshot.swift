/// Everything a request reads, frozen: the route table, each route's compiled destination plan, and
/// each destination's layout, health and long-lived state.
///
/// Snapshots are immutable and published through a ``SnapshotPublisher``. A reconfiguration builds a
/// new one with a new ``layoutVersion``; a health change builds a new one that replaces one destination's
/// health and keeps the layout version (so attempts in flight still find their destination by index).
final class RouterSnapshot: Sendable {
    /// Changes when indices into ``routes`` or ``destinations`` (or endpoint indices within a
    /// destination) may have changed.
    let layoutVersion: UInt64
    let table: RouteTable
    /// The first index in ``routes`` of each server's rules.
    let serverRouteOffsets: [Int]
    let routes: [CompiledRoute]
    let destinations: [CompiledDestination]
    /// Destinations by identity, to find an attempt's destination after a reconfiguration.
    let destinationIndex: [DestinationKey: Int]
    /// Routes by plan identity, for the same reason.
    let routeIndex: [DestinationPlan.Identity: Int]
    /// Counters by cluster identity (`ClusterID.rawValue`).
    let clusterCounters: [ClusterCounters]
    /// Where each endpoint is, for descriptions.
    let endpointDirectory: [EndpointID: EndpointDescription]

    init(
        layoutVersion: UInt64,
        table: RouteTable,
        serverRouteOffsets: [Int],
        routes: [CompiledRoute],
        destinations: [CompiledDestination],
        destinationIndex: [DestinationKey: Int],
        routeIndex: [DestinationPlan.Identity: Int],
        clusterCounters: [ClusterCounters],
        endpointDirectory: [EndpointID: EndpointDescription]
    ) {
        self.layoutVersion = layoutVersion
        self.table = table
        self.serverRouteOffsets = serverRouteOffsets
        self.routes = routes
        self.destinations = destinations
        self.destinationIndex = destinationIndex
        self.routeIndex = routeIndex
        self.clusterCounters = clusterCounters
        self.endpointDirectory = endpointDirectory
    }

    /// The same snapshot with one destination replaced (a health change).
    func replacing(destination index: Int, with destination: CompiledDestination) -> RouterSnapshot {
        var destinations = self.destinations
        destinations[index] = destination
        return RouterSnapshot(
            layoutVersion: self.layoutVersion,
            table: self.table,
            serverRouteOffsets: self.serverRouteOffsets,
            routes: self.routes,
            destinations: destinations,
            destinationIndex: self.destinationIndex,
            routeIndex: self.routeIndex,
            clusterCounters: self.clusterCounters,
            endpointDirectory: self.endpointDirectory
        )
    }
}

/// Identifies a destination across reconfigurations: a route's plan, and for a weighted plan the entry.
struct DestinationKey: Hashable, Sendable {
    let plan: DestinationPlan.Identity
    /// The weighted entry's index, or -1 for a failover plan.
    let target: Int
}

/// Where an endpoint is, for descriptions and access logs.
struct EndpointDescription: Sendable {
    let cluster: String
    let address: EndpointAddress
    let addressText: String
}

/// A route (one rule of one server) as the hot path uses it.
struct CompiledRoute: Sendable {
    enum Kind: Sendable {
        /// Locality-aware failover over one destination.
        case failover(destination: Int32)
        /// A strict split: the split and, per entry, its destination (-1 when the entry resolved to no
        /// cluster, whose share is answered `503 UH`).
        case weighted(split: WeightedSplit, destinations: [Int32])
    }

    let kind: Kind
    let runtime: RouteRuntime
    /// The plan's identity (for the route index).
    let identity: DestinationPlan.Identity

    var isWeighted: Bool {
        if case .weighted = self.kind { return true }
        return false
    }
}

/// A route's long-lived state: its retry planner (and so its retry budget), kept across
/// reconfigurations while the plan's identity stays.
final class RouteRuntime: Sendable {
    let identity: DestinationPlan.Identity
    let planner: any RetryPlanner

    init(identity: DestinationPlan.Identity, planner: any RetryPlanner) {
        self.identity = identity
        self.planner = planner
    }
}

/// A destination's long-lived state: its outlier detector, kept across reconfigurations while the
/// destination's identity stays.
final class DestinationRuntime: Sendable {
    let key: DestinationKey
    let name: String
    let detector: any OutlierDetector

    init(key: DestinationKey, name: String, detector: any OutlierDetector) {
        self.key = key
        self.name = name
        self.detector = detector
    }
}

/// A destination as one snapshot sees it.
final class CompiledDestination: Sendable {
    let runtime: DestinationRuntime
    let layout: DestinationLayout
    let health: DestinationHealth
    /// Attempts in flight per endpoint index, when the picker needs them.
    let active: AtomicBuffer?

    init(runtime: DestinationRuntime, layout: DestinationLayout, health: DestinationHealth, active: AtomicBuffer?) {
        self.runtime = runtime
        self.layout = layout
        self.health = health
        self.active = active
    }
}
