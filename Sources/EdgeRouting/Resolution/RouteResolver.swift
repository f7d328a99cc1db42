/// Resolves an edge Gateway against a topology: which clusters serve each hostname, and the plan of
/// every rule's destination. Used once per ``RouteTable``; collects diagnostics as it goes.
///
/// Work is proportional to the size of the inputs: the clusters serving a hostname are found through
/// indexes of the workload Gateways' hostnames (exact names, and wildcards by suffix) rather than by
/// comparing every edge hostname with every workload hostname.
struct RouteResolver {
    private let edge: EdgeLocation
    private let clusters: [ResolvedCluster]
    private let indexByName: [String: Int]
    private let exactHosts: [Hostname: [Int]]
    private let wildcardHosts: [Hostname: [Int]]
    private let wildcardBySuffix: [Substring: [Int]]
    private var servingCache: [Hostname: Set<Int>] = [:]
    private(set) var diagnostics: [ResolutionDiagnostic] = []
    private var reported: Set<ResolutionDiagnostic> = []

    init(edge: EdgeLocation, topology: Topology) {
        self.edge = edge
        self.clusters = topology.clusters.map(ResolvedCluster.init)
        var indexByName: [String: Int] = [:]
        var exact: [Hostname: [Int]] = [:]
        var wildcard: [Hostname: [Int]] = [:]
        for (index, cluster) in topology.clusters.enumerated() {
            indexByName[cluster.name] = index
            for hostname in cluster.servedHostnames {
                if hostname.isWildcard {
                    wildcard[hostname, default: []].append(index)
                } else {
                    exact[hostname, default: []].append(index)
                }
            }
        }
        self.indexByName = indexByName
        self.exactHosts = exact
        self.wildcardHosts = wildcard
        var bySuffix: [Substring: [Int]] = [:]
        for (hostname, clusters) in wildcard {
            bySuffix[hostname.suffix] = clusters
        }
        self.wildcardBySuffix = bySuffix
    }

    /// Resolves every server of an edge Gateway (whose routes all have a cluster destination).
    mutating func resolve(_ gateway: Gateway) -> [RouteServer] {
        var servers: [RouteServer] = []
        for (serverIndex, server) in gateway.spec.http.enumerated() {
            let ranking = TierRanking(edge: self.edge, settings: server.failoverSettings)
            var rules: [ResolvedRule] = []
            for (ruleIndex, rule) in server.rules.enumerated() {
                let destination = rule.route.clusterDestination ?? .automatic
                let site = Site(
                    server: server,
                    path: "spec.http\(FieldPath.index(serverIndex)).routing.rules\(FieldPath.index(ruleIndex))"
                        + ".route.clusterDestination",
                    destination: destination
                )
                rules.append(ResolvedRule(match: rule.match, plan: self.plan(site, ranking: ranking)))
            }
            servers.append(
                RouteServer(
                    name: server.name,
                    port: server.port,
                    hostname: server.hostname,
                    failoverSettings: server.failoverSettings,
                    rules: rules
                )
            )
        }
        return servers
    }

    /// Where a destination is in the edge Gateway, for diagnostics.
    private struct Site {
        let server: HTTPServer
        let path: String
        let destination: ClusterDestination

        var isWeighted: Bool {
            self.destination.form == .weighted
        }
    }

    private mutating func plan(_ site: Site, ranking: TierRanking) -> DestinationPlan {
        let identity = DestinationPlan.Identity(
            hostname: site.server.hostname,
            port: site.server.port,
            destination: site.destination
        )
        let serving = self.servingClusters(site.server.hostname)
        if site.isWeighted {
            var targets: [WeightedTarget] = []
            for (entryIndex, entry) in site.destination.clusters.enumerated() {
                let selected = self.select(entry, entryIndex: entryIndex, site: site, serving: serving)
                targets.append(WeightedTarget(entry: entry, clusters: selected.map { self.clusters[$0] }))
            }
            return DestinationPlan(identity: identity, weighted: WeightedPlan(targets: targets))
        }
        var chosen: [Int] = []
        if site.destination.form == .automatic {
            for index in serving.sorted() {
                if self.clusters[index].endpoints.isEmpty {
                    self.report(
                        .noIngressEndpoints,
                        site,
                        path: site.path,
                        cluster: self.clusters[index].name,
                        "cluster \"\(self.clusters[index].name)\" serves \(site.server.hostname) but has no "
                            + "ingress-gateway endpoints; it gets no traffic"
                    )
                } else {
                    chosen.append(index)
                }
            }
        } else {
            var seen: Set<Int> = []
            for (entryIndex, entry) in site.destination.clusters.enumerated() {
                for index in self.select(entry, entryIndex: entryIndex, site: site, serving: serving)
                where seen.insert(index).inserted {
                    chosen.append(index)
                }
            }
        }
        if chosen.isEmpty {
            let why =
                site.destination.form == .automatic
                ? "no workload cluster with ingress endpoints has a Gateway that serves"
                : "none of the listed clusters can serve"
            self.report(
                .hostnameServedByNoCluster,
                site,
                path: site.path,
                cluster: nil,
                "\(why) \(site.server.hostname); its requests are answered 503 (UH)"
            )
        }
        let (plan, distinct) = ranking.plan(for: chosen.map { self.clusters[$0] })
        if distinct > FailoverPlan.maximumTierCount {
            self.report(
                .tiersFolded,
                site,
                path: site.path,
                cluster: nil,
                "the failover settings give \(distinct) priority levels; levels \(FailoverPlan.maximumTierCount) "
                    + "and lower were merged into level \(FailoverPlan.maximumTierCount - 1)"
            )
        }
        return DestinationPlan(identity: identity, failover: plan)
    }

