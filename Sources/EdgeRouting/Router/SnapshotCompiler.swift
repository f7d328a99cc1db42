/// Compiles a route table into a router snapshot: assigns endpoint and cluster identities, lays out
/// each destination, carries outlier detectors and retry planners over from the previous snapshot
/// when their identity stays, and builds the health views.
struct SnapshotCompiler {
    let configuration: EdgeRouterConfiguration
    let shardCount: Int
    let observer: any RoutingObserver
    let directory: EndpointDirectory

    /// How many earlier layouts are remembered so that attempts made before a reconfiguration can
    /// still be completed against the right route and destination.
    static let historyLength = 32

    func compile(
        table: RouteTable,
        previous: RouterSnapshot?,
        state: inout EdgeRouterControlState,
        now: MonotonicTime
    ) -> RouterSnapshot {
        state.layoutVersion &+= 1
        state.membersByCluster = [:]
        defer { state.membersByCluster = [:] }
        var serverRouteOffsets: [Int] = []
        var routes: [CompiledRoute] = []
        var destinations: [CompiledDestination] = []
        var destinationIndex: [DestinationKey: Int] = [:]
        var routeIndex: [DestinationPlan.Identity: Int] = [:]
        var routeRuntimes: [DestinationPlan.Identity: RouteRuntime] = [:]
        var destinationRuntimes: [DestinationKey: DestinationRuntime] = [:]
        var directory: [EndpointID: EndpointDescription] = [:]

        for server in table.servers {
            serverRouteOffsets.append(routes.count)
            for rule in server.rules {
                let plan = rule.plan
                let identity = plan.identity
                let runtime =
                    routeRuntimes[identity] ?? state.routes[identity]
                    ?? RouteRuntime(
                        identity: identity,
                        planner: self.configuration.makeRetryPlanner?(self.configuration.retries)
                            ?? DefaultRetryPlanner(policy: self.configuration.retries)
                    )
                routeRuntimes[identity] = runtime
                if routeIndex[identity] == nil { routeIndex[identity] = routes.count }

                func destination(_ key: DestinationKey, name: String, tiers: [[ResolvedCluster]]) -> Int32 {
                    if let index = destinationIndex[key] { return Int32(index) }
                    let compiled = self.compileDestination(
                        key: key,
                        name: name,
                        tiers: tiers,
                        previous: previous,
                        state: &state,
                        directory: &directory,
                        now: now
                    )
                    destinationRuntimes[key] = compiled.runtime
                    destinationIndex[key] = destinations.count
                    destinations.append(compiled)
                    return Int32(destinations.count - 1)
                }

                if let weighted = plan.weighted {
                    let targets = weighted.targets.enumerated().map { index, target -> Int32 in
                        guard target.hasEndpoints else { return -1 }
                        let name =
                            "\(identity.hostname):\(identity.port) weighted \(target.entry.selector.name ?? "\(target.entry.selector)")"
                        return destination(
                            DestinationKey(plan: identity, target: index),
                            name: name,
                            tiers: [target.clusters]
                        )
                    }
                    let split = WeightedSplit(weights: weighted.targets.map(\.weight))
                    routes.append(
                        CompiledRoute(
                            kind: .weighted(split: split, destinations: targets),
                            runtime: runtime,
                            identity: identity
                        )
                    )
                } else {
                    let tiers = plan.failover?.tiers.map(\.clusters) ?? []
                    let name = "\(identity.hostname):\(identity.port) \(identity.destination.form)"
                    let index = destination(DestinationKey(plan: identity, target: -1), name: name, tiers: tiers)
                    routes.append(
                        CompiledRoute(kind: .failover(destination: index), runtime: runtime, identity: identity)
                    )
                }
            }
        }

        state.registry.releaseEndpoints(except: Set(directory.keys))
        for (key, runtime) in state.destinations where destinationRuntimes[key] == nil {
            for (name, value) in runtime.detector.snapshot().statistics.counters where name != "ejections_active" {
                state.retiredOutlierCounters[name, default: 0] &+= value
            }
        }
        state.routes = routeRuntimes
        state.destinations = destinationRuntimes
        while state.clusterCounters.count < state.registry.clusterNames.count {
            let name = state.registry.clusterNames[state.clusterCounters.count]
            state.clusterCounters.append(ClusterCounters(name: name, shards: self.shardCount))
        }
        state.history.append(
            EdgeRouterControlState.Layout(
                version: state.layoutVersion,
                routes: routes.map(\.identity),
                destinations: destinations.map(\.runtime.key)
            )
        )
        if state.history.count > Self.historyLength {
            state.history.removeFirst(state.history.count - Self.historyLength)
        }
        self.directory.replace(with: directory)
        return RouterSnapshot(
            layoutVersion: state.layoutVersion,
            table: table,
            serverRouteOffsets: serverRouteOffsets,
            routes: routes,
            destinations: destinations,
            destinationIndex: destinationIndex,
            routeIndex: routeIndex,
            clusterCounters: state.clusterCounters,
            endpointDirectory: directory
        )
    }

