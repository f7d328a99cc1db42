import Synchronization

/// The one object a proxy embeds: it routes each request to a workload cluster's ingress gateway,
/// learns endpoint health from the outcomes the proxy reports, fails over across regions and back, and
/// plans retries.
///
/// ```swift
/// let router = try EdgeRouter(gateway: edgeGateway, edge: edge, topology: topology)
/// switch router.route(RequestHead(authority: "bookinfo.tse.tetratelabs.io", path: "/productpage")) {
/// case .respond(let local):
///     // answer local.status / local.body yourself (404 NR, 503 UH)
/// case .forward(var attempt):
///     while true {
///         let outcome = await send(request, to: router.address(of: attempt.endpoint))
///         switch router.complete(attempt, outcome: outcome) {
///         case .finish(let final):
///             // answer final.status: the upstream's response, or final.localBody
///             return
///         case .retry(let retry):
///             try await Task.sleep(for: retry.delay)
///             attempt = retry.attempt
///         }
///     }
/// }
/// ```
///
/// **Concurrency.** The router is `Sendable` and meant to be called from many threads at once. `route`
/// and `complete` are synchronous, never suspend, take no lock that all requests share, and allocate
/// nothing on the success path: configuration and health are read from immutable snapshots, and the
/// state every request writes (counters, round-robin cursors, random generators, outlier buckets) is
/// kept once per thread shard. Locks are taken only on rare paths: an ejection or re-admission, a
/// reconfiguration.
///
/// **Time and randomness** are injected: the router reads `clock` (any `Clock` with `Duration`) and
/// draws from generators seeded by `random`, so a test with a manual clock and a seeded generator (and
/// ``EdgeRouterConfiguration/shardCount`` 1) is exact and instant. Outlier ejections end at their exact
/// expiry, checked whenever a request touches the destination; no timer thread is needed.
public final class EdgeRouter<C: Clock>: Sendable where C.Duration == Duration {
    private let configuration: EdgeRouterConfiguration
    // Parts of the configuration that requests read, kept apart so that reading one never copies the
    // whole configuration (whose existentials and closures would be retained).
    private let loadBalancingPolicy: any LoadBalancingPolicy
    private let localityWeighted: Bool
    private let perTryTimeout: Duration?
    private let observer: any RoutingObserver
    private let wantsAccessLog: Bool
    /// Whether the observer is the default one, which ignores every event.
    private let ignoresEvents: Bool
    private let shardCount: Int
    private let random: ShardedRandom
    private let publisher: SnapshotPublisher<RouterSnapshot>
    private let control: Locked<EdgeRouterControlState>
    private let counters: ShardedCounters
    /// Endpoint descriptions for translating outlier events; a leaf lock, never held while calling out.
    private let directory: EndpointDirectory
    /// The wall-clock time when the router's timeline started, in nanoseconds since 1970: what an
    /// ``AccessLogFormatter`` needs to print real start times (``accessLogFormatter``). With a manual
    /// clock the timeline is virtual and this is only the moment the router was created.
    public let originUnixNanoseconds: Int64

    /// A formatter that prints access-log start times as wall-clock times of this router's timeline.
    public var accessLogFormatter: AccessLogFormatter {
        AccessLogFormatter(originUnixNanoseconds: self.originUnixNanoseconds)
    }

    /// Whether `C` is the continuous clock: it is then read straight from the system
    /// (``SystemMonotonicClock``), rather than through `C`'s witness tables and `Duration` arithmetic
    /// (about 270 instructions a reading).
    private let readsContinuousClock: Bool
    /// The system monotonic clock's reading when the router was created, in nanoseconds.
    private let continuousOrigin: Int64
    /// The nanoseconds elapsed on any other clock since the router was created.
    private let elapsedNanoseconds: @Sendable () -> Int64

