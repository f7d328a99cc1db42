import Testing

@testable import EdgeRouting

/// Change sets between route tables: clusters, endpoints, Gateways, hostnames and diagnostics.
@Suite struct RouteTableChangesTests {
    private let bookinfo: Hostname
    private let topology: Topology
    private let automatic: RouteTable
    private let named: RouteTable

    init() throws {
        self.bookinfo = try Hostname(Build.bookinfo)
        self.topology = try Build.demoTopology()
        self.automatic = try Build.table(Build.edgeGateway(.automatic), self.topology)
        self.named = try Build.table(Build.edgeGateway(.named(["cluster-1", "cluster-2"])), self.topology)
    }

    @Test func sameTableNoChanges() {
        let changes = self.automatic.changes(since: self.automatic)
        #expect(changes.isEmpty)
        #expect(changes.description == "no changes")
    }

    @Test func firstTableAddsEverything() throws {
        let changes = self.automatic.changes(since: nil)
        #expect(changes.hostnamesAdded == [self.bookinfo])
        #expect(changes.changes(for: self.bookinfo)?.clustersAdded == ["cluster-1", "cluster-2"])
        #expect(changes.changes(for: self.bookinfo)?.endpointsAdded.count == 2)
        #expect(changes.plansAdded == self.automatic.plans.map(\.identity))
        #expect(!changes.isEmpty)
    }

    @Test func addingAndRemovingACluster() throws {
        let cluster3 = try Build.cluster(
            "cluster-3",
            region: "region-3",
            endpoints: ["10.0.3.10:443", "10.0.3.11:443"]
        )
        let grown = self.automatic.resolving(topology: try self.topology.updating(cluster3))
        let changes = grown.changes(since: self.automatic)
        let host = try #require(changes.changes(for: self.bookinfo))
        #expect(host.clustersAdded == ["cluster-3"])
        #expect(host.endpointsAdded.map(\.description) == ["cluster-3/10.0.3.10:443", "cluster-3/10.0.3.11:443"])
        #expect(host.clustersRemoved.isEmpty && host.endpointsRemoved.isEmpty)
        #expect(grown.firstPlan?.tierNames == [["cluster-1"], ["cluster-2", "cluster-3"]])
        #expect(changes.plansChanged.count == 1)
        // An unlisted cluster changes nothing for a named destination.
        #expect(self.named.resolving(topology: try self.topology.updating(cluster3)).changes(since: self.named).isEmpty)
        // Removing a listed cluster raises clusterNotFound.
        let shrunk = self.named.resolving(topology: self.topology.removingCluster(named: "cluster-2"))
        let removal = shrunk.changes(since: self.named)
        #expect(removal.changes(for: self.bookinfo)?.clustersRemoved == ["cluster-2"])
        #expect(removal.diagnosticsRaised.map(\.kind) == [.clusterNotFound])
        #expect(removal.diagnosticsRaised.map(\.cluster) == ["cluster-2"])
        #expect(self.named.changes(since: shrunk).diagnosticsCleared == removal.diagnosticsRaised)
    }

    @Test func addingAndRemovingEndpoints() throws {
        let address = try EndpointAddress("10.0.1.11:443")
        let more = try self.topology.addingIngressEndpoint(IngressEndpoint(address: address), toCluster: "cluster-1")
        let grown = self.named.resolving(topology: more)
        let added = try #require(grown.changes(since: self.named).changes(for: self.bookinfo))
        #expect(added.endpointsAdded == [.init(cluster: "cluster-1", address: address)])
        #expect(added.clustersAdded.isEmpty)
        // Scaling cluster-1's ingress to zero endpoints removes it and raises a diagnostic.
        let none = more.removingIngressEndpoint(address, fromCluster: "cluster-1")
            .removingIngressEndpoint(try EndpointAddress("10.0.1.10:443"), fromCluster: "cluster-1")
        let empty = self.named.resolving(topology: none)
        let changes = empty.changes(since: grown)
        #expect(changes.changes(for: self.bookinfo)?.clustersRemoved == ["cluster-1"])
        #expect(changes.changes(for: self.bookinfo)?.endpointsRemoved.count == 2)
        #expect(changes.diagnosticsRaised.map(\.kind) == [.noIngressEndpoints])
    }