    private func compileDestination(
        key: DestinationKey,
        name: String,
        tiers: [[ResolvedCluster]],
        previous: RouterSnapshot?,
        state: inout EdgeRouterControlState,
        directory: inout [EndpointID: EndpointDescription],
        now: MonotonicTime
    ) -> CompiledDestination {
        let members = tiers.map { clusters in
            clusters.map { cluster in
                Self.members(of: cluster, state: &state, directory: &directory)
            }
        }
        let endpoints = members.flatMap { $0.flatMap { $0.map(\.id) } }
        let tierSizes = members.map { tier in tier.reduce(0) { $0 + $1.count } }

        // Carry over the previous destination when its identity stays; keep everything if its
        // endpoints are the same, otherwise keep only the detector (whose state follows identities).
        if let runtime = state.destinations[key] {
            if let previous, let index = previous.destinationIndex[key],
                previous.destinations[index].runtime === runtime,
                previous.destinations[index].layout.endpoints == endpoints,
                previous.destinations[index].layout.tierRanges.map(\.count) == tierSizes
            {
                return previous.destinations[index]
            }
            runtime.detector.setEndpoints(endpoints, now: now)
            return self.makeDestination(runtime: runtime, name: name, members: members)
        }
        let runtime = DestinationRuntime(
            key: key,
            name: name,
            detector: self.makeDetector(name: name, endpoints: endpoints, state: &state, now: now)
        )
        return self.makeDestination(runtime: runtime, name: name, members: members)
    }

    /// A cluster's endpoints with their identities, looked up once per compilation: a cluster appears
    /// in the plans of many hostnames, and looking up every endpoint of every plan dominated a
    /// reconfiguration of a large topology.
    private static func members(
        of cluster: ResolvedCluster,
        state: inout EdgeRouterControlState,
        directory: inout [EndpointID: EndpointDescription]
    ) -> [DestinationLayout.Member] {
        if let cached = state.membersByCluster[cluster.name], cached.endpoints == cluster.endpoints {
            return cached.members
        }
        let clusterID = state.registry.clusterID(cluster.name)
        let members = cluster.endpoints.map { endpoint in
            let id = state.registry.endpointID(cluster: cluster.name, address: endpoint.address)
            directory[id] = EndpointDescription(
                cluster: cluster.name,
                address: endpoint.address,
                addressText: endpoint.address.description
            )
            return DestinationLayout.Member(
                id: id,
                cluster: clusterID,
                clusterName: cluster.name,
                address: endpoint.address,
                weight: endpoint.weight
            )
        }
        state.membersByCluster[cluster.name] = (cluster.endpoints, members)
        return members
    }

    private func makeDestination(
        runtime: DestinationRuntime,
        name: String,
        members: [[[DestinationLayout.Member]]]
    ) -> CompiledDestination {
        let layout = DestinationLayout(name: name, tiers: members)
        let ejected = (0..<layout.count).map { runtime.detector.isEjected(endpointIndex: $0) }
        let health = DestinationHealth(
            layout: layout,
            ejected: ejected,
            policy: self.configuration.loadBalancingPolicy,
            picker: self.configuration.endpointPicker,
            localityWeighted: self.configuration.localityWeighted,
            shards: self.shardCount
        )
        let active = self.configuration.endpointPicker.needsActiveRequests ? AtomicBuffer(count: layout.count) : nil
        return CompiledDestination(runtime: runtime, layout: layout, health: health, active: active)
    }

    private func makeDetector(
        name: String,
        endpoints: [EndpointID],
        state: inout EdgeRouterControlState,
        now: MonotonicTime
    ) -> any OutlierDetector {
        let observer = self.observer
        let directory = self.directory
        let forward: @Sendable (OutlierDetectionEvent) -> Void = { event in
            let description = directory.describe(event.endpoint)
            let translated = EndpointHealthEvent(
                destination: name,
                cluster: description?.cluster ?? "?",
                address: description?.addressText ?? "\(event.endpoint)",
                detail: event
            )
            switch event.kind {
            case .ejected where event.enforced: observer.observe(.endpointEjected(translated))
            case .ejected: observer.observe(.outlierDetected(translated))
            case .readmitted: observer.observe(.endpointReadmitted(translated))
            default: observer.observe(.ejectionOverflowed(translated))
            }
        }
        if let make = self.configuration.makeOutlierDetector {
            return make(
                OutlierDetectorContext(
                    destination: name,
                    endpoints: endpoints,
                    now: now,
                    seed: state.seeds.next(),
                    observer: forward
                )
            )
        }
        return DefaultOutlierDetector(
            configuration: self.configuration.outlierDetection,
            endpoints: endpoints,
            now: now,
            random: &state.seeds,
            // The default observer ignores events: without an observer the detector builds none.
            observer: self.observer is NoOpRoutingObserver ? nil : forward
        )
    }
}

/// The router's state that only reconfigurations and health changes touch.
struct EdgeRouterControlState {
    /// The identities of one layout's routes and destinations, by index.
    struct Layout {
        let version: UInt64
        let routes: [DestinationPlan.Identity]
        let destinations: [DestinationKey]
    }

    var registry = IdentityRegistry()
    var destinations: [DestinationKey: DestinationRuntime] = [:]
    var routes: [DestinationPlan.Identity: RouteRuntime] = [:]
    var clusterCounters: [ClusterCounters] = []
    var layoutVersion: UInt64 = 0
    var history: [Layout] = []
    /// Each cluster's endpoints and identities, during one compilation.
    var membersByCluster: [String: (endpoints: [IngressEndpoint], members: [DestinationLayout.Member])] = [:]
    /// The outlier-detection counters of destinations that reconfigurations removed.
    var retiredOutlierCounters: [String: UInt64] = [:]
    var seeds: SplitMix64

    init(seeds: SplitMix64) {
        self.seeds = seeds
    }
}