    /// The usable clusters an entry selects, in topology order for a label selector; reports why any
    /// selected cluster is not usable.
    private mutating func select(
        _ entry: ClusterReference,
        entryIndex: Int,
        site: Site,
        serving: Set<Int>
    ) -> [Int] {
        let path = site.path + ".clusters" + FieldPath.index(entryIndex)
        let consequence: String
        if let weight = entry.weight {
            consequence =
                entry.selector.name != nil
                ? "its share (weight \(weight) of \(site.destination.totalWeight)) is answered 503 (UH)"
                : "it gets none of the entry's share"
        } else {
            consequence = "it gets no traffic"
        }
        var candidates: [Int] = []
        if let name = entry.selector.name {
            guard let index = self.indexByName[name] else {
                self.report(
                    .clusterNotFound,
                    site,
                    path: path,
                    cluster: name,
                    "cluster \"\(name)\" is not in the topology; \(consequence)"
                )
                return []
            }
            if let network = entry.network, self.clusters[index].network != network {
                let actual = self.clusters[index].network.map { "on network \"\($0)\"" } ?? "on no network"
                self.report(
                    .clusterNotOnNetwork,
                    site,
                    path: path,
                    cluster: name,
                    "cluster \"\(name)\" is \(actual), not on network \"\(network)\" as the entry requires; "
                        + consequence
                )
                return []
            }
            candidates = [index]
        } else {
            for (index, cluster) in self.clusters.enumerated()
            where entry.selector.selects(clusterName: cluster.name, clusterLabels: cluster.labels)
                && (entry.network == nil || cluster.network == entry.network)
            {
                candidates.append(index)
            }
            if candidates.isEmpty {
                let network = entry.network.map { " on network \"\($0)\"" } ?? ""
                let share =
                    entry.weight.map {
                        "its share (weight \($0) of \(site.destination.totalWeight)) is answered 503 (UH)"
                    } ?? "it adds no cluster"
                self.report(
                    .noClusterMatchesSelector,
                    site,
                    path: path,
                    cluster: nil,
                    "no cluster\(network) has the \(entry.selector); \(share)"
                )
            }
        }
        var usable: [Int] = []
        for index in candidates {
            let cluster = self.clusters[index]
            var ok = true
            if !serving.contains(index) {
                ok = false
                self.report(
                    .noGatewayForHostname,
                    site,
                    path: path,
                    cluster: cluster.name,
                    "cluster \"\(cluster.name)\" has no Gateway that serves \(site.server.hostname); \(consequence)"
                )
            }
            if cluster.endpoints.isEmpty {
                ok = false
                self.report(
                    .noIngressEndpoints,
                    site,
                    path: path,
                    cluster: cluster.name,
                    "cluster \"\(cluster.name)\" has no ingress-gateway endpoints; \(consequence)"
                )
            }
            if ok {
                usable.append(index)
            }
        }
        return usable
    }

    /// The clusters with a Gateway whose hostname overlaps `hostname`.
    private mutating func servingClusters(_ hostname: Hostname) -> Set<Int> {
        if let cached = self.servingCache[hostname] {
            return cached
        }
        var result: Set<Int> = []
        if hostname.isWildcard {
            for (host, clusters) in self.exactHosts where host.overlaps(hostname) {
                result.formUnion(clusters)
            }
            for (host, clusters) in self.wildcardHosts where host.overlaps(hostname) {
                result.formUnion(clusters)
            }
        } else {
            result.formUnion(self.exactHosts[hostname] ?? [])
            // A workload wildcard `*.S` serves the name when S is a proper suffix after a dot.
            let value = hostname.value[...]
            var index = value.startIndex
            while index < value.endIndex {
                if value[index] == "." {
                    let suffix = value[value.index(after: index)...]
                    result.formUnion(self.wildcardBySuffix[suffix] ?? [])
                }
                index = value.index(after: index)
            }
        }
        self.servingCache[hostname] = result
        return result
    }

    private mutating func report(
        _ kind: ResolutionDiagnostic.Kind,
        _ site: Site,
        path: String,
        cluster: String?,
        _ message: String
    ) {
        let diagnostic = ResolutionDiagnostic(
            kind: kind,
            hostname: site.server.hostname,
            port: site.server.port,
            serverName: site.server.name,
            path: path,
            cluster: cluster,
            message: message
        )
        if self.reported.insert(diagnostic).inserted {
            self.diagnostics.append(diagnostic)
        }
    }
}