    /// Creates a router.
    ///
    /// - Parameters:
    ///   - gateway: The edge Gateway (its routes must lead to clusters).
    ///   - edge: Where the edge gateway itself runs.
    ///   - topology: The workload clusters.
    ///   - configuration: Load balancing, outlier detection and retries; the design's defaults otherwise.
    ///   - clock: The clock to read; a manual clock makes tests exact.
    ///   - random: Seeds every random draw the router makes (tier choice, endpoint picks, back-off
    ///     jitter, the seeds of outlier detectors). The router draws its seeds from it once, here, from
    ///     a copy: the caller's generator does not advance. A run is reproducible — the same decisions,
    ///     call for call — when the generator starts in the same state (`SeededRandomNumberGenerator`
    ///     with the same seed), ``EdgeRouterConfiguration/shardCount`` is 1 (with more shards a draw
    ///     depends on the calling thread), the clock reads the same instants, the same calls come in the
    ///     same order from one thread at a time, and custom components draw only from the generators
    ///     and seeds the router passes them.
    ///   - observer: Receives events and access-log records.
    /// - Throws: ``ConfigurationError`` when the Gateway is not an edge Gateway or does not fit the
    ///   topology.
    public init(
        gateway: Gateway,
        edge: EdgeLocation,
        topology: Topology,
        configuration: EdgeRouterConfiguration = .defaults,
        clock: C,
        random: some RandomNumberGenerator = SystemRandomNumberGenerator(),
        observer: any RoutingObserver = NoOpRoutingObserver()
    ) throws {
        let table = try RouteTable(gateway: gateway, edgeLocation: edge, topology: topology)
        var random = random
        let origin = clock.now
        // The continuous clock is read straight from the system (see SystemMonotonicClock).
        self.readsContinuousClock = clock is ContinuousClock
        self.continuousOrigin = SystemMonotonicClock.nanoseconds()
        self.originUnixNanoseconds = SystemMonotonicClock.wallClockNanoseconds()
        self.elapsedNanoseconds = { origin.duration(to: clock.now).nanosecondsClamped }
        self.configuration = configuration
        self.loadBalancingPolicy = configuration.loadBalancingPolicy
        self.localityWeighted = configuration.localityWeighted
        self.perTryTimeout = configuration.retries.perTryTimeout
        self.observer = observer
        self.wantsAccessLog = observer.wantsAccessLog
        self.ignoresEvents = observer is NoOpRoutingObserver
        self.shardCount = ThreadShard.powerOfTwo(atLeast: configuration.shardCount ?? ThreadShard.defaultCount)
        self.random = ShardedRandom(shards: self.shardCount, seeds: &random)
        self.counters = ShardedCounters(count: RouterCounter.allCases.count, shards: self.shardCount)
        self.directory = EndpointDirectory()
        var state = EdgeRouterControlState(seeds: SplitMix64(seed: random.next()))
        let compiler = SnapshotCompiler(
            configuration: configuration,
            shardCount: self.shardCount,
            observer: observer,
            directory: self.directory
        )
        let snapshot = compiler.compile(table: table, previous: nil, state: &state, now: .origin)
        self.control = Locked(state)
        self.publisher = SnapshotPublisher(snapshot, shards: self.shardCount)
    }

    /// The current time on the router's timeline.
    @inline(__always)
    private func now() -> MonotonicTime {
        if self.readsContinuousClock {
            return MonotonicTime(nanoseconds: SystemMonotonicClock.nanoseconds() &- self.continuousOrigin)
        }
        return MonotonicTime(nanoseconds: self.elapsedNanoseconds())
    }

    // MARK: - Routing

    /// Routes a new request: chooses its first attempt, or answers it at once.
    ///
    /// - Parameters:
    ///   - request: The request's authority, path and (for the access log) method and protocol.
    ///   - headers: Looks up a request header's value by lower-cased name; consulted only by rules that
    ///     match on headers.
    /// - Returns: ``RouteDecision/forward(_:)`` with the first attempt, or ``RouteDecision/respond(_:)``
    ///   with `404 NR` (no route) or `503 UH` (no healthy upstream).
    public func route(_ request: RequestHead, headers: (String) -> Substring? = { _ in nil }) -> RouteDecision {
        let now = self.now()
        // The borrowed snapshot is read inside the closure, which returns only small values: the
        // attempt (large) is built outside it, so it is not copied through every layer.
        let routed = self.publisher.acquire().withSnapshot { snapshot in
            self.route(request, headers: headers, now: now, snapshot: snapshot)
        }
        switch routed {
        case .picked(let picked, let routeIndex, let isWeighted):
            return .forward(
                self.attempt(
                    picked,
                    routeIndex: routeIndex,
                    isWeighted: isWeighted,
                    request: request,
                    number: 1,
                    start: now,
                    excluded: ExclusionSet(),
                    previousDelay: nil
                )
            )
        case .noRoute:
            self.counters.add(RouterCounter.noRoute.rawValue)
            return .respond(self.finishLocally(.noRoute, request: request, start: now, now: now))
        case .noHealthyUpstream:
            self.counters.add(RouterCounter.noHealthyUpstream.rawValue)
            return .respond(self.finishLocally(.noHealthyUpstream, request: request, start: now, now: now))
        }
    }

    @inline(__always)
    private func route(
        _ request: RequestHead,
        headers: (String) -> Substring?,
        now: MonotonicTime,
        snapshot: RouterSnapshot
    ) -> Routed {
        self.counters.add(RouterCounter.downstreamTotal.rawValue)
        guard
            let (server, rule) = snapshot.table.lookupIndices(
                authority: request.authority,
                path: request.path,
                headers: headers,
                listenerPort: request.listenerPort
            )
        else { return .noRoute }
        let routeIndex = snapshot.serverRouteOffsets[server] + rule
        let route = snapshot.hotRoutes[routeIndex]
        route.withPlanner { $0.requestStarted(at: now) }
        guard
            let picked = self.pick(
                route: route,
                routeIndex: routeIndex,
                snapshot: snapshot,
                excluded: ExclusionSet(),
                fixedDestination: nil,
                now: now
            )
        else {
            route.withPlanner { $0.requestFinished() }
            return .noHealthyUpstream
        }
        return .picked(picked, routeIndex: routeIndex, isWeighted: route.isWeighted)
    }

