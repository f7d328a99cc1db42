import Testing

@testable import EdgeRouting

/// Priority tiers follow Istio's `applyLocalityFailover` and `applyFailoverPriorities`.
@Suite struct TierRankingTests {
    private func failover(_ priority: [String] = [], _ regional: [(String, String)] = []) throws -> FailoverSettings {
        try FailoverSettings(
            failoverPriority: priority,
            regionalFailover: regional.map { try RegionalFailover(from: $0.0, to: $0.1) }
        )
    }

    private func tiers(
        _ topology: Topology,
        edge: EdgeLocation,
        settings: FailoverSettings? = nil
    ) throws -> [[String]] {
        let table = try Build.table(Build.edgeGateway(.automatic, failover: settings), topology, edge: edge)
        return try #require(table.firstPlan).tierNames
    }

    // MARK: Locality

    @Test(
        arguments: [
            // (edge zone, cluster region, cluster zone, Istio's locality priority)
            ("z1", "r1", "z1", 0),
            ("z1", "r1", "z2", 2),
            ("z1", "r1", nil, 2),
            (nil, "r1", nil, 0),
            (nil, "r1", "z1", 2),
            ("z1", "r2", "z1", 3),
            (nil, "r2", nil, 3),
        ] as [(String?, String, String?, Int)]
    )
    func localityPriority(edgeZone: String?, region: String, zone: String?, expected: Int) throws {
        let ranking = TierRanking(edge: try EdgeLocation(region: "r1", zone: edgeZone), settings: nil)
        #expect(ranking.localityPriority(of: try Locality(region: region, zone: zone)) == expected)
    }

    @Test func regionalFailoverDemotesRegionsOtherThanTheTarget() throws {
        let settings = try self.failover([], [("r1", "r3"), ("r2", "r1")])
        let ranking = TierRanking(edge: try EdgeLocation(region: "r1"), settings: settings)
        #expect(ranking.localityPriority(of: try Locality(region: "r1")) == 0)
        #expect(ranking.localityPriority(of: try Locality(region: "r3")) == 3)
        #expect(ranking.localityPriority(of: try Locality(region: "r2")) == 4)
        #expect(ranking.localityPriority(of: try Locality(region: "r4")) == 4)
        // A rule for another region does not apply to this edge.
        let other = TierRanking(edge: try EdgeLocation(region: "r5"), settings: settings)
        #expect(other.localityPriority(of: try Locality(region: "r2")) == 3)
    }

