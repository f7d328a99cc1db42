import EnvoyExport
import Foundation
import Testing

@testable import EnvoyConfigCommand

extension EnvoyIntegration {
    /// File-based xDS: a running Envoy follows the topology as `envoy-config --xds-dir` rewrites the
    /// files, without a restart — the guide's `tctl delete` of cluster-1's Gateway, and a cluster added.
    @Suite("Live mode (file-based xDS)")
    struct LiveModeTests {
        @Test("Deleting cluster-1's Gateway moves Envoy's traffic to cluster-2 within seconds, and back")
        func gatewayDeletion() throws {
            let workspace = try Workspace("live")
            let one = try StubIngress(cluster: "cluster-1")
            let two = try StubIngress(cluster: "cluster-2")
            let three = try StubIngress(cluster: "cluster-3")
            defer { StubIngress.stop(one, two, three) }
            let edge = try workspace.write("edge.json", TestDocuments.edgeGateway())
            func export(_ clusters: [TestDocuments.Cluster]) throws -> String {
                try workspace.write("topology.json", TestDocuments.topology(clusters))
                return try workspace.envoyConfig([
                    "--edge", edge, "--topology", workspace.path("topology.json"), "--listen", "127.0.0.1:0",
                    "--admin", "127.0.0.1:0", "--xds-dir", workspace.path("xds"),
                ]).output
            }
            let cluster1 = TestDocuments.Cluster("cluster-1", region: "region-1", endpoints: [one.address])
            let cluster2 = TestDocuments.Cluster("cluster-2", region: "region-2", endpoints: [two.address])
            _ = try export([cluster1, cluster2])
            try FileManager.default.createDirectory(atPath: workspace.path("envoy"), withIntermediateDirectories: true)
            let envoy = try EnvoyProcess(
                bootstrap: workspace.path("xds/bootstrap.json"),
                directory: workspace.path("envoy")
            )
            let port = try envoy.listenerPort()
            #expect(bodies(try sendRequests(10, port: port)) == ["cluster-1": 10])

            // `tctl delete` of cluster-1's Gateway: only the endpoint file changes.
            var deleted = cluster1
            deleted.servesHostname = false
            let output = try export([deleted, cluster2])
            #expect(output.contains("unchanged \(workspace.path("xds/cds.json"))"))
            #expect(output.contains("unchanged \(workspace.path("xds/lds.json"))"))
            #expect(output.contains("replaced \(workspace.path("xds/eds"))"))
            let started = Date()
            var during: [LoopbackHTTP.Response] = []
            try Polling.until("Envoy's traffic to move to cluster-2", within: 5) {
                let response = try LoopbackHTTP.request(port: port, path: "/productpage", host: TestDocuments.hostname)
                during.append(response)
                return response.body == "cluster-2"
            }
            let moved = Date().timeIntervalSince(started)
            #expect(moved < 5, "moved after \(moved) s")
            #expect(during.allSatisfy { $0.status == 200 }, "client errors while moving: \(during)")
            #expect(bodies(try sendRequests(10, port: port)) == ["cluster-2": 10])

            // The Gateway is restored: traffic comes back to cluster-1.
            _ = try export([cluster1, cluster2])
            try Polling.until("Envoy's traffic to return to cluster-1", within: 5) {
                try LoopbackHTTP.request(port: port, path: "/", host: TestDocuments.hostname).body == "cluster-1"
            }

            // A cluster is added in the edge's region: it joins P0 and shares the local traffic.
            let cluster3 = TestDocuments.Cluster("cluster-3", region: "region-1", endpoints: [three.address])
            _ = try export([cluster1, cluster2, cluster3])
            try Polling.until("cluster-3 to take part of the traffic", within: 5) {
                try LoopbackHTTP.request(port: port, path: "/", host: TestDocuments.hostname).body == "cluster-3"
            }
            #expect(Set(bodies(try sendRequests(10, port: port)).keys) == ["cluster-1", "cluster-3"])

            // Envoy accepted every update, and never re-created the cluster.
            #expect(try envoy.stat("cluster_manager.cds.update_rejected") == 0)
            #expect(try envoy.stat("listener_manager.lds.update_rejected") == 0)
            let name = "bookinfo.tse.tetratelabs.io|80|automatic"
            #expect(try envoy.stat("cluster.\(name).update_rejected") == 0)
            #expect(try envoy.stat("cluster.\(name).update_success") >= 4)
            #expect(try envoy.stat("cluster_manager.cluster_modified") == 0)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path("xds/eds"))
                .filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
            envoy.stop()
            workspace.remove()
        }