    /// Reports how an attempt ended and gets the next step: finish, or retry after a delay.
    ///
    /// Every attempt returned by ``route(_:headers:)`` or in a ``RetryInstruction`` must be completed
    /// exactly once.
    ///
    /// - Parameters:
    ///   - attempt: The attempt that ended.
    ///   - outcome: How it ended: the upstream's status, or a local-origin failure.
    ///   - responseHeaders: The upstream response's rate-limit reset headers, if the retry policy honours
    ///     them (`Retry-After` and the like); empty otherwise.
    ///   - wallClockSeconds: The current wall-clock time in seconds since 1970, needed only to read a
    ///     reset header written as a date or a Unix timestamp.
    ///   - retryAllowed: `false` when the proxy cannot retry this request (for example because its body
    ///     was streamed away and not buffered); a retry the policy would make is then not made, and the
    ///     final flags say `URX`.
    /// - Returns: ``AttemptDecision/finish(_:)`` or ``AttemptDecision/retry(_:)``.
    public func complete(
        _ attempt: Attempt,
        outcome: AttemptOutcome,
        responseHeaders: [RetryContext.ResponseHeader] = [],
        wallClockSeconds: Int64? = nil,
        retryAllowed: Bool = true
    ) -> AttemptDecision {
        let now = self.now()
        let handle = self.publisher.acquire()
        // Outlier detection and in-flight counts.
        let (sameLayout, healthChanged) = handle.withSnapshot { snapshot in
            let sameLayout = attempt.layoutVersion == snapshot.layoutVersion
            return (
                sameLayout,
                self.recordOutcome(attempt, outcome: outcome, sameLayout: sameLayout, now: now, snapshot: snapshot)
            )
        }
        // A health change published a new snapshot: the rest reads that one. The retry (large) comes
        // back through `retry`, so that finishing does not copy it through every layer.
        // (A closure literal rather than a local function: a local function capturing `retry` would
        // have its accesses checked for exclusivity at run time.)
        // (`consume`: the first handle is not used again, and moving it saves a retain and a release.)
        var retry: RetryInstruction? = nil
        let current = healthChanged ? self.publisher.acquire() : consume handle
        let final = current.withSnapshot { snapshot in
            self.decide(
                attempt,
                outcome: outcome,
                responseHeaders: responseHeaders,
                wallClockSeconds: wallClockSeconds,
                retryAllowed: retryAllowed,
                sameLayout: sameLayout,
                now: now,
                snapshot: snapshot,
                retry: &retry
            )
        }
        if let final {
            return .finish(final)
        }
        return .retry(retry!)
    }

    /// Reports the outcome to the attempt's destination: releases its in-flight count and records the
    /// result for outlier detection. Returns whether a health change was published.
    @inline(__always)
    private func recordOutcome(
        _ attempt: Attempt,
        outcome: AttemptOutcome,
        sameLayout: Bool,
        now: MonotonicTime,
        snapshot: RouterSnapshot
    ) -> Bool {
        self.record(
            OutlierResult(outcome),
            for: attempt,
            releasing: true,
            sameLayout: sameLayout,
            now: now,
            snapshot: snapshot
        )
    }

    /// Records a result for the attempt's endpoint with its destination's outlier detector (and, when
    /// `releasing`, ends the attempt's in-flight count). Returns whether a health change was published.
    @inline(__always)
    private func record(
        _ result: OutlierResult,
        for attempt: Attempt,
        releasing: Bool,
        sameLayout: Bool,
        now: MonotonicTime,
        snapshot: RouterSnapshot
    ) -> Bool {
        guard let (index, local) = self.locate(attempt, in: snapshot, sameLayout: sameLayout) else { return false }
        return snapshot.withDestination(index) { destination in
            if releasing, sameLayout, let active = destination.active {
                active.subtract(1, at: local)
            }
            let changed = destination.hotRuntime._withUnsafeGuaranteedRef { runtime in
                var changed = runtime.record(result, local, now)
                if now >= runtime.nextDeadline() {
                    changed = runtime.advance(now) || changed
                }
                return changed
            }
            if changed {
                self.refreshHealth(of: destination.runtime, now: now)
            }
            return changed
        }
    }

