/// Everything a request reads, frozen: the route table, each route's compiled destination plan, and
/// each destination's layout, health and long-lived state.
///
/// Snapshots are immutable and published through a ``SnapshotPublisher``. A reconfiguration builds a
/// new one with a new ``layoutVersion``; a health change builds a new one that replaces one destination's
/// health and keeps the layout version (so attempts in flight still find their destination by index).
///
/// Besides its arrays, a snapshot keeps what the request path reads in plain buffers of unmanaged
/// references (``hotRoutes``, ``hotDestinations``, ``hotCounters``) to the objects the arrays keep alive:
/// reading an element of an `Array` of class references retains it, and these objects are shared by
/// every thread, so each retain would be a contended atomic write. Through the buffers a request reads
/// them without touching any reference count, for as long as it holds the snapshot.
final class RouterSnapshot: @unchecked Sendable {
    // @unchecked: the hot buffers are written only in `init` and freed in `deinit`, and point only at
    // objects that the snapshot's own arrays keep alive.
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

    /// ``routes`` as the request path reads them.
    let hotRoutes: UnsafeMutableBufferPointer<HotRoute>
    /// ``destinations``, unmanaged.
    let hotDestinations: UnsafeMutableBufferPointer<Unmanaged<CompiledDestination>>
    /// ``clusterCounters``, unmanaged.
    let hotCounters: UnsafeMutableBufferPointer<Unmanaged<ClusterCounters>>

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
        self.hotRoutes = .allocate(capacity: routes.count)
        _ = self.hotRoutes.initialize(from: routes.map(HotRoute.init))
        self.hotDestinations = .allocate(capacity: destinations.count)
        _ = self.hotDestinations.initialize(from: destinations.map(Unmanaged.passUnretained))
        self.hotCounters = .allocate(capacity: clusterCounters.count)
        _ = self.hotCounters.initialize(from: clusterCounters.map(Unmanaged.passUnretained))
    }

    deinit {
        self.hotRoutes.deallocate()
        self.hotDestinations.deallocate()
        self.hotCounters.deallocate()
    }

    /// The destination at `index` (in ``destinations``), borrowed: valid while the snapshot is held.
    @inline(__always)
    func withDestination<Result>(_ index: Int, _ body: (CompiledDestination) -> Result) -> Result {
        self.hotDestinations[index]._withUnsafeGuaranteedRef(body)
    }

    /// The counters of a cluster, borrowed (they count nothing when the cluster is unknown to this
    /// snapshot).
    @inline(__always)
    func counters(of cluster: ClusterID) -> ClusterCountersReference {
        let index = Int(cluster.rawValue)
        return ClusterCountersReference(index < self.hotCounters.count ? self.hotCounters[index] : nil)
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

/// A route as the request path reads it: no reference is counted when it is copied.
struct HotRoute {
    /// The route's retry planner and budget.
    let runtime: Unmanaged<RouteRuntime>
    /// A failover route's destination; -1 for a weighted route (read its ``CompiledRoute/Kind`` then).
    let failoverDestination: Int32

    init(_ route: CompiledRoute) {
        self.runtime = Unmanaged.passUnretained(route.runtime)
        if case .failover(let destination) = route.kind {
            self.failoverDestination = destination
        } else {
            self.failoverDestination = -1
        }
    }

    var isWeighted: Bool {
        self.failoverDestination < 0
    }
}

extension HotRoute {
    /// Calls `body` with the route's retry planner, borrowed.
    @inline(__always)
    func withPlanner<Result>(_ body: (any RetryPlanner) -> Result) -> Result {
        self.runtime._withUnsafeGuaranteedRef { body($0.planner) }
    }
}

/// A cluster's counters, borrowed from a snapshot that the caller holds (or none).
struct ClusterCountersReference {
    private let counters: Unmanaged<ClusterCounters>?

    @inline(__always)
    init(_ counters: Unmanaged<ClusterCounters>?) {
        self.counters = counters
    }

    @inline(__always)
    func increment(_ counter: ClusterCounters.Counter) {
        self.counters?._withUnsafeGuaranteedRef { $0.increment(counter) }
    }

    @inline(__always)
    func countResponse(status: Int) {
        self.counters?._withUnsafeGuaranteedRef { $0.countResponse(status: status) }
    }

    @inline(__always)
    func countLocalFailure(_ outcome: AttemptOutcome) {
        self.counters?._withUnsafeGuaranteedRef { $0.countLocalFailure(outcome) }
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
    /// The detector's request-path calls, as closures over it. Every thread shares the detector, and
    /// calling it through the existential property copies (retains and releases) it on each call; a
    /// closure stored in a `let` is called with its context borrowed.
    let record: @Sendable (OutlierResult, Int, MonotonicTime) -> Bool
    let nextDeadline: @Sendable () -> MonotonicTime
    let advance: @Sendable (MonotonicTime) -> Bool

    init(key: DestinationKey, name: String, detector: any OutlierDetector) {
        self.key = key
        self.name = name
        self.detector = detector
        if let detector = detector as? DefaultOutlierDetector {
            self.record = { detector.record($0, endpointIndex: $1, now: $2) }
            self.nextDeadline = { detector.nextDeadline }
            self.advance = { detector.advance(to: $0) }
        } else {
            self.record = { detector.record($0, endpointIndex: $1, now: $2) }
            self.nextDeadline = { detector.nextDeadline }
            self.advance = { detector.advance(to: $0) }
        }
    }
}

/// A destination as one snapshot sees it.
final class CompiledDestination: Sendable {
    let runtime: DestinationRuntime
    let layout: DestinationLayout
    let health: DestinationHealth
    /// Attempts in flight per endpoint index, when the picker needs them.
    let active: AtomicBuffer?
    /// ``runtime``, unmanaged: the request path reads it without retaining it (every thread shares it).
    let hotRuntime: Unmanaged<DestinationRuntime>

    init(runtime: DestinationRuntime, layout: DestinationLayout, health: DestinationHealth, active: AtomicBuffer?) {
        self.hotRuntime = Unmanaged.passUnretained(runtime)
        self.runtime = runtime
        self.layout = layout
        self.health = health
        self.active = active
    }
}
