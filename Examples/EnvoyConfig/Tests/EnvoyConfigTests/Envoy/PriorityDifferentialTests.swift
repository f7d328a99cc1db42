import EdgeRouting
import EdgeRoutingFiles
import EnvoyExport
import Foundation
import Testing

extension EnvoyIntegration {
    /// Differential: for topologies that exercise every ranking rule, the priority, locality and weight
    /// Envoy reports for each host on its admin `/clusters?format=json` are the tier, cluster and weight
    /// `RouteTable` computes, and the route weights in `/config_dump` are the weighted plan's.
    @Suite("Priorities: Envoy against RouteTable")
    struct PriorityDifferentialTests {
        struct Case: CustomTestStringConvertible, Sendable {
            let name: String
            let edgeGateway: JSONValue
            let topology: JSONValue
            /// The tiers by Istio's rules, worked out by hand: a check that the case ranks at all.
            let tiers: String?
            var testDescription: String { self.name }
        }

        /// Each cluster gets its own loopback ports (never connected to: Envoy only reports them).
        static func endpoints(_ cluster: Int, count: Int = 1) -> [String] {
            (0..<count).map { "127.0.0.1:\(21_000 + cluster * 10 + $0)" }
        }

        static let cases: [Case] = [
            Case(
                name: "three regions with regionalFailover region-1 → region-3",
                edgeGateway: TestDocuments.edgeGateway(
                    failoverSettings: ["regionalFailover": [["from": "region-1", "to": "region-3"]]]
                ),
                topology: TestDocuments.topology([
                    .init("cluster-1", region: "region-1", endpoints: endpoints(1, count: 2)),
                    .init("cluster-2", region: "region-2", endpoints: endpoints(2)),
                    .init("cluster-3", region: "region-3", endpoints: endpoints(3)),
                    .init("cluster-4", region: "region-2", endpoints: endpoints(4)),
                ]),
                tiers: "P0 {cluster-1} P1 {cluster-3} P2 {cluster-2, cluster-4}"
            ),
            Case(
                name: "zones: same zone, same region, other region",
                edgeGateway: TestDocuments.edgeGateway(),
                topology: TestDocuments.topology(
                    edgeZone: "zone-a",
                    [
                        .init("cluster-1", region: "region-1", zone: "zone-a", endpoints: endpoints(1)),
                        .init("cluster-2", region: "region-1", zone: "zone-b", endpoints: endpoints(2)),
                        .init("cluster-3", region: "region-2", zone: "zone-a", endpoints: endpoints(3)),
                    ]
                ),
                tiers: "P0 {cluster-1} P1 {cluster-2} P2 {cluster-3}"
            ),
            Case(
                name: "failoverPriority labels",
                edgeGateway: TestDocuments.edgeGateway(failoverSettings: ["failoverPriority": ["tier", "env"]]),
                topology: TestDocuments.topology(
                    edgeLabels: ["tier": "gold", "env": "prod"],
                    [
                        .init(
                            "cluster-1",
                            region: "region-2",
                            labels: ["tier": "gold", "env": "prod"],
                            endpoints: endpoints(1)
                        ),
                        .init(
                            "cluster-2",
                            region: "region-1",
                            labels: ["tier": "gold", "env": "dev"],
                            endpoints: endpoints(2)
                        ),
                        .init(
                            "cluster-3",
                            region: "region-1",
                            labels: ["tier": "silver", "env": "prod"],
                            endpoints: endpoints(3)
                        ),
                        .init("cluster-4", region: "region-3", endpoints: endpoints(4)),
                    ]
                ),
                tiers: "P0 {cluster-1} P1 {cluster-2} P2 {cluster-3, cluster-4}"
            ),
            Case(
                name: "failoverPriority with regionalFailover (labels first, locality breaks ties)",
                edgeGateway: TestDocuments.edgeGateway(
                    failoverSettings: [
                        "failoverPriority": ["tier"], "regionalFailover": [["from": "region-1", "to": "region-2"]],
                    ]
                ),
                topology: TestDocuments.topology(
                    edgeLabels: ["tier": "gold"],
                    [
                        .init("cluster-1", region: "region-3", labels: ["tier": "gold"], endpoints: endpoints(1)),
                        .init("cluster-2", region: "region-2", labels: ["tier": "gold"], endpoints: endpoints(2)),
                        .init("cluster-3", region: "region-1", labels: ["tier": "silver"], endpoints: endpoints(3)),
                        .init("cluster-4", region: "region-1", labels: ["tier": "gold"], endpoints: endpoints(4)),
                    ]
                ),
                tiers: "P0 {cluster-4} P1 {cluster-2} P2 {cluster-1} P3 {cluster-3}"
            ),
            Case(
                name: "a named list: only the listed clusters that serve the hostname",
                edgeGateway: TestDocuments.edgeGateway(TestDocuments.named(["cluster-3", "cluster-2", "missing"])),
                topology: TestDocuments.topology([
                    .init("cluster-1", region: "region-1", endpoints: endpoints(1)),
                    .init("cluster-2", region: "region-2", endpoints: endpoints(2)),
                    .init("cluster-3", region: "region-3", endpoints: endpoints(3)),
                    .init("cluster-4", region: "region-1", endpoints: endpoints(4), servesHostname: false),
                ]),
                tiers: "P0 {cluster-3, cluster-2}"
            ),
            Case(
                name: "weights: by name, by labels (pooled), weighted endpoints, a dead share",
                edgeGateway: TestDocuments.edgeGateway([
                    "clusters": [
                        ["name": "cluster-1", "weight": 70], ["labels": ["canary": "true"], "weight": 20],
                        ["name": "cluster-4", "weight": 10],
                    ]
                ]),
                topology: TestDocuments.topology([
                    .init("cluster-1", region: "region-1", endpoints: endpoints(1, count: 2)),
                    .init("cluster-2", region: "region-2", labels: ["canary": "true"], endpoints: endpoints(2)),
                    .init("cluster-3", region: "region-3", labels: ["canary": "true"], endpoints: endpoints(3)),
                    .init("cluster-4", region: "region-1", endpoints: endpoints(4), servesHostname: false),
                ]),
                tiers: nil
            ),
        ]