    /// Counts the outcome for the attempt's cluster and decides what follows: finish or retry.
    @inline(__always)
    private func decide(
        _ attempt: Attempt,
        outcome: AttemptOutcome,
        responseHeaders: [RetryContext.ResponseHeader],
        wallClockSeconds: Int64?,
        retryAllowed: Bool,
        sameLayout: Bool,
        now: MonotonicTime,
        snapshot: RouterSnapshot,
        retry: inout RetryInstruction?
    ) -> FinalResponse? {
        // Counters of the attempt's cluster.
        let counters = snapshot.counters(of: attempt.cluster)
        if let status = outcome.statusCode {
            counters.countResponse(status: status)
        } else {
            counters.countLocalFailure(outcome)
        }

        // The retry decision.
        guard let routeIndex = self.locateRoute(attempt, in: snapshot) else {
            return self.finish(attempt, outcome: outcome, response: nil, now: now)
        }
        let route = snapshot.hotRoutes[routeIndex]
        // The common case: a first attempt whose outcome the policy never retries (a success, say)
        // finishes here, without a retry context or a decision.
        if attempt.number == 1 && !route.withPlanner({ $0.mayRetry(outcome) }) {
            route.withPlanner { $0.requestFinished() }
            return self.finish(attempt, outcome: outcome, response: nil, now: now)
        }
        var random = RouterRandom(self.random)
        let context = RetryContext(
            attempt: attempt.number,
            outcome: outcome,
            endpoint: attempt.endpoint,
            cluster: attempt.cluster,
            tier: attempt.tier,
            isWeighted: attempt.isWeighted,
            excluded: attempt.excluded,
            previousDelay: attempt.previousDelay,
            responseHeaders: responseHeaders,
            wallClockSeconds: wallClockSeconds
        )
        switch route.withPlanner({ $0.decide(context, now: now, random: &random) }) {
        case .done:
            route.withPlanner { $0.requestFinished() }
            if attempt.number > 1 { counters.increment(.retrySuccesses) }
            return self.finish(attempt, outcome: outcome, response: nil, now: now)
        case .stop(let stop):
            route.withPlanner { $0.requestFinished() }
            if stop.reason == .retryLimitReached {
                counters.increment(.retryLimitExceeded)
            } else if stop.reason == .budgetExhausted {
                counters.increment(.retryOverflows)
                self.emitRetry(
                    RoutingEvent.retryBudgetExhausted,
                    attempt,
                    outcome,
                    delay: .zero,
                    next: nil,
                    snapshot: snapshot
                )
            }
            return self.finish(attempt, outcome: outcome, response: stop.response, now: now)
        case .retry where !retryAllowed:
            route.withPlanner { planner in
                planner.retryAbandoned()
                planner.requestFinished()
            }
            counters.increment(.retryLimitExceeded)
            let response: RetryStop.Response
            if let status = outcome.statusCode {
                response = .upstream(status: status, flags: .upstreamRetryLimitExceeded)
            } else {
                var local = LocalResponse.upstreamFailure(outcome) ?? .noHealthyUpstream
                local.flags.insert(.upstreamRetryLimitExceeded)
                response = .local(local)
            }
            return self.finish(attempt, outcome: outcome, response: response, now: now)
        case .retry(let plan):
            let fixed: Int32? = attempt.isWeighted && sameLayout ? attempt.destinationIndex : nil
            guard
                let picked = self.pick(
                    route: route,
                    routeIndex: routeIndex,
                    snapshot: snapshot,
                    excluded: plan.excluded,
                    fixedDestination: fixed,
                    now: now
                )
            else {
                route.withPlanner { planner in
                    planner.retryAbandoned()
                    planner.requestFinished()
                }
                self.counters.add(RouterCounter.noHealthyUpstream.rawValue)
                counters.increment(.noHealthyUpstream)
                return self.finish(attempt, outcome: outcome, response: .local(.noHealthyUpstream), now: now)
            }
            let next = self.attempt(
                picked,
                routeIndex: routeIndex,
                isWeighted: route.isWeighted,
                request: attempt.request,
                number: plan.attempt,
                start: attempt.requestStart,
                excluded: plan.excluded,
                previousDelay: plan.delay
            )
            counters.increment(.retries)
            self.emitRetry(
                RoutingEvent.retryScheduled,
                attempt,
                outcome,
                delay: plan.delay,
                next: next,
                snapshot: snapshot
            )
            retry = RetryInstruction(delay: plan.delay, attempt: next)
            return nil
        }
    }

    /// Reports something more about an attempt to outlier detection, without changing the request's
    /// course: a failure after the response head (the upstream reset the stream while the body was still
    /// flowing, which ``complete(_:outcome:responseHeaders:wallClockSeconds:retryAllowed:)`` could not
    /// know), or — when local-origin errors are split out
    /// (``OutlierDetectionConfiguration/splitExternalLocalOriginErrors``) — that the attempt's connection
    /// was established, ``OutlierResult/connectSuccess``.
    ///
    /// - Parameters:
    ///   - result: What happened.
    ///   - attempt: The attempt it happened to; it may already be completed.
    public func record(_ result: OutlierResult, for attempt: Attempt) {
        let now = self.now()
        self.publisher.acquire().withSnapshot { snapshot in
            _ = self.record(
                result,
                for: attempt,
                releasing: false,
                sameLayout: attempt.layoutVersion == snapshot.layoutVersion,
                now: now,
                snapshot: snapshot
            )
        }
    }

