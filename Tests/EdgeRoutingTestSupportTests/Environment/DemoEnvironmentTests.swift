import EdgeRouting
import EdgeRoutingTestSupport
import Testing

@Suite struct DemoEnvironmentTests {
    @Test func theDemoIsTheGuidesEnvironment() throws {
        let topology = DemoEnvironment.topology()
        #expect(topology.clusterNames == ["cluster-1", "cluster-2"])
        #expect(topology.clusters.map(\.locality.region) == ["region-1", "region-2"])
        #expect(
            topology.clusters.map { $0.gateways.compactMap(\.name) } == [
                ["bookinfo-ingress-1"], ["bookinfo-ingress-2"],
            ]
        )
        #expect(
            topology.clusters.map { $0.gateways.first?.spec.workloadSelector?.labels["app"] } == [
                "ingressgw-1", "ingressgw-2",
            ]
        )
        let service = topology.clusters[0].gateways[0].spec.http[0].rules[0].route.serviceDestination
        #expect(service?.host == "bookinfo/productpage.bookinfo.svc.cluster.local")
        #expect(DemoEnvironment.edge.locality.region == "region-1")
        #expect(DemoEnvironment.request.authority == "bookinfo.tse.tetratelabs.io")
    }

    @Test(arguments: DemoEnvironment.Destination.allCases)
    func everyVariantResolves(destination: DemoEnvironment.Destination) throws {
        let deployment = DemoEnvironment.deployment(destination)
        #expect(deployment.primaryHostname == "bookinfo.tse.tetratelabs.io")
        let plan = try #require(deployment.routeTable().servers.first?.rules.first?.plan)
        switch destination {
        case .automatic, .named:
            #expect(plan.failover?.tiers.map(\.clusterNames) == [["cluster-1"], ["cluster-2"]])
        case .weighted:
            #expect(plan.weighted?.targets.map(\.entry.weight) == [50, 50])
        }
        #expect(deployment.primaryDestinationForm?.description == destination.rawValue)
    }

    @Test func severalEndpointsPerCluster() throws {
        let topology = DemoEnvironment.topology(endpointsPerCluster: 3)
        #expect(topology.clusters.map(\.ingressEndpoints.count) == [3, 3])
        #expect(topology.clusters[1].ingressEndpoints[2].address.description == "ingressgw-2-2.cluster-2.example:443")
    }
}

@Suite struct TopologyBuilderTests {
    @Test func zonesAndRegionsRankIntoTiers() throws {
        let deployment = try TopologyBuilder(edgeRegion: "eu-west", edgeZone: "eu-west-a")
            .cluster("eu-1", region: "eu-west", zone: "eu-west-a", endpoints: 2, serving: ["shop.example.com"])
            .cluster("eu-2", region: "eu-west", zone: "eu-west-b", serving: ["shop.example.com"])
            .cluster("us-1", region: "us-east", serving: ["shop.example.com"])
            .cluster("idle", region: "us-east")
            .deployment(hostname: "shop.example.com", destination: .automatic)
        let plan = try #require(deployment.routeTable().servers.first?.rules.first?.plan.failover)
        #expect(plan.tiers.map(\.clusterNames) == [["eu-1"], ["eu-2"], ["us-1"]])
        #expect(
            deployment.topology.clusters[0].ingressEndpoints.map(\.address.description) == [
                "10.0.1.10:443", "10.0.1.11:443",
            ]
        )
        #expect(deployment.topology.clusters[0].gateways.compactMap(\.name) == ["shop-eu-1"])
        #expect(TopologyBuilder.gatewayName(hostname: "*.example.com", cluster: "c") == "example-c")
    }

    @Test func invalidDeclarationsNameTheCluster() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try TopologyBuilder().cluster("ok", region: "r1").cluster("bad name!", region: "r1").build()
        }
        #expect(error.path == "clusters[1].name")
        let address = try #require(throws: ConfigurationError.self) {
            try TopologyBuilder().cluster("c", region: "r1", addresses: ["no-port"]).build()
        }
        #expect(address.path.hasPrefix("clusters[0].ingressEndpoints[0]"))
    }

    @Test func endpointsCarryTheirWeights() throws {
        let topology = try TopologyBuilder()
            .cluster("c1", region: "r1", endpoints: 3, weights: [1, 2, 5])
            .cluster("c2", region: "r2", addresses: ["a.example:443", "b.example:443"], weights: [7, 1])
            .cluster("c3", region: "r2", endpoints: 2)
            .build()
        #expect(topology.clusters.map { $0.ingressEndpoints.map(\.weight) } == [[1, 2, 5], [7, 1], [1, 1]])
        #expect(topology.clusters[1].ingressEndpoints[0].description == "a.example:443 (weight 7)")
    }

    @Test func weightsThatDoNotFitAreRejectedWithTheirPath() throws {
        let count = try #require(throws: ConfigurationError.self) {
            try TopologyBuilder().cluster("ok", region: "r1").cluster("c", region: "r1", endpoints: 2, weights: [1])
                .build()
        }
        #expect(count.path == "clusters[1].ingressEndpoints")
        #expect(count.message.contains("1 weights for 2 endpoints"))
        let zero = try #require(throws: ConfigurationError.self) {
            try TopologyBuilder().cluster("c", region: "r1", endpoints: 2, weights: [3, 0]).build()
        }
        #expect(zero.path == "clusters[0].ingressEndpoints[1].weight")
    }

    @Test func gatewayBuilderMakesEdgeAndWorkloadGateways() throws {
        let edge = try GatewayBuilder.edge(hostname: "Shop.Example.com", destination: .named(["a"]), port: 8080)
        #expect(edge.role == .edge)
        #expect(edge.spec.http[0].hostname.value == "shop.example.com")
        #expect(edge.spec.http[0].port == 8080)
        let workload = try GatewayBuilder.workload(name: "w", hostname: "shop.example.com", servicePort: 80)
        #expect(workload.role == .workload)
        #expect(workload.name == "w")
    }
}
