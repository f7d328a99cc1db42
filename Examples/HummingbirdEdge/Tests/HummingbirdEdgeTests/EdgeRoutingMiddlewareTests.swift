import AsyncHTTPClient
import EdgeRouting
import EdgeRoutingTestSupport
import Hummingbird
import NIOCore
import Testing

@testable import HummingbirdEdge

/// The middleware end to end over loopback: a client, the Hummingbird edge, and two upstreams standing
/// in for the ingress gateways of cluster-1 (the edge's region) and cluster-2 (another region).
@Suite(.serialized) struct EdgeRoutingMiddlewareTests {
    static let hostname = "bookinfo.tse.tetratelabs.io"

    /// Starts the edge in front of upstreams on `ports` (cluster-1 first) and runs `body` with the
    /// edge's port, the client and the router's events.
    static func withEdge<Result: Sendable>(
        upstreams ports: [Int],
        configuration: EdgeRouterConfiguration = .defaults,
        _ body: (_ edge: Int, _ client: HTTPClient, _ recorder: EventRecorder) async throws -> Result
    ) async throws -> Result {
        var topology = TopologyBuilder(edgeRegion: "region-1")
        for (index, port) in ports.enumerated() {
            topology = topology.cluster(
                "cluster-\(index + 1)",
                region: "region-\(index + 1)",
                addresses: ["127.0.0.1:\(port)"],
                serving: [Self.hostname]
            )
        }
        let deployment = try topology.deployment(hostname: Self.hostname, destination: .automatic)
        let recorder = EventRecorder()
        let router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: configuration,
            observer: recorder
        )
        let upstreamClient = HTTPClient(configuration: EdgeRoutingMiddleware<BasicRequestContext>.clientConfiguration)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let application = { @Sendable (report: @escaping @Sendable (Int) async -> Void) in
                EdgeApplication.make(router: router, client: upstreamClient, port: 0, onServerRunning: report)
            }
            let result = try await withRunning(application) { edge in
                try await body(edge, client, recorder)
            }
            try await client.shutdown()
            try await upstreamClient.shutdown()
            return result
        } catch {
            try await client.shutdown()
            try await upstreamClient.shutdown()
            throw error
        }
    }

    /// Runs `body` with both upstreams listening.
    static func withUpstreams<Result: Sendable>(
        _ first: Upstream,
        _ second: Upstream,
        _ body: (_ first: Int, _ second: Int) async throws -> Result
    ) async throws -> Result {
        try await withRunning(first.application) { firstPort in
            try await withRunning(second.application) { secondPort in
                try await body(firstPort, secondPort)
            }
        }
    }

    @Test func healthyTrafficStaysInTheEdgesRegionWithTheClientsHostAndPath() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second]) { edge, client, recorder in
                for _ in 0..<10 {
                    let answer = try await request(client, port: edge, path: "/productpage?u=1")
                    #expect(answer.status == 200)
                    #expect(answer.body == "cluster-1 host=\(Self.hostname) path=/productpage?u=1 body=")
                    // Hop-by-hop headers (and those Connection names) stay between edge and upstream.
                    #expect(answer.header("x-hop") == nil)
                    #expect(answer.header("content-type") == "text/plain")
                }
                #expect(local.requests == 10 && remote.requests == 0)
                try recorder.expectRequests(count: 10, status: 200)
            }
        }
    }

    @Test func aFailingUpstreamIsRetriedOnTheOtherClusterThenEjected() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        local.status = 503
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second]) { edge, client, recorder in
                // Each 503 from cluster-1 is retried, after the router's back-off, on cluster-2.
                for _ in 0..<5 {
                    let answer = try await request(client, port: edge)
                    #expect(answer.status == 200)
                    #expect(answer.body.hasPrefix("cluster-2 "))
                }
                try recorder.expectRetry(from: "cluster-1", to: "cluster-2")
                // The fifth 503 in a row ejected cluster-1's endpoint: the next requests go straight to
                // cluster-2.
                try recorder.expectEjection(of: "cluster-1", reason: .consecutive5xx)
                try recorder.expectTrafficShift(to: 1)
                for _ in 0..<5 {
                    #expect(try await request(client, port: edge).body.hasPrefix("cluster-2 "))
                }
                #expect(local.requests == 5 && remote.requests == 10)
            }
        }
    }

    @Test func anUpstreamThatStopsListeningFailsOverOnConnectFailure() async throws {
        let remote = Upstream(name: "cluster-2")
        try await withRunning(remote.application) { second in
            // cluster-1 serves for a while, then goes away: its port refuses connections.
            let local = Upstream(name: "cluster-1")
            let first = try await withRunning(local.application) { first in first }
            try await Self.withEdge(upstreams: [first, second]) { edge, client, recorder in
                let answer = try await request(client, port: edge)
                #expect(answer.status == 200)
                #expect(answer.body.hasPrefix("cluster-2 "))
                let retry = try recorder.expectRetry(from: "cluster-1", to: "cluster-2")
                #expect(retry.outcome == .connectFailure)
            }
        }
    }

    @Test func aRequestBodyIsSentAgainOnTheRetry() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        local.status = 503
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second]) { edge, client, _ in
                let answer = try await request(client, port: edge, path: "/cart", method: .POST, body: "two books")
                #expect(answer.status == 200)
                #expect(answer.body == "cluster-2 host=\(Self.hostname) path=/cart body=two books")
            }
        }
    }

    @Test func whenEveryUpstreamFailsTheLastAnswerPassesThrough() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        local.status = 503
        remote.status = 503
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second]) { edge, client, recorder in
                let answer = try await request(client, port: edge)
                // Two retries (the default), then the upstream's own 503 goes to the client.
                #expect(answer.status == 503)
                #expect(answer.body.hasPrefix("cluster-"))
                #expect(local.requests + remote.requests == 3)
                let record = try #require(try recorder.expectRequests(count: 1, status: 503).first)
                #expect(record.flags.description.contains("URX"))
            }
        }
    }

    @Test func withNoUpstreamListeningTheEdgeAnswersItself() async throws {
        let first = try await withRunning(Upstream(name: "cluster-1").application) { $0 }
        let second = try await withRunning(Upstream(name: "cluster-2").application) { $0 }
        try await Self.withEdge(upstreams: [first, second]) { edge, client, _ in
            let answer = try await request(client, port: edge)
            #expect(answer.status == 503)
            #expect(answer.body.contains("upstream connect error"))
            #expect(answer.header("content-type") == "text/plain")
        }
    }

    @Test func otherHostsReachTheApplicationsOwnRoutes() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second]) { edge, client, _ in
                let health = try await request(client, port: edge, host: "edge.internal", path: "/healthz")
                #expect(health.status == 200 && health.body == "ok")
                let unknown = try await request(client, port: edge, host: "edge.internal", path: "/productpage")
                #expect(unknown.status == 404)
                #expect(local.requests == 0 && remote.requests == 0)
            }
        }
    }

    @Test func aResponseBodyThatBreaksHalfWayIsReportedAsAReset() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        local.breaksBody = true
        let results = ResultLog()
        var configuration = EdgeRouterConfiguration.defaults
        configuration.makeOutlierDetector = { context in
            LoggingDetector(endpoints: context.endpoints, log: results)
        }
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second], configuration: configuration) { edge, client, _ in
                // The status (200) is passed on before the body breaks, so the client's response is cut
                // short; outlier detection hears of the status and then of the reset.
                await #expect(throws: (any Error).self) { try await request(client, port: edge) }
                try await pollUntil { results.entries.count >= 2 }
                #expect(results.entries == ["200", "reset"])
            }
        }
    }

    @Test func aBodyOverTheLimitIsRefusedAndTheAttemptCancelled() async throws {
        let local = Upstream(name: "cluster-1")
        let remote = Upstream(name: "cluster-2")
        try await Self.withUpstreams(local, remote) { first, second in
            try await Self.withEdge(upstreams: [first, second]) { edge, client, recorder in
                let large = String(repeating: "x", count: (1 << 20) + 1)
                let answer = try await request(client, port: edge, path: "/upload", method: .POST, body: large)
                #expect(answer.status == 413)
                #expect(local.requests == 0)
                // The router saw the request end without an answer from upstream (Envoy's DC).
                let record = try #require(recorder.accessLog.first)
                #expect(record.status == 0)
            }
        }
    }
}

@Suite struct UpstreamOutcomeTests {
    @Test func theClientsErrorsBecomeTheOutcomesTheRouterLearnsFrom() {
        #expect(UpstreamAttempt.outcome(of: HTTPClientError.connectTimeout) == .connectFailure)
        #expect(UpstreamAttempt.outcome(of: HTTPClientError.deadlineExceeded) == .timeout)
        #expect(UpstreamAttempt.outcome(of: HTTPClientError.readTimeout) == .timeout)
        #expect(
            UpstreamAttempt.outcome(of: HTTPClientError.remoteConnectionClosed) == .connectionTermination
        )
        #expect(UpstreamAttempt.outcome(of: ChannelError.connectTimeout(.seconds(1))) == .connectFailure)
        #expect(UpstreamAttempt.outcome(of: CancellationError()) == .reset)
    }
}