    /// Ends a request whose client went away while `attempt` was in flight or waiting for its retry.
    ///
    /// Nothing is learnt about the endpoint (it did nothing wrong), the retry budget and in-flight counts
    /// are released, and the access log records status 0 with flag `DC`, as Envoy logs a downstream
    /// disconnect.
    ///
    /// - Parameter attempt: The attempt in flight (or the next attempt of a pending retry).
    public func cancel(_ attempt: Attempt) {
        let now = self.now()
        self.publisher.acquire().withSnapshot { snapshot in
            self.cancel(attempt, now: now, snapshot: snapshot)
        }
    }

    private func cancel(_ attempt: Attempt, now: MonotonicTime, snapshot: RouterSnapshot) {
        if attempt.layoutVersion == snapshot.layoutVersion {
            snapshot.withDestination(Int(attempt.destinationIndex)) { destination in
                _ = destination.active?.subtract(1, at: Int(attempt.endpointIndex))
            }
        }
        if let routeIndex = self.locateRoute(attempt, in: snapshot) {
            snapshot.hotRoutes[routeIndex].withPlanner { planner in
                if attempt.number > 1 { planner.retryAbandoned() }
                planner.requestFinished()
            }
        }
        if self.wantsAccessLog {
            self.logAccess(
                attempt.request,
                start: attempt.requestStart,
                now: now,
                status: 0,
                flags: .downstreamConnectionTermination,
                attempts: attempt.number,
                upstream: snapshot.endpointDirectory[attempt.endpoint]
            )
        }
    }

    // MARK: - Reconfiguration

    /// Applies a new topology: re-resolves every route at once, keeps the outlier state of endpoints
    /// that remain, and reports what changed.
    ///
    /// - Parameter topology: The new topology.
    /// - Returns: What changed per hostname.
    /// - Throws: ``ConfigurationError`` when the topology does not fit the Gateway; the previous
    ///   configuration then stays in force.
    @discardableResult
    public func update(topology: Topology) throws -> RouteTableChanges {
        try self.reconfigure { current in
            try RouteTable(gateway: current.gateway, edgeLocation: current.edgeLocation, topology: topology)
        }
    }

    /// Applies a new edge Gateway, as ``update(topology:)`` does a new topology.
    ///
    /// - Parameter gateway: The new edge Gateway.
    /// - Returns: What changed per hostname.
    /// - Throws: ``ConfigurationError`` when the Gateway is invalid or not an edge Gateway; the previous
    ///   configuration then stays in force.
    @discardableResult
    public func update(gateway: Gateway) throws -> RouteTableChanges {
        try self.update(gateway: gateway, topology: nil, edge: nil)
    }

    /// Applies any of a new edge Gateway, topology and edge location together, as one change: either all
    /// of them take effect or, when the combination is invalid, none does. (Applying a Gateway and a
    /// topology one after the other can reject a pair that is valid together.)
    ///
    /// - Parameters:
    ///   - gateway: The new edge Gateway, or `nil` to keep the current one.
    ///   - topology: The new topology, or `nil` to keep the current one.
    ///   - edge: The edge's new location, or `nil` to keep the current one.
    /// - Returns: What changed per hostname.
    /// - Throws: ``ConfigurationError``; the previous configuration then stays in force.
    @discardableResult
    public func update(gateway: Gateway?, topology: Topology?, edge: EdgeLocation?) throws -> RouteTableChanges {
        try self.reconfigure { current in
            try RouteTable(
                gateway: gateway ?? current.gateway,
                edgeLocation: edge ?? current.edgeLocation,
                topology: topology ?? current.topology
            )
        }
    }

    private func reconfigure(_ makeTable: (RouteTable) throws -> RouteTable) throws -> RouteTableChanges {
        let now = self.now()
        let changes: RouteTableChanges
        do {
            changes = try self.control.withLock { state in
                try self.publisher.update { current in
                    let table = try makeTable(current.table)
                    let compiler = SnapshotCompiler(
                        configuration: self.configuration,
                        shardCount: self.shardCount,
                        observer: self.observer,
                        directory: self.directory
                    )
                    let next = compiler.compile(table: table, previous: current, state: &state, now: now)
                    return (next, table.changes(since: current.table))
                }
            }
        } catch {
            let rejection = ConfigurationError(decoding: error)
            self.observer.observe(.reconfigurationRejected(rejection))
            throw rejection
        }
        self.observer.observe(.reconfigured(changes))
        return changes
    }

