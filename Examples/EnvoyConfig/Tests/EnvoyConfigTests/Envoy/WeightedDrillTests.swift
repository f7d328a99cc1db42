import Foundation
import Testing

extension EnvoyIntegration {
    /// The guide's weighted destination (50/50) on a real Envoy: a strict split, no failover between
    /// clusters, and `503 no healthy upstream` for the share of a cluster that cannot serve.
    @Suite("Weighted drills")
    struct WeightedDrillTests {
        /// 200 requests split 50/50 land between 60 and 140 on each side unless the split is broken:
        /// the binomial standard deviation is about 7, so the bounds are more than 5 deviations away.
        static let requests = 200
        static let share = 60...140

        @Test("Both clusters healthy: the split follows the weights")
        func split() throws {
            let (workspace, one, two) = try Self.setUp("weighted-split")
            defer { StubIngress.stop(one, two) }
            let envoy = try workspace.startStatic(
                edge: workspace.path("edge.json"),
                topology: workspace.path("topology.json")
            )
            let responses = try sendRequests(Self.requests, port: try envoy.listenerPort())
            #expect(responses.allSatisfy { $0.status == 200 })
            let counts = bodies(responses)
            #expect(Self.share.contains(counts["cluster-1"] ?? 0), "\(counts)")
            #expect(Self.share.contains(counts["cluster-2"] ?? 0), "\(counts)")
            #expect(one.requests + two.requests == Self.requests)
            envoy.stop()
            workspace.remove()
        }

        @Test("cluster-2's ingress fails: its share gets 503, never cluster-1")
        func deadIngress() throws {
            let (workspace, one, two) = try Self.setUp("weighted-dead-ingress")
            defer { StubIngress.stop(one, two) }
            let envoy = try workspace.startStatic(
                edge: workspace.path("edge.json"),
                topology: workspace.path("topology.json")
            )
            two.mode = .reset
            let responses = try sendRequests(Self.requests, port: try envoy.listenerPort())
            let failed = responses.filter { $0.status != 200 }
            #expect(Self.share.contains(failed.count), "\(failed.count) failures")
            #expect(failed.allSatisfy { $0.status == 503 })
            #expect(bodies(responses.filter { $0.status == 200 }).keys.sorted() == ["cluster-1"])
            // Once outlier detection ejected cluster-2's only endpoint, its share is answered at once.
            #expect(failed.contains { $0.body == "no healthy upstream" })
            #expect(one.requests == Self.requests - failed.count)
            envoy.stop()
            workspace.remove()
        }

        @Test("cluster-2's Gateway is deleted: its share gets 503 no healthy upstream, and cluster-2 sees nothing")
        func deletedGateway() throws {
            let (workspace, one, two) = try Self.setUp("weighted-deleted-gateway", cluster2Serves: false)
            defer { StubIngress.stop(one, two) }
            let run = try workspace.envoyConfig([
                "--edge", workspace.path("edge.json"), "--topology", workspace.path("topology.json"),
                "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--output", workspace.path("envoy.json"),
            ])
            #expect(run.errors.contains("resolution: noGatewayForHostname"))
            try FileManager.default.createDirectory(atPath: workspace.path("envoy"), withIntermediateDirectories: true)
            let envoy = try EnvoyProcess(bootstrap: workspace.path("envoy.json"), directory: workspace.path("envoy"))
            let responses = try sendRequests(Self.requests, port: try envoy.listenerPort())
            let failed = responses.filter { $0.status != 200 }
            #expect(Self.share.contains(failed.count), "\(failed.count) failures")
            #expect(failed.allSatisfy { $0.status == 503 && $0.body == "no healthy upstream" })
            #expect(two.requests == 0)
            #expect(one.requests == Self.requests - failed.count)
            envoy.stop()
            workspace.remove()
        }

        private static func setUp(
            _ name: String,
            cluster2Serves: Bool = true
        ) throws -> (Workspace, StubIngress, StubIngress) {
            let workspace = try Workspace(name)
            let one = try StubIngress(cluster: "cluster-1")
            let two = try StubIngress(cluster: "cluster-2")
            try workspace.write(
                "topology.json",
                TestDocuments.topology([
                    .init("cluster-1", region: "region-1", endpoints: [one.address]),
                    .init("cluster-2", region: "region-2", endpoints: [two.address], servesHostname: cluster2Serves),
                ])
            )
            try workspace.write(
                "edge.json",
                TestDocuments.edgeGateway(TestDocuments.weighted([("cluster-1", 50), ("cluster-2", 50)]))
            )
            return (workspace, one, two)
        }
    }
}
