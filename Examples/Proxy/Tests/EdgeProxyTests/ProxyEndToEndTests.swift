import Foundation
import NIOCore
import NIOPosix
import ProxyKit
import Testing

/// The proxy and two ingress stubs on ephemeral loopback ports, in process.
@Suite("edge-proxy end to end", .timeLimit(.minutes(1)))
struct ProxyEndToEndTests {
    @Test("a request is forwarded to the local region's ingress and answered")
    func forwardsToLocalCluster() async throws {
        try await ProxyHarness.with { harness in
            let response = try await harness.send()
            #expect(response.status == 200)
            #expect(response.body == "cluster-1\n")
            #expect(response.headers.first(name: "x-cluster") == "cluster-1")
            #expect(harness.stubs[0].counts.total == 1)
            #expect(harness.stubs[1].counts.total == 0)
        }
    }

    @Test("a keep-alive client connection carries several requests")
    func keepsClientConnectionsAlive() async throws {
        try await ProxyHarness.with { harness in
            let client = try await TestHTTPClient.connect(port: harness.port, group: harness.group)
            defer { client.close() }
            for _ in 0..<5 {
                let response = try await client.send(TestRequest())
                #expect(response.status == 200)
            }
            #expect(client.isActive)
        }
    }

    @Test("an unknown host gets 404 with an empty body, as Envoy's NR")
    func unknownHostIsNotRouted() async throws {
        try await ProxyHarness.with { harness in
            let response = try await harness.send(TestRequest(host: "unknown.example.com"))
            #expect(response.status == 404)
            #expect(response.body.isEmpty)
            #expect(harness.stubs[0].counts.total == 0)
            let stats = try await harness.admin("/stats?filter=no_route")
            #expect(stats.body.contains("no_route: 1"))
        }
    }

    @Test("a 503 from the local ingress is retried on the other cluster")
    func retriesA503OnTheOtherCluster() async throws {
        try await ProxyHarness.with { harness in
            try await harness.stubs[0].setMode(.failing)
            let response = try await harness.send()
            #expect(response.status == 200)
            #expect(response.body == "cluster-2\n")
            #expect(harness.stubs[0].counts.failing == 1)
            let stats = try await harness.admin("/stats?filter=upstream_rq_retry")
            #expect(stats.body.contains("cluster.cluster-1.upstream_rq_retry: 1"))
        }
    }