    /// Rebuilds one destination's health view from its detector and publishes it.
    private func refreshHealth(of runtime: DestinationRuntime, now: MonotonicTime) {
        let shift: TrafficShift? = self.control.withLock { _ in
            self.publisher.update { snapshot in
                guard let index = snapshot.destinationIndex[runtime.key],
                    snapshot.destinations[index].runtime === runtime
                else { return (snapshot, nil) }
                let old = snapshot.destinations[index]
                let ejected = (0..<old.layout.count).map { runtime.detector.isEjected(endpointIndex: $0) }
                if old.health.hasSameEjections(as: ejected) { return (snapshot, nil) }
                let health = DestinationHealth(
                    layout: old.layout,
                    ejected: ejected,
                    policy: self.configuration.loadBalancingPolicy,
                    picker: self.configuration.endpointPicker,
                    localityWeighted: self.configuration.localityWeighted,
                    shards: self.shardCount
                )
                let replacement = CompiledDestination(
                    runtime: runtime,
                    layout: old.layout,
                    health: health,
                    active: old.active
                )
                let shift =
                    old.health.loads == health.loads
                    ? nil
                    : TrafficShift(
                        destination: runtime.name,
                        time: now,
                        tiers: old.layout.tierClusterNames,
                        before: old.health.loads,
                        after: health.loads
                    )
                return (snapshot.replacing(destination: index, with: replacement), shift)
            }
        }
        if let shift {
            self.observer.observe(.trafficShifted(shift))
        }
    }

    // MARK: - Queries

    /// The address of an endpoint, or `nil` if it is no longer in the topology.
    ///
    /// - Parameter endpoint: An endpoint identity from an ``Attempt``.
    public func address(of endpoint: EndpointID) -> EndpointAddress? {
        self.publisher.acquire().snapshot.endpointDirectory[endpoint]?.address
    }

    /// The name of a workload cluster.
    ///
    /// - Parameter cluster: A cluster identity from an ``Attempt``.
    public func name(of cluster: ClusterID) -> String? {
        let counters = self.publisher.acquire().snapshot.clusterCounters
        let index = Int(cluster.rawValue)
        return index < counters.count ? counters[index].name : nil
    }

    /// The route table in force.
    public var routeTable: RouteTable {
        self.publisher.current.table
    }

    /// A copy of every counter (see ``RouterStatistics`` for the names).
    public func statistics() -> RouterStatistics {
        let snapshot = self.publisher.current
        var counters = RouterCounter.allCases.map { ($0.name, self.counters.sum($0.rawValue)) }
        var sums: [String: UInt64] = [:]
        for cluster in snapshot.clusterCounters {
            for (name, value) in cluster.values() {
                counters.append(("cluster.\(cluster.name).\(name)", value))
                sums[name, default: 0] &+= value
            }
        }
        counters.append(contentsOf: sums.map { ($0.key, $0.value) })
        // Counters of destinations that reconfigurations removed stay in the sums, so that they never
        // go down (ejections_active, a gauge, is only counted for current destinations).
        var outlierSums = self.control.withLock { $0.retiredOutlierCounters }
        for destination in snapshot.destinations {
            for (name, value) in destination.runtime.detector.snapshot().statistics.counters {
                counters.append(("destination.\(destination.runtime.name).outlier_detection.\(name)", value))
                outlierSums[name, default: 0] &+= value
            }
        }
        counters.append(contentsOf: outlierSums.map { ("outlier_detection.\($0.key)", $0.value) })
        return RouterStatistics(counters: counters.map { (name: $0.0, value: $0.1) })
    }

    /// The state of every destination: its tiers, their share of traffic, and each endpoint's health.
    public func status() -> RouterStatus {
        let snapshot = self.publisher.current
        let now = self.now()
        return RouterStatus(
            time: now,
            destinations: snapshot.destinations.map { destination in
                let detector = destination.runtime.detector.snapshot()
                let layout = destination.layout
                let tiers = layout.tierRanges.indices.map { tier in
                    RouterStatus.Tier(
                        healthyLoad: destination.health.loads.healthyLoad(ofTier: tier),
                        degradedLoad: destination.health.loads.degradedLoad(ofTier: tier),
                        isPanic: destination.health.loads.isPanic(tier: tier),
                        clusters: layout.clusters.filter { $0.tier == tier }.map { cluster in
                            RouterStatus.Cluster(
                                name: cluster.name,
                                endpoints: cluster.range.map { index in
                                    let state = index < detector.endpoints.count ? detector.endpoints[index] : nil
                                    return RouterStatus.Endpoint(
                                        id: layout.endpointIDs[index],
                                        address: layout.addresses[index],
                                        isEjected: destination.health.ejected[index],
                                        ejectedUntil: state?.ejectedUntil,
                                        multiplier: state?.multiplier ?? 0,
                                        activeRequests: destination.active.map { Int($0.load(index)) } ?? 0
                                    )
                                }
                            )
                        }
                    )
                }
                return RouterStatus.Destination(name: destination.runtime.name, tiers: tiers)
            }
        )
    }

    // MARK: - Picking

