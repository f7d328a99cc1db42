import Testing

@testable import EdgeRouting

@Suite struct TopologyTests {
    @Test func demoFixtureDecodes() throws {
        let topology = try Build.demoTopology()
        #expect(topology.clusterNames == ["cluster-1", "cluster-2"])
        let cluster = try #require(topology.cluster(named: "cluster-2"))
        #expect(cluster.locality == (try Locality(region: "region-2")))
        #expect(cluster.ingressEndpoints.map(\.address.description) == ["10.0.2.10:443"])
        #expect(cluster.gateways.map(\.name) == ["bookinfo-ingress-2"])
        #expect(cluster.gateways.allSatisfy { $0.role == .workload })
        #expect(cluster.servedHostnames == [try Hostname(Build.bookinfo)])
        #expect(cluster.serves(try Hostname(Build.bookinfo)))
        #expect(!cluster.serves(try Hostname("details.tse.tetratelabs.io")))
        #expect(topology.cluster(named: "cluster-3") == nil)
    }

    @Test(arguments: ["demo", "three-regions"])
    func roundTrips(name: String) throws {
        let topology = try Topology(json: Fixtures.bytes("topology/\(name).json"))
        let encoded = try JSONConfiguration.encode(topology)
        #expect(try Topology(json: encoded) == topology)
    }

    @Test func effectiveLabelsAreDerived() throws {
        let topology = try Topology(json: Fixtures.bytes("topology/three-regions.json"))
        let east = try #require(topology.cluster(named: "east-a"))
        #expect(
            east.effectiveLabels == [
                "tier": "gold", TopologyLabel.region: "us-east", TopologyLabel.zone: "us-east-a",
                TopologyLabel.network: "net-1",
            ]
        )
        #expect(east.locality.description == "us-east/us-east-a")
        let west = try #require(topology.cluster(named: "west"))
        #expect(west.effectiveLabels[TopologyLabel.zone] == nil)
        // A network given only as a label is the cluster's network.
        let labelled = try WorkloadCluster(
            name: "c",
            locality: Locality(region: "r"),
            labels: [TopologyLabel.network: "net-9", TopologyLabel.region: "r"]
        )
        #expect(labelled.effectiveNetwork == "net-9")
        let edge = try EdgeLocation(locality: Locality(region: "r", zone: "z"), network: "n", labels: ["a": "b"])
        #expect(
            edge.effectiveLabels == [
                "a": "b", TopologyLabel.region: "r", TopologyLabel.zone: "z", TopologyLabel.network: "n",
            ]
        )
    }

    @Test func edgeLocationDecodes() throws {
        let edge = try JSONConfiguration.decode(
            EdgeLocation.self,
            from: Array(
                #"{"locality": {"region": "region-1", "zone": "z1"}, "network": "n1", "labels": {"a": "b"}}"#.utf8
            )
        )
        #expect(
            edge
                == (try EdgeLocation(
                    locality: Locality(region: "region-1", zone: "z1"),
                    network: "n1",
                    labels: ["a": "b"]
                ))
        )
        #expect(
            try JSONConfiguration.decode(EdgeLocation.self, from: Array(JSONConfiguration.encode(edge).utf8)) == edge
        )
        let error = try #require(throws: ConfigurationError.self) {
            try JSONConfiguration.decode(
                EdgeLocation.self,
                from: Array(#"{"locality": {"region": "r"}, "zone": "z"}"#.utf8)
            )
        }
        #expect(error.path == "zone")
        #expect(error.code == .unknownField)
    }

    @Test func removingAndRestoringAGateway() throws {
        let topology = try Build.demoTopology()
        let removed = topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1")
        #expect(removed.cluster(named: "cluster-1")?.gateways.isEmpty == true)
        #expect(removed.cluster(named: "cluster-2") == topology.cluster(named: "cluster-2"))
        // Removing what is not there changes nothing.
        #expect(removed.removingGateway(named: "bookinfo-ingress-1", fromCluster: "cluster-1") == removed)
        #expect(topology.removingGateway(named: "nope", fromCluster: "cluster-1") == topology)
        #expect(topology.removingGateway(named: "bookinfo-ingress-1", fromCluster: "nope") == topology)
        let gateway = try #require(topology.cluster(named: "cluster-1")?.gateways.first)
        let restored = try removed.addingGateway(gateway, toCluster: "cluster-1")
        #expect(restored == topology)
        // Applying a Gateway of the same name again replaces it.
        #expect(try restored.addingGateway(gateway, toCluster: "cluster-1") == topology)
    }

    @Test func addingInvalidThingsThrowsAndChangesNothing() throws {
        let topology = try Build.demoTopology()
        let edgeGateway = try Build.edgeGateway(.automatic)
        let error = try #require(throws: ConfigurationError.self) {
            try topology.addingGateway(edgeGateway, toCluster: "cluster-2")
        }
        #expect(error.path == "clusters[1].gateways[1].spec.http[0].routing.rules[0].route")
        #expect(throws: ConfigurationError.self) {
            try topology.addingGateway(Build.workloadGateway("g", hostnames: ["a.example"]), toCluster: "cluster-9")
        }
        let taken = try IngressEndpoint("10.0.1.10:443")
        let duplicate = try #require(throws: ConfigurationError.self) {
            try topology.addingIngressEndpoint(taken, toCluster: "cluster-2")
        }
        #expect(duplicate.path == "clusters[1].ingressEndpoints[1].address")
        #expect(topology == (try Build.demoTopology()))
    }

    @Test func editingEndpointsAndClusters() throws {
        let topology = try Build.demoTopology()
        let added = try topology.addingIngressEndpoint(
            IngressEndpoint("10.0.2.11:443", weight: 2),
            toCluster: "cluster-2"
        )
        #expect(
            added.cluster(named: "cluster-2")?.ingressEndpoints.map(\.description) == [
                "10.0.2.10:443", "10.0.2.11:443 (weight 2)",
            ]
        )
        let removed = added.removingIngressEndpoint(try EndpointAddress("10.0.2.10:443"), fromCluster: "cluster-2")
        #expect(
            removed.cluster(named: "cluster-2")?.ingressEndpoints.map(\.description) == ["10.0.2.11:443 (weight 2)"]
        )
        #expect(topology.removingCluster(named: "cluster-1").clusterNames == ["cluster-2"])
        #expect(topology.removingCluster(named: "cluster-9") == topology)
        let cluster3 = try Build.cluster("cluster-3", region: "region-3", endpoints: ["10.0.3.10:443"])
        #expect(try topology.updating(cluster3).clusterNames == ["cluster-1", "cluster-2", "cluster-3"])
        let moved = try Build.cluster("cluster-1", region: "region-9", endpoints: ["10.0.1.10:443"])
        let updated = try topology.updating(moved)
        #expect(updated.clusterNames == ["cluster-1", "cluster-2"])
        #expect(updated.cluster(named: "cluster-1")?.locality.region == "region-9")
        #expect(Topology.empty.clusters.isEmpty)
    }
}
