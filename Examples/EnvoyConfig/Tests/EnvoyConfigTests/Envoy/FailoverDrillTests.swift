import EnvoyExport
import Foundation
import Testing

extension EnvoyIntegration {
    /// The guide's drills for the automatic and named destinations, on a real Envoy in front of two stub
    /// ingress gateways: cluster-1 in the edge's region, cluster-2 in region-2.
    @Suite("Failover drills")
    struct FailoverDrillTests {
        enum Destination: String, CaseIterable {
            case automatic
            case named

            var document: JSONValue {
                self == .automatic ? [:] : TestDocuments.named(["cluster-1", "cluster-2"])
            }

            /// The Envoy cluster the exporter names after the destination.
            var cluster: String {
                self == .automatic
                    ? "bookinfo.tse.tetratelabs.io|80|automatic"
                    : "bookinfo.tse.tetratelabs.io|80|named|cluster-1,cluster-2"
            }
        }

        /// The guide's two failures of cluster-1: its upstream service scaled to 0 (the ingress answers
        /// 503) and its ingress gateway scaled to 0 (connections fail).
        static let failures: [StubIngress.Mode] = [.upstreamDown, .reset]

        @Test(
            "Traffic stays in region-1, fails over to cluster-2 without a client error, and comes back",
            arguments: Destination.allCases,
            Self.failures
        )
        func failover(destination: Destination, failure: StubIngress.Mode) throws {
            let workspace = try Workspace("failover-\(destination)")
            let (one, two, topology) = try workspace.guideDemo()
            defer { StubIngress.stop(one, two) }
            let edge = try workspace.write("edge.json", TestDocuments.edgeGateway(destination.document))
            let config = try workspace.write("config.json", TestDocuments.shortEjections)
            let envoy = try workspace.startStatic(edge: edge, topology: topology, config: config)
            let port = try envoy.listenerPort()
            let cluster = destination.cluster

            // Same-region preference: cluster-1 (P0) takes everything while it is healthy.
            let healthy = try sendRequests(20, port: port)
            #expect(healthy.allSatisfy { $0.status == 200 })
            #expect(bodies(healthy) == ["cluster-1": 20])
            #expect(two.requests == 0)

            // cluster-1 fails: every request is retried on cluster-2 (previous_priorities) until outlier
            // detection ejects cluster-1 after 5 consecutive failures; the client sees no error.
            let before = one.requests
            one.mode = failure
            let failingOver = try sendRequests(20, port: port)
            #expect(
                failingOver.filter { $0.status != 200 }.isEmpty,
                "client errors: \(failingOver.filter { $0.status != 200 })"
            )
            #expect(bodies(failingOver) == ["cluster-2": 20])
            #expect(one.requests - before == 5, "cluster-1 should see exactly the 5 attempts that eject it")
            #expect(try envoy.stat("cluster.\(cluster).outlier_detection.ejections_enforced_consecutive_5xx") == 1)
            #expect(try envoy.stat("cluster.\(cluster).upstream_rq_retry_success") == 5)

            // cluster-1 recovers: after its ejection (1 s here) it takes the traffic back.
            one.mode = .serve
            try Polling.until("traffic to return to cluster-1", within: 15) {
                try LoopbackHTTP.request(port: port, path: "/productpage", host: TestDocuments.hostname).body
                    == "cluster-1"
            }
            let back = try sendRequests(10, port: port)
            #expect(bodies(back) == ["cluster-1": 10])
            envoy.stop()
            workspace.remove()
        }

        @Test("A hostname no server serves gets 404, and the authority's case and port do not matter")
        func hostMatching() throws {
            let workspace = try Workspace("hosts")
            let one = try StubIngress(cluster: "cluster-1")
            defer { one.stop() }
            let topology = try workspace.write(
                "topology.json",
                TestDocuments.topology([.init("cluster-1", region: "region-1", endpoints: [one.address])])
            )
            let edge = try workspace.write("edge.json", TestDocuments.edgeGateway())
            let envoy = try workspace.startStatic(edge: edge, topology: topology)
            let port = try envoy.listenerPort()
            let unknown = try LoopbackHTTP.request(port: port, path: "/", host: "other.example.com")
            #expect(unknown.status == 404)
            let mixedCase = try LoopbackHTTP.request(port: port, path: "/", host: "BookInfo.TSE.tetratelabs.io:8080")
            #expect(mixedCase.status == 200)
            #expect(mixedCase.body == "cluster-1")
            let trailingDot = try LoopbackHTTP.request(port: port, path: "/", host: TestDocuments.hostname + ".")
            #expect(trailingDot.body == "cluster-1")
            envoy.stop()
            workspace.remove()
        }
    }
}