    /// Chooses an endpoint for a route, or `nil` when none can take the request.
    @inline(__always)
    private func pick(
        route: HotRoute,
        routeIndex: Int,
        snapshot: RouterSnapshot,
        excluded: ExclusionSet,
        fixedDestination: Int32?,
        now: MonotonicTime
    ) -> PickedEndpoint? {
        let destinationIndex: Int32
        if let fixedDestination {
            destinationIndex = fixedDestination
        } else if !route.isWeighted {
            destinationIndex = route.failoverDestination
        } else {
            var random = RouterRandom(self.random)
            guard case .weighted(let split, let destinations) = snapshot.routes[routeIndex].kind,
                let entry = split.index(forDraw: random.next())
            else { return nil }
            destinationIndex = destinations[entry]
        }
        guard destinationIndex >= 0 else { return nil }
        let refreshed = snapshot.withDestination(Int(destinationIndex)) { destination in
            let due = destination.hotRuntime._withUnsafeGuaranteedRef { runtime in
                now >= runtime.nextDeadline() && runtime.advance(now)
            }
            guard due else { return false }
            self.refreshHealth(of: destination.runtime, now: now)
            return true
        }
        // A re-admission (or an ejection) published a new snapshot: pick from that one.
        if refreshed {
            return self.publisher.acquire().withSnapshot { snapshot in
                self.pickEndpoint(destinationIndex, snapshot: snapshot, excluded: excluded)
            }
        }
        return self.pickEndpoint(destinationIndex, snapshot: snapshot, excluded: excluded)
    }

    /// Picks an endpoint of a destination and counts the request for its cluster.
    @inline(__always)
    private func pickEndpoint(
        _ destinationIndex: Int32,
        snapshot: RouterSnapshot,
        excluded: ExclusionSet
    ) -> PickedEndpoint? {
        snapshot.withDestination(Int(destinationIndex)) { destination -> PickedEndpoint? in
            var random = RouterRandom(self.random)
            guard
                let (tier, local) = EndpointSelection.pick(
                    in: destination,
                    excluded: excluded,
                    policy: self.loadBalancingPolicy,
                    localityWeighted: self.localityWeighted,
                    random: &random
                )
            else { return nil }
            destination.active?.add(1, at: local)
            let cluster = destination.layout.clusterIDs[local]
            snapshot.counters(of: cluster).increment(.requestsTotal)
            return PickedEndpoint(
                tier: tier,
                endpointIndex: Int32(local),
                endpoint: destination.layout.endpointIDs[local],
                cluster: cluster,
                destinationIndex: destinationIndex,
                layoutVersion: snapshot.layoutVersion
            )
        }
    }

    /// The attempt for a picked endpoint.
    @inline(__always)
    private func attempt(
        _ picked: PickedEndpoint,
        routeIndex: Int,
        isWeighted: Bool,
        request: RequestHead,
        number: Int,
        start: MonotonicTime,
        excluded: ExclusionSet,
        previousDelay: Duration?
    ) -> Attempt {
        Attempt(
            request: request,
            number: number,
            endpoint: picked.endpoint,
            cluster: picked.cluster,
            tier: picked.tier,
            isWeighted: isWeighted,
            perTryTimeout: self.perTryTimeout,
            requestStart: start,
            layoutVersion: picked.layoutVersion,
            routeIndex: Int32(routeIndex),
            destinationIndex: picked.destinationIndex,
            endpointIndex: picked.endpointIndex,
            excluded: excluded,
            previousDelay: previousDelay
        )
    }

    /// The attempt's destination and endpoint index in `snapshot`, if both still exist.
    @inline(__always)
    private func locate(_ attempt: Attempt, in snapshot: RouterSnapshot, sameLayout: Bool) -> (Int, Int)? {
        if sameLayout {
            return (Int(attempt.destinationIndex), Int(attempt.endpointIndex))
        }
        // The layout changed since the attempt was made: find its destination by identity.
        guard let key = self.layout(attempt.layoutVersion)?.destinations[Int(attempt.destinationIndex)],
            let index = snapshot.destinationIndex[key],
            let local = snapshot.destinations[index].layout.endpointIndex[attempt.endpoint]
        else { return nil }
        return (index, local)
    }

    /// The attempt's route in `snapshot`, if it still exists.
    @inline(__always)
    private func locateRoute(_ attempt: Attempt, in snapshot: RouterSnapshot) -> Int? {
        if attempt.layoutVersion == snapshot.layoutVersion {
            return Int(attempt.routeIndex)
        }
        guard let identity = self.layout(attempt.layoutVersion)?.routes[Int(attempt.routeIndex)],
            let index = snapshot.routeIndex[identity]
        else { return nil }
        return index
    }

    /// The identities of an earlier layout's routes and destinations, if still remembered.
    private func layout(_ version: UInt64) -> EdgeRouterControlState.Layout? {
        self.control.withLock { state in state.history.last { $0.version == version } }
    }

    // MARK: - Finishing

    /// Counts and logs a request answered without any attempt.
    private func finishLocally(
        _ response: LocalResponse,
        request: RequestHead,
        start: MonotonicTime,
        now: MonotonicTime
    ) -> LocalResponse {
        self.counters.add(RouterCounter.downstreamClass(of: response.status).rawValue)
        if self.wantsAccessLog {
            self.logAccess(
                request,
                start: start,
                now: now,
                status: response.status,
                flags: response.flags,
                attempts: 0,
                upstream: nil
            )
        }
        return response
    }