    @Test("a refused connection is retried elsewhere, and repeated failures eject the ingress")
    func connectFailureFailsOver() async throws {
        try await ProxyHarness.with { harness in
            try await harness.stubs[0].setMode(.stopped)
            for _ in 0..<5 {
                let response = try await harness.send()
                #expect(response.status == 200)
                #expect(response.body == "cluster-2\n")
            }
            let clusters = try await harness.admin("/clusters")
            #expect(
                clusters.body.contains(
                    "cluster-1::127.0.0.1:\(harness.stubs[0].port)::health_flags::/failed_outlier_check"
                )
            )
            #expect(clusters.body.contains("automatic::P1::load::100"))
            let stats = try await harness.admin("/stats?filter=cluster-1.upstream_cx_connect_fail")
            #expect(stats.body.contains("upstream_cx_connect_fail: 3"))
        }
    }

    @Test("a request body is replayed on the retry")
    func replaysTheBodyOnRetry() async throws {
        try await ProxyHarness.with { harness in
            try await harness.stubs[0].setMode(.failing)
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 20_000)
            let response = try await harness.send(TestRequest(method: .POST, body: body))
            #expect(response.status == 200)
            #expect(response.body == "cluster-2\n")
            #expect(response.headers.first(name: "x-request-bytes") == "20000")
        }
    }

    @Test("a body beyond the replay limit is streamed once and not retried (URX)")
    func doesNotRetryAnUnreplayableBody() async throws {
        try await ProxyHarness.with(maximumReplayBodyBytes: 1024) { harness in
            try await harness.stubs[0].setMode(.failing)
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 200_000)
            let response = try await harness.send(TestRequest(method: .POST, body: body))
            #expect(response.status == 503)
            #expect(response.body == "no healthy upstream")
            #expect(harness.stubs[1].counts.total == 0)
            let stats = try await harness.admin("/stats?filter=cluster-1.upstream_rq_retry_limit_exceeded")
            #expect(stats.body.contains("upstream_rq_retry_limit_exceeded: 1"))
        }
    }

    @Test("a per-try timeout moves the request to the other cluster")
    func perTryTimeoutRetries() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // A listener that accepts and never answers.
        let silent = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let address = "127.0.0.1:\(silent.localAddress?.port ?? 0)"
        do {
            try await ProxyHarness.with(
                configuration: #"{"retries": {"attempts": 2, "perTryTimeout": "200ms"}}"#,
                extraEndpoint: address
            ) { harness in
                try await harness.stubs[0].setMode(.stopped)
                let start = ContinuousClock.now
                var sawTimeout = false
                for _ in 0..<4 {
                    let response = try await harness.send()
                    #expect(response.status == 200)
                    #expect(response.body == "cluster-2\n")
                }
                let stats = try await harness.admin("/stats?filter=per_try_timeout")
                sawTimeout =
                    stats.body.contains("cluster.cluster-1.upstream_rq_per_try_timeout: ")
                    && !stats.body.contains("cluster.cluster-1.upstream_rq_per_try_timeout: 0")
                #expect(sawTimeout)
                #expect(ContinuousClock.now - start < .seconds(10))
            }
        } catch {
            try? await silent.close()
            try? await group.shutdownGracefully()
            throw error
        }
        try? await silent.close()
        try? await group.shutdownGracefully()
    }

    @Test("a bad file is rejected naming the file and field, and the previous configuration stays")
    func rejectsABadReload() async throws {
        try await ProxyHarness.with { harness in
            let bad = ProxyHarness.automaticEdge.replacingOccurrences(of: "port: 80", with: "port: 99999")
            try bad.write(toFile: harness.files.edge, atomically: true, encoding: .utf8)
            let result = harness.proxy.reload(trigger: "test")
            guard case .rejected(let reason) = result else {
                Issue.record("expected a rejection, got \(result)")
                return
            }
            #expect(reason.contains(harness.files.edge))
            #expect(reason.contains("spec.http[0].port"))
            let response = try await harness.send()
            #expect(response.status == 200)
            #expect(response.body == "cluster-1\n")
        }
    }

    @Test("a new topology is applied: removing cluster-1's Gateway moves traffic to cluster-2")
    func appliesATopologyChange() async throws {
        try await ProxyHarness.with { harness in
            let topology = ProxyHarness.topology(
                cluster1: ["127.0.0.1:\(harness.stubs[0].port)"],
                cluster2: ["127.0.0.1:\(harness.stubs[1].port)"],
                gatewayOnCluster1: false
            )
            try topology.write(toFile: harness.files.topology, atomically: true, encoding: .utf8)
            #expect(harness.proxy.reload(trigger: "test") == .applied)
            #expect(harness.proxy.reload(trigger: "test") == .unchanged)
            let response = try await harness.send()
            #expect(response.body == "cluster-2\n")
        }
    }

    @Test("a changed router configuration replaces the router")
    func replacesTheRouterOnAConfigurationChange() async throws {
        try await ProxyHarness.with { harness in
            let before = harness.proxy.router
            try #"{"retries": {"attempts": 0}}"#.write(
                toFile: harness.files.configuration!,
                atomically: true,
                encoding: .utf8
            )
            #expect(harness.proxy.reload(trigger: "test") == .applied)
            #expect(harness.proxy.router !== before)
            try await harness.stubs[0].setMode(.failing)
            // No retries any more: the 503 reaches the client.
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await harness.send().status) }
            #expect(statuses.contains(503))
        }
    }

    @Test("admin /ready answers LIVE and /clusters has a JSON form")
    func adminPages() async throws {
        try await ProxyHarness.with { harness in
            let ready = try await harness.admin("/ready")
            #expect(ready.status == 200)
            #expect(ready.body == "LIVE\n")
            let json = try await harness.admin("/clusters?format=json")
            let object = try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any]
            #expect((object?["destinations"] as? [Any])?.count == 1)
        }
    }

    @Test("admin queries of any shape are answered, and the listener stays up")
    func adminHostileQueries() async throws {
        try await ProxyHarness.with { harness in
            for path in ["/stats?=", "/stats?=x", "/stats?&&", "/stats?==", "/stats?filter", "/clusters?=&format="] {
                let page = try await harness.admin(path)
                #expect(page.status == 200, "\(path)")
            }
            #expect(try await harness.admin("/ready").body == "LIVE\n")
            #expect(try await harness.send().status == 200)
        }
    }

    @Test("a graceful shutdown stops accepting connections")
    func shutdownStopsAccepting() async throws {
        try await ProxyHarness.with { harness in
            let port = harness.port
            let client = try await TestHTTPClient.connect(port: port, group: harness.group)
            #expect(try await client.send(TestRequest()).status == 200)
            await harness.proxy.shutdown()
            #expect(harness.proxy.isDraining)
            await #expect(throws: (any Error).self) {
                _ = try await TestHTTPClient.send(TestRequest(), port: port, group: harness.group)
            }
        }
    }
}