        /// One host as both sides see it.
        struct Host: Hashable, CustomStringConvertible {
            let cluster: String
            let address: String
            let priority: Int
            let workloadCluster: String
            let weight: Int
            var description: String {
                "\(self.cluster) \(self.address) P\(self.priority) \(self.workloadCluster) w\(self.weight)"
            }
        }

        @Test("Envoy's host priorities are RouteTable's tiers", arguments: Self.cases)
        func priorities(_ testCase: Case) throws {
            let workspace = try Workspace("differential")
            let edgeFile = try workspace.write("edge.json", testCase.edgeGateway)
            let topologyFile = try workspace.write("topology.json", testCase.topology)
            let gateway = try ConfigurationFile.load(Gateway.self, from: edgeFile)
            let deployment = try ConfigurationFile.load(DeploymentFile.self, from: topologyFile)
            let table = try RouteTable(gateway: gateway, edgeLocation: deployment.edge, topology: deployment.topology)

            var expected: Set<Host> = []
            var expectedWeights: [[String: Int]] = []
            for plan in table.plans {
                if let failover = plan.failover {
                    let name = EnvoyNames.cluster(for: plan.identity)
                    for (tier, priority) in failover.tiers.enumerated() {
                        for cluster in priority.clusters {
                            expected.formUnion(Self.hosts(of: cluster, in: name, priority: tier))
                        }
                    }
                } else if let weighted = plan.weighted {
                    let names = EnvoyNames.weightedTargets(for: plan.identity)
                    for (target, name) in zip(weighted.targets, names) {
                        for cluster in target.clusters {
                            expected.formUnion(Self.hosts(of: cluster, in: name, priority: 0))
                        }
                    }
                    expectedWeights.append(
                        Dictionary(uniqueKeysWithValues: zip(names, weighted.targets.map { Int($0.weight) }))
                    )
                }
            }
            #expect(!expected.isEmpty)
            let failoverTiers = table.plans.compactMap(\.failover).map(\.description)
            #expect(failoverTiers == (testCase.tiers.map { [$0] } ?? []))

            let envoy = try workspace.startStatic(edge: edgeFile, topology: topologyFile)
            let reported = try Self.reportedHosts(envoy)
            #expect(
                reported == expected,
                "only Envoy: \(reported.subtracting(expected)); only RouteTable: \(expected.subtracting(reported))"
            )
            // The dump holds the listener more than once (its configuration and its active state).
            let routeWeights = Self.weightedClusters(in: try envoy.adminJSON("/config_dump"))
            #expect(Set(routeWeights) == Set(expectedWeights))
            #expect(routeWeights.isEmpty == expectedWeights.isEmpty)
            envoy.stop()
            workspace.remove()
        }

        private static func hosts(of cluster: ResolvedCluster, in envoyCluster: String, priority: Int) -> [Host] {
            cluster.endpoints.map { endpoint in
                Host(
                    cluster: envoyCluster,
                    address: endpoint.address.description,
                    priority: priority,
                    workloadCluster: cluster.name,
                    weight: Int(endpoint.weight)
                )
            }
        }

        /// Every host of every cluster, as `/clusters?format=json` reports it (a priority of 0 is left
        /// out of Envoy's JSON).
        private static func reportedHosts(_ envoy: EnvoyProcess) throws -> Set<Host> {
            let json = try envoy.adminJSON("/clusters?format=json") as? [String: Any]
            var hosts: Set<Host> = []
            for cluster in json?["cluster_statuses"] as? [[String: Any]] ?? [] {
                let name = cluster["name"] as? String ?? ""
                for host in cluster["host_statuses"] as? [[String: Any]] ?? [] {
                    let socket = (host["address"] as? [String: Any])?["socket_address"] as? [String: Any]
                    let locality = host["locality"] as? [String: Any]
                    hosts.insert(
                        Host(
                            cluster: name,
                            address: "\(socket?["address"] as? String ?? ""):\(socket?["port_value"] as? Int ?? 0)",
                            priority: host["priority"] as? Int ?? 0,
                            workloadCluster: locality?["sub_zone"] as? String ?? "",
                            weight: host["weight"] as? Int ?? 0
                        )
                    )
                }
            }
            return hosts
        }

        /// The `weighted_clusters` of every route in a config dump, as name → weight.
        private static func weightedClusters(in value: Any) -> [[String: Int]] {
            if let object = value as? [String: Any] {
                if let weighted = object["weighted_clusters"] as? [String: Any] {
                    let clusters = weighted["clusters"] as? [[String: Any]] ?? []
                    return [
                        Dictionary(
                            uniqueKeysWithValues: clusters.map {
                                ($0["name"] as? String ?? "", $0["weight"] as? Int ?? 0)
                            }
                        )
                    ]
                }
                return object.keys.sorted().flatMap { self.weightedClusters(in: object[$0] as Any) }
            }
            if let array = value as? [Any] {
                return array.flatMap { self.weightedClusters(in: $0) }
            }
            return []
        }
    }
}