    /// Builds the final answer after the last attempt, counts it and logs it.
    private func finish(
        _ attempt: Attempt,
        outcome: AttemptOutcome,
        response: RetryStop.Response?,
        now: MonotonicTime
    ) -> FinalResponse {
        let final: FinalResponse
        switch response {
        case .upstream(let status, let flags):
            final = FinalResponse(status: status, flags: flags, localBody: nil, attempts: attempt.number)
        case .local(let local):
            final = FinalResponse(local, attempts: attempt.number)
        case nil:
            if let status = outcome.statusCode {
                final = FinalResponse(status: status, flags: [], localBody: nil, attempts: attempt.number)
            } else {
                let local = LocalResponse.upstreamFailure(outcome) ?? .noHealthyUpstream
                final = FinalResponse(local, attempts: attempt.number)
            }
        }
        self.counters.add(RouterCounter.downstreamClass(of: final.status).rawValue)
        if self.wantsAccessLog {
            self.logAccess(
                attempt.request,
                start: attempt.requestStart,
                now: now,
                status: final.status,
                flags: final.flags,
                attempts: attempt.number,
                upstream: self.publisher.acquire().snapshot.endpointDirectory[attempt.endpoint]
            )
        }
        return final
    }

    /// Hands the observer the access-log record of a request that has ended.
    private func logAccess(
        _ request: RequestHead,
        start: MonotonicTime,
        now: MonotonicTime,
        status: Int,
        flags: ResponseFlags,
        attempts: Int,
        upstream: EndpointDescription?
    ) {
        self.observer.requestCompleted(
            AccessLogRecord(
                start: start,
                duration: start.duration(to: now),
                method: request.method,
                path: request.path,
                httpVersion: request.httpVersion,
                authority: request.authority,
                status: status,
                flags: flags,
                attempts: attempts,
                cluster: upstream?.cluster,
                upstreamHost: upstream?.addressText
            )
        )
    }

    private func emitRetry(
        _ kind: (RetryScheduled) -> RoutingEvent,
        _ attempt: Attempt,
        _ outcome: AttemptOutcome,
        delay: Duration,
        next: Attempt?,
        snapshot: RouterSnapshot
    ) {
        // The default observer ignores events: building this one (three strings) would be the only
        // allocation of a retried request.
        if self.ignoresEvents { return }
        let event = RetryScheduled(
            request: "\(attempt.request.method) \(attempt.request.authority)\(attempt.request.path)",
            failedAttempt: attempt.number,
            outcome: outcome,
            cluster: snapshot.endpointDirectory[attempt.endpoint]?.cluster ?? "\(attempt.cluster)",
            delay: delay,
            nextCluster: next.flatMap { snapshot.endpointDirectory[$0.endpoint]?.cluster }
        )
        self.observer.observe(kind(event))
    }
}

extension EdgeRouter where C == ContinuousClock {
    /// Creates a router on the continuous clock with system randomness: what a production proxy uses.
    ///
    /// - Parameters:
    ///   - gateway: The edge Gateway.
    ///   - edge: Where the edge gateway itself runs.
    ///   - topology: The workload clusters.
    ///   - configuration: Load balancing, outlier detection and retries.
    ///   - observer: Receives events and access-log records.
    /// - Throws: ``ConfigurationError`` when the Gateway does not fit.
    public convenience init(
        gateway: Gateway,
        edge: EdgeLocation,
        topology: Topology,
        configuration: EdgeRouterConfiguration = .defaults,
        observer: any RoutingObserver = NoOpRoutingObserver()
    ) throws {
        try self.init(
            gateway: gateway,
            edge: edge,
            topology: topology,
            configuration: configuration,
            clock: ContinuousClock(),
            observer: observer
        )
    }
}

/// What routing found, before the attempt or the local answer is made. (Outside the generic router, so
/// that using it needs no generic metadata.)
private enum Routed {
    case picked(PickedEndpoint, routeIndex: Int, isWeighted: Bool)
    case noRoute
    case noHealthyUpstream
}

/// What a pick chose: everything an ``Attempt`` needs from the snapshot, in a few words.
struct PickedEndpoint {
    let tier: Int
    let endpointIndex: Int32
    let endpoint: EndpointID
    let cluster: ClusterID
    let destinationIndex: Int32
    let layoutVersion: UInt64
}

/// A `RandomNumberGenerator` view of the router's sharded random source.
///
/// It holds its source unretained (the router keeps it alive), so making one costs no reference count.
struct RouterRandom: RandomNumberGenerator {
    private let source: Unmanaged<ShardedRandom>

    @inline(__always)
    init(_ source: ShardedRandom) {
        self.source = Unmanaged.passUnretained(source)
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        self.source._withUnsafeGuaranteedRef { $0.next() }
    }
}