    @Test func reweightingAnEndpointChangesRoutingButNoEndpoint() throws {
        let original = try #require(self.topology.clusters.first { $0.name == "cluster-1" })
        let reweighted = try WorkloadCluster(
            name: original.name,
            locality: original.locality,
            labels: original.labels,
            network: original.network,
            ingressEndpoints: original.ingressEndpoints.map { try IngressEndpoint(address: $0.address, weight: 3) },
            gateways: original.gateways
        )
        let changes = self.automatic.resolving(topology: try self.topology.updating(reweighted))
            .changes(since: self.automatic)
        let host = try #require(changes.changes(for: self.bookinfo))
        #expect(host.routingChanged)
        #expect(host.clustersAdded.isEmpty && host.clustersRemoved.isEmpty)
        #expect(host.endpointsAdded.isEmpty && host.endpointsRemoved.isEmpty)
    }

    @Test func addingAGatewayForANewHostname() throws {
        let details = try Build.workloadGateway("details", hostnames: ["details.tse.tetratelabs.io"])
        let gateway = try Build.edgeGateway([
            Build.server("bookinfo", rules: [RoutingRule(route: .clusters(.automatic))]),
            Build.server(
                "details",
                hostname: "details.tse.tetratelabs.io",
                rules: [RoutingRule(route: .clusters(.automatic))]
            ),
        ])
        let before = try Build.table(gateway, self.topology)
        #expect(before.diagnostics.map(\.kind) == [.hostnameServedByNoCluster])
        let after = before.resolving(topology: try self.topology.addingGateway(details, toCluster: "cluster-2"))
        let changes = after.changes(since: before)
        let detailsHost = try Hostname("details.tse.tetratelabs.io")
        #expect(changes.changes(for: detailsHost)?.clustersAdded == ["cluster-2"])
        #expect(changes.changes(for: self.bookinfo) == nil)
        #expect(changes.diagnosticsCleared.map(\.kind) == [.hostnameServedByNoCluster])
        #expect(changes.diagnosticsRaised.isEmpty)
    }

    @Test func hostnamesAddedAndRemovedByANewEdgeGateway() throws {
        let other = try Build.edgeGateway(.automatic, hostname: "reviews.tse.tetratelabs.io")
        let next = try Build.table(other, self.topology)
        let changes = next.changes(since: self.automatic)
        let reviews = try Hostname("reviews.tse.tetratelabs.io")
        #expect(changes.hostnamesAdded == [reviews])
        #expect(changes.hostnamesRemoved == [self.bookinfo])
        #expect(changes.changes(for: self.bookinfo)?.clustersRemoved == ["cluster-1", "cluster-2"])
        #expect(changes.plansRemoved == self.automatic.plans.map(\.identity))
        #expect(changes.plansAdded == next.plans.map(\.identity))
        #expect(changes.description.contains("hostname added: reviews.tse.tetratelabs.io"))
    }

    @Test func aTierChangeIsARoutingChangeWithoutClusterChanges() throws {
        let moved = try Build.table(
            Build.edgeGateway(.automatic),
            self.topology,
            edge: EdgeLocation(region: "region-2")
        )
        let changes = moved.changes(since: self.automatic)
        let host = try #require(changes.changes(for: self.bookinfo))
        #expect(host.routingChanged)
        #expect(host.clustersAdded.isEmpty && host.clustersRemoved.isEmpty)
        #expect(changes.plansChanged == [try #require(self.automatic.firstPlan?.identity)])
        #expect(host.description == "bookinfo.tse.tetratelabs.io: routing changed")
    }

    @Test func planIdentitiesSurviveTopologyChanges() throws {
        let identities = self.named.plans.map(\.identity)
        let changed = self.named.resolving(
            topology: self.topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        )
        #expect(changed.plans.map(\.identity) == identities)
        #expect(changed.firstPlan != self.named.firstPlan)
        // Different failover settings do not change the identity either.
        let settings = try FailoverSettings(regionalFailover: [RegionalFailover(from: "region-1", to: "region-3")])
        let tuned = try Build.table(
            Build.edgeGateway(.named(["cluster-1", "cluster-2"]), failover: settings),
            self.topology
        )
        #expect(tuned.plans.map(\.identity) == identities)
        // Another port or destination is another identity.
        let otherPort = try Build.table(
            Build.edgeGateway(.named(["cluster-1", "cluster-2"]), port: 8080),
            self.topology
        )
        #expect(otherPort.plans.map(\.identity) != identities)
        #expect(self.automatic.plans.map(\.identity) != identities)
    }
}