    @Test func threeRegionsAndZones() throws {
        let topology = try Topology(json: Fixtures.bytes("topology/three-regions.json"))
        let edge = try EdgeLocation(region: "us-east", zone: "us-east-a")
        let host = "www.shop.example.com"
        func tiers(_ settings: FailoverSettings?) throws -> [[String]] {
            let gateway = try Build.edgeGateway(.automatic, hostname: host, failover: settings)
            return try #require(try Build.table(gateway, topology, edge: edge).firstPlan).tierNames
        }
        // Same zone, then same region, then every other region together.
        #expect(try tiers(nil) == [["east-a"], ["east-b"], ["west", "europe"]])
        // Failing over to eu-central first pushes us-west to a later tier.
        #expect(
            try tiers(self.failover([], [("us-east", "eu-central")])) == [["east-a"], ["east-b"], ["europe"], ["west"]]
        )
        #expect(
            try tiers(self.failover([], [("us-east", "us-west")])) == [["east-a"], ["east-b"], ["west"], ["europe"]]
        )
        // A rule for another region changes nothing here.
        #expect(
            try tiers(self.failover([], [("us-west", "eu-central")])) == [["east-a"], ["east-b"], ["west", "europe"]]
        )
        // An edge without a zone: zoned clusters of its region share a tier.
        let zoneless = try Build.table(
            Build.edgeGateway(.automatic, hostname: host),
            topology,
            edge: EdgeLocation(region: "us-east")
        )
        #expect(zoneless.firstPlan?.tierNames == [["east-a", "east-b"], ["west", "europe"]])
    }

    @Test func aZonelessClusterOfTheRegionComesFirstForAZonelessEdge() throws {
        let topology = try Topology(clusters: [
            Build.cluster("zoned", region: "r1", zone: "z1", endpoints: ["10.0.0.1:443"]),
            Build.cluster("remote", region: "r2", endpoints: ["10.0.0.2:443"]),
            Build.cluster("zoneless", region: "r1", endpoints: ["10.0.0.3:443"]),
        ])
        #expect(try self.tiers(topology, edge: EdgeLocation(region: "r1")) == [["zoneless"], ["zoned"], ["remote"]])
        #expect(
            try self.tiers(topology, edge: EdgeLocation(region: "r1", zone: "z1")) == [
                ["zoned"], ["zoneless"], ["remote"],
            ]
        )
        #expect(try self.tiers(topology, edge: EdgeLocation(region: "r3")) == [["zoned", "remote", "zoneless"]])
    }

    // MARK: Failover priority

    @Test(
        arguments: [
            // Istio's "match all labels": keys [key, network, cluster]; the edge has key=value, n2, c2.
            ([:], 3),
            (["key": "value", "cluster": "c2", "net": "n2"], 0),
            (["key": "value", "cluster": "c4", "net": "n2"], 1),
            (["key": "value", "cluster": "c2", "net": "n1"], 2),
            (["cluster": "c2", "net": "n2"], 3),
        ] as [([String: String], Int)]
    )
    func labelPriority(labels: [String: String], expected: Int) throws {
        let edge = try EdgeLocation(
            locality: Locality(region: "r1"),
            labels: ["key": "value", "net": "n2", "cluster": "c2"]
        )
        let ranking = TierRanking(edge: edge, settings: try self.failover(["key", "net", "cluster"]))
        #expect(ranking.labelPriority(of: labels) == expected)
    }

    /// Istio's `FailoverPriority with Failover` test, with clusters for its endpoints: labels rank first,
    /// locality (with the `region1 → region2` failover rule) breaks ties. Expected priorities are Istio's.
    @Test func failoverPriorityWithRegionalFailoverMatchesIstio() throws {
        let clusters: [(String, String, String, String, String)] = [
            ("ep-1", "region1", "zone1", "n1", "c1"),
            ("ep-2", "region1", "zone2", "n2", "c2"),
            ("ep-3", "region2", "zone2", "n1", "c3"),
            ("ep-4", "region3", "zone3", "n2", "c4"),
            ("ep-5", "region2", "zone2", "n2", "c2"),
            ("ep-6", "region3", "zone3", "n1", "c6"),
        ]
        let topology = try Topology(
            clusters: clusters.enumerated().map { index, spec in
                try Build.cluster(
                    spec.0,
                    region: spec.1,
                    zone: spec.2,
                    labels: ["topology.istio.io/cluster": spec.4],
                    network: spec.3,
                    endpoints: ["10.0.0.\(index + 1):443"]
                )
            }
        )
        let edge = try EdgeLocation(
            locality: Locality(region: "region1", zone: "zone1"),
            network: "n2",
            labels: ["topology.istio.io/cluster": "c2"]
        )
        let settings = try self.failover(
            [TopologyLabel.network, "topology.istio.io/cluster"],
            [("region1", "region2")]
        )
        let table = try Build.table(Build.edgeGateway(.automatic, failover: settings), topology, edge: edge)
        let failover = try #require(table.firstPlan?.failover)
        let priorities = clusters.map { failover.tierIndex(ofCluster: $0.0) }
        #expect(priorities == [3, 0, 4, 2, 1, 5])
    }

    /// Istio applies only the labels when `failoverPriority` is set without `failover`: locality no
    /// longer matters (Istio's "match network label" case).
    @Test func failoverPriorityAloneIgnoresLocality() throws {
        let topology = try Topology(clusters: [
            Build.cluster("local-n1", region: "r1", network: "n1", endpoints: ["10.0.0.1:443"]),
            Build.cluster("local-n2", region: "r1", network: "n2", endpoints: ["10.0.0.2:443"]),
            Build.cluster("remote-n1", region: "r2", network: "n1", endpoints: ["10.0.0.3:443"]),
            Build.cluster("far-n1", region: "r3", network: "n1", endpoints: ["10.0.0.4:443"]),
        ])
        let edge = try EdgeLocation(locality: Locality(region: "r1"), network: "n1")
        let settings = try self.failover([TopologyLabel.network])
        #expect(
            try self.tiers(topology, edge: edge, settings: settings) == [
                ["local-n1", "remote-n1", "far-n1"], ["local-n2"],
            ]
        )
        // Listing the derived region label restores a region-first order.
        let byRegion = try self.failover([TopologyLabel.region, TopologyLabel.network])
        #expect(
            try self.tiers(topology, edge: edge, settings: byRegion) == [
                ["local-n1"], ["local-n2"], ["remote-n1", "far-n1"],
            ]
        )
        // Every cluster mismatching the first label: one tier (Istio's "match none label").
        let none = try EdgeLocation(locality: Locality(region: "r1"), network: "n9")
        #expect(
            try self.tiers(topology, edge: none, settings: settings) == [
                ["local-n1", "local-n2", "remote-n1", "far-n1"]
            ]
        )
    }

    @Test func aLabelCountsOnlyWhileEveryEarlierLabelMatched() throws {
        let topology = try Topology(clusters: [
            Build.cluster("both", region: "r1", labels: ["a": "1", "b": "1"], endpoints: ["10.0.0.1:443"]),
            Build.cluster("only-b", region: "r1", labels: ["a": "2", "b": "1"], endpoints: ["10.0.0.2:443"]),
            Build.cluster("only-a", region: "r1", labels: ["a": "1", "b": "2"], endpoints: ["10.0.0.3:443"]),
            Build.cluster("none", region: "r1", labels: ["a": "2", "b": "2"], endpoints: ["10.0.0.4:443"]),
        ])
        let edge = try EdgeLocation(locality: Locality(region: "r1"), labels: ["a": "1", "b": "1"])
        let tiers = try self.tiers(topology, edge: edge, settings: self.failover(["a", "b"]))
        #expect(tiers == [["both"], ["only-a"], ["only-b", "none"]])
    }

    @Test func tiersAreCappedAt32() throws {
        let keys = (0..<40).map { "l\($0)" }
        var edgeLabels: [String: String] = [:]
        for key in keys { edgeLabels[key] = "x" }
        // Cluster k matches the first k labels: 41 distinct label priorities.
        let topology = try Topology(
            clusters: (0...40).map { k in
                var labels: [String: String] = [:]
                for (index, key) in keys.enumerated() { labels[key] = index < k ? "x" : "y" }
                return try Build.cluster("c\(k)", region: "r1", labels: labels, endpoints: ["10.0.1.\(k):443"])
            }
        )
        let edge = try EdgeLocation(locality: Locality(region: "r1"), labels: edgeLabels)
        let table = try Build.table(
            Build.edgeGateway(.automatic, failover: self.failover(keys)),
            topology,
            edge: edge
        )
        let plan = try #require(table.firstPlan)
        #expect(plan.tierNames.count == FailoverPlan.maximumTierCount)
        #expect(plan.tierNames.first == ["c40"])
        #expect(plan.tierNames[30] == ["c10"])
        #expect(plan.tierNames.last == (0...9).reversed().map { "c\($0)" })
        #expect(plan.clusters.count == 41)
        #expect(table.diagnostics.map(\.kind) == [.tiersFolded])
        #expect(table.diagnostics.first?.message.contains("41 priority levels") == true)
    }

    @Test func plansDropEmptyTiersAndFoldExtraOnes() throws {
        let cluster = ResolvedCluster(name: "c", locality: try Locality(region: "r"), endpoints: [])
        let tiers = (0..<40).map { index in PriorityTier(clusters: index.isMultiple(of: 2) ? [cluster] : []) }
        #expect(FailoverPlan(tiers: tiers).tiers.count == 20)
        let many = (0..<40).map { _ in PriorityTier(clusters: [cluster]) }
        let plan = FailoverPlan(tiers: many)
        #expect(plan.tiers.count == 32)
        #expect(plan.tiers.last?.clusters.count == 9)
        #expect(FailoverPlan(tiers: []).description == "no clusters")
    }
}