        @Test("An edge Gateway change under traffic replaces the clusters before the break: no client error")
        func gatewayChange() throws {
            let workspace = try Workspace("live-gateway-change")
            let (one, two, topology) = try workspace.guideDemo()
            defer { StubIngress.stop(one, two) }
            let edge = workspace.path("edge.json")
            func export(_ destination: JSONValue) throws -> String {
                try workspace.write("edge.json", TestDocuments.edgeGateway(destination))
                return try workspace.envoyConfig([
                    "--edge", edge, "--topology", topology, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                    "--xds-dir", workspace.path("xds"),
                ]).output
            }
            _ = try export([:])
            try FileManager.default.createDirectory(atPath: workspace.path("envoy"), withIntermediateDirectories: true)
            let envoy = try EnvoyProcess(
                bootstrap: workspace.path("xds/bootstrap.json"),
                directory: workspace.path("envoy")
            )
            let port = try envoy.listenerPort()
            let traffic = TrafficLoop(port: port)
            try Polling.until("traffic through the automatic destination") {
                try envoy.stat("cluster.bookinfo.tse.tetratelabs.io|80|automatic.upstream_rq_total") > 10
            }
            let output = try export(TestDocuments.named(["cluster-2", "cluster-1"]))
            #expect(output.contains("replaced (keeping 1 leaving) \(workspace.path("xds/cds.json"))"), "\(output)")
            try Polling.until("traffic through the named destination") {
                try envoy.stat("cluster.bookinfo.tse.tetratelabs.io|80|named|cluster-2,cluster-1.upstream_rq_total")
                    > 10
            }
            try Polling.until("Envoy to remove the automatic destination's cluster") {
                let clusters = try envoy.admin("/clusters").body
                return !clusters.contains("bookinfo.tse.tetratelabs.io|80|automatic::")
            }
            // The leaving cluster went out again as read back (members sorted): Envoy saw it unchanged.
            #expect(try envoy.stat("cluster_manager.cluster_modified") == 0)
            #expect(try envoy.stat("cluster_manager.cds.update_rejected") == 0)
            let (responses, failures) = traffic.stop()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(responses.count > 20)
            #expect(responses.allSatisfy { $0.status == 200 }, "\(responses.filter { $0.status != 200 }.prefix(3))")
            // The named destination ranks cluster-2 (region-2) after cluster-1 (region-1) all the same.
            #expect(Set(bodies(responses).keys) == ["cluster-1"])
            envoy.stop()
            workspace.remove()
        }

        @Test("--watch follows the files by itself, and a bad file leaves the previous export in force")
        func watch() throws {
            let workspace = try Workspace("live-watch")
            let one = try StubIngress(cluster: "cluster-1")
            let two = try StubIngress(cluster: "cluster-2")
            defer { StubIngress.stop(one, two) }
            let cluster1 = TestDocuments.Cluster("cluster-1", region: "region-1", endpoints: [one.address])
            let cluster2 = TestDocuments.Cluster("cluster-2", region: "region-2", endpoints: [two.address])
            var deleted = cluster1
            deleted.servesHostname = false
            let topology = try workspace.write("topology.json", TestDocuments.topology([cluster1, cluster2]))
            let edge = try workspace.write("edge.json", TestDocuments.edgeGateway())
            let command = try EnvoyConfigCommand.parse([
                "--edge", edge, "--topology", topology, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                "--xds-dir", workspace.path("xds"), "--watch", "0.05",
            ])
            let watcher = Watcher(command)
            defer { watcher.stop() }
            try Polling.until("the first export") { watcher.reports.contains { $0.output.contains("bootstrap.json") } }
            try FileManager.default.createDirectory(atPath: workspace.path("envoy"), withIntermediateDirectories: true)
            let envoy = try EnvoyProcess(
                bootstrap: workspace.path("xds/bootstrap.json"),
                directory: workspace.path("envoy")
            )
            let port = try envoy.listenerPort()
            func body() throws -> String {
                try LoopbackHTTP.request(port: port, path: "/", host: TestDocuments.hostname).body
            }
            #expect(try body() == "cluster-1")

            try workspace.write("topology.json", TestDocuments.topology([deleted, cluster2]))
            try Polling.until("the watcher to move the traffic to cluster-2", within: 5) { try body() == "cluster-2" }

            // A broken topology: reported, nothing written, Envoy keeps routing by the last good export.
            let files = try FileManager.default.contentsOfDirectory(atPath: workspace.path("xds/eds"))
            let before = try files.map { try String(contentsOfFile: workspace.path("xds/eds/" + $0), encoding: .utf8) }
            try workspace.write(
                "topology.json",
                text: #"{"edge": {"locality": {"region": "region-1"}}, "clusters": [{"name": ""}]}"#
            )
            let failure = try Polling.until("the watcher to report the bad file") {
                watcher.reports.first { $0.errors.contains("nothing written") }
            }
            #expect(
                failure.errors.hasPrefix("envoy-config: \(topology): invalid configuration at clusters[0]"),
                "\(failure.errors)"
            )
            let after = try files.map { try String(contentsOfFile: workspace.path("xds/eds/" + $0), encoding: .utf8) }
            #expect(after == before)
            #expect(try body() == "cluster-2")

            try workspace.write("topology.json", TestDocuments.topology([cluster1, cluster2]))
            try Polling.until("the watcher to bring the traffic back to cluster-1", within: 5) {
                try body() == "cluster-1"
            }
            watcher.stop()
            envoy.stop()
            workspace.remove()
        }
    }

    /// `envoy-config --watch` running on a thread of its own, with what it reported.
    final class Watcher: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        private var collected: [(output: String, errors: String)] = []
        private let finished = DispatchSemaphore(value: 0)

        init(_ command: EnvoyConfigCommand) {
            Thread { [self] in
                command.watch(
                    every: 0.05,
                    until: { self.lock.withLock { self.stopped } },
                    report: { output, errors in self.lock.withLock { self.collected.append((output, errors)) } }
                )
                self.finished.signal()
            }.start()
        }

        var reports: [(output: String, errors: String)] {
            self.lock.withLock { self.collected }
        }

        func stop() {
            let first = self.lock.withLock { () -> Bool in
                defer { self.stopped = true }
                return !self.stopped
            }
            if first { self.finished.wait() }
        }
    }
}
