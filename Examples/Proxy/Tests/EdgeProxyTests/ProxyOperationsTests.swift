import Foundation
import Logging
import NIOCore
import ProxyKit
import Testing

/// What an operator relies on beyond routing: pooled upstream connections, the access log, the router's
/// events in the proxy's log, and reloads when the files change. The proxy and two ingress stubs run on
/// ephemeral loopback ports, in process.
@Suite("edge-proxy operations", .timeLimit(.minutes(1)))
struct ProxyOperationsTests {
    @Test("sequential requests on new client connections reuse at most one upstream connection per event loop")
    func poolsUpstreamConnectionsPerLoop() async throws {
        try await ProxyHarness.with { harness in
            let requests = 20
            for _ in 0..<requests {
                let response = try await harness.send()
                #expect(response.status == 200)
                #expect(response.body == "cluster-1\n")
            }
            let loops = Array(harness.group.makeIterator()).count
            let stub = harness.stubs[0]
            #expect(stub.counts.total == UInt64(requests))
            // Each loop has its own pool; one at a time, a loop's requests share one connection.
            #expect(stub.acceptedConnections >= 1)
            #expect(stub.acceptedConnections <= UInt64(loops))
        }
    }

    @Test("requests on one keep-alive client connection share one upstream connection")
    func reusesOneUpstreamConnectionForOneClient() async throws {
        try await ProxyHarness.with { harness in
            let client = try await TestHTTPClient.connect(port: harness.port, group: harness.group)
            defer { client.close() }
            for _ in 0..<10 {
                let response = try await client.send(TestRequest())
                #expect(response.status == 200)
            }
            // The client connection lives on one loop, and so do the upstream connections it uses.
            #expect(harness.stubs[0].counts.total == 10)
            #expect(harness.stubs[0].acceptedConnections == 1)
        }
    }

    @Test("the access log gets one line per request: method, path, status, flags, attempts, cluster, upstream")
    func writesOneAccessLogLinePerRequest() async throws {
        let capture = try AccessLogCapture()
        do {
            try await ProxyHarness.with(accessLog: capture.writer) { harness in
                for _ in 0..<3 {
                    let response = try await harness.send()
                    #expect(response.status == 200)
                }
                let unknown = try await harness.send(TestRequest(path: "/missing", host: "unknown.example.com"))
                #expect(unknown.status == 404)
                #expect(try await Polling.until { capture.lines.count >= 4 })
                // Shutting down flushes the writer: every line the proxy will ever write is now in the file.
                await harness.proxy.shutdown()
                let lines = capture.lines
                #expect(lines.count == 4)
                let upstream = "127.0.0.1:\(harness.stubs[0].port)"
                let routed = lines.filter {
                    $0.contains(#""GET /productpage HTTP/1.1" 200 - 1 "#)
                        && $0.hasSuffix(#" "bookinfo.tse.tetratelabs.io" "cluster-1" "\#(upstream)""#)
                }
                #expect(routed.count == 3, "\(lines)")
                let unrouted = lines.filter {
                    $0.contains(#""GET /missing HTTP/1.1" 404 NR 0 "#)
                        && $0.hasSuffix(#" "unknown.example.com" "-" "-""#)
                }
                #expect(unrouted.count == 1, "\(lines)")
            }
        } catch {
            capture.close()
            throw error
        }
        capture.close()
    }

    @Test("an ejection by outlier detection reaches the proxy's logger as a warning")
    func logsAnEjection() async throws {
        let logs = CapturedLogs()
        try await ProxyHarness.with(logger: logs.logger(level: .info)) { harness in
            try await harness.stubs[0].setMode(.stopped)
            for _ in 0..<5 {
                #expect(try await harness.send().body == "cluster-2\n")
            }
            let ejected = "ejected cluster-1 127.0.0.1:\(harness.stubs[0].port) "
            #expect(try await Polling.until { logs.records.contains { $0.message.hasPrefix(ejected) } })
            let record = try #require(logs.records.first { $0.message.hasPrefix(ejected) })
            #expect(record.level == .warning)
            #expect(record.metadata["event"] == "endpoint_ejected")
            #expect(!logs.records.contains { $0.message.hasPrefix("ejected cluster-2") })
        }
    }

    @Test("the file watcher applies an edited topology: removing cluster-1's Gateway moves traffic to cluster-2")
    func reloadsWhenTheTopologyFileChanges() async throws {
        let logs = CapturedLogs()
        try await ProxyHarness.with(watchInterval: .milliseconds(20), logger: logs.logger(level: .info)) { harness in
            #expect(try await harness.send().body == "cluster-1\n")
            let topology = ProxyHarness.topology(
                cluster1: ["127.0.0.1:\(harness.stubs[0].port)"],
                cluster2: ["127.0.0.1:\(harness.stubs[1].port)"],
                gatewayOnCluster1: false
            )
            try topology.write(toFile: harness.files.topology, atomically: true, encoding: .utf8)
            // Nobody calls `reload`: only the watcher can move the traffic.
            #expect(try await Polling.until { try await harness.send().body == "cluster-2\n" })
            #expect(try await harness.send().body == "cluster-2\n")
            let applied = logs.records.filter { $0.message == "reload: applied" }
            #expect(applied.count == 1)
            #expect(applied.first?.metadata["trigger"] == "file change")
        }
    }

    @Test("the file watcher rejects a bad edit with an error naming the file; traffic stays where it was")
    func rejectsABadFileChange() async throws {
        let logs = CapturedLogs()
        try await ProxyHarness.with(watchInterval: .milliseconds(20), logger: logs.logger(level: .info)) { harness in
            let bad = ProxyHarness.automaticEdge.replacingOccurrences(of: "port: 80", with: "port: 99999")
            try bad.write(toFile: harness.files.edge, atomically: true, encoding: .utf8)
            let rejected = { (record: CapturedLogs.Record) in
                record.level == .error && record.message.hasPrefix("reload rejected")
                    && record.metadata["trigger"] == "file change"
            }
            #expect(try await Polling.until { logs.records.contains(where: rejected) })
            let record = try #require(logs.records.first(where: rejected))
            #expect(record.message.contains(harness.files.edge))
            #expect(record.message.contains("spec.http[0].port"))
            let response = try await harness.send()
            #expect(response.body == "cluster-1\n")
        }
    }
}
