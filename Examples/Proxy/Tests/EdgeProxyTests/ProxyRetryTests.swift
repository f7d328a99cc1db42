import Foundation
import ProxyKit
import Testing

/// How the proxy reports and retries attempts that end without a response, and how it waits out a
/// retry's back-off. The end-to-end suite covers retries of a `503` and of a refused connection; a
/// connection that breaks after taking the request goes down a different path (the upstream
/// connection's `channelInactive`), and the back-off must not hold up the event loop it runs on.
@Suite("edge-proxy retries", .timeLimit(.minutes(1)))
struct ProxyRetryTests {
    /// A reset and a plain close are told apart in the counters (`upstream_rq_rx_reset` against
    /// `upstream_cx_destroy_remote_with_active_rq`); both are retried on cluster-2 and logged as one
    /// request of two attempts without flags.
    @Test(
        "an upstream that resets or closes the connection instead of answering is retried elsewhere, counted and logged",
        arguments: [
            (ScriptedUpstream.Behaviour.reset, "upstream_rq_rx_reset", "upstream_cx_destroy_remote_with_active_rq"),
            (.close, "upstream_cx_destroy_remote_with_active_rq", "upstream_rq_rx_reset"),
        ]
    )
    func retriesABrokenConnection(
        behaviour: ScriptedUpstream.Behaviour,
        counted: String,
        notCounted: String
    )
        async throws
    {
        let log = try AccessLogCapture()
        defer { log.close() }
        try await ProxyHarness.with(accessLog: log.writer) { harness in
            try await ScriptedUpstream.with(name: "broken", behaviour: behaviour, group: harness.group) { upstream in
                try harness.routeCluster1(to: [upstream.address])
                let response = try await harness.send()
                #expect(response.status == 200)
                #expect(response.body == "cluster-2\n")
                #expect(upstream.requestEnds == 1)

                let stats = try await harness.admin("/stats?filter=cluster.cluster-1.")
                #expect(stats.body.contains("cluster.cluster-1.\(counted): 1\n"))
                #expect(stats.body.contains("cluster.cluster-1.\(notCounted): 0\n"))
                #expect(stats.body.contains("cluster.cluster-1.upstream_rq_retry: 1\n"))

                let line = try await log.line(containing: "\"cluster-2\"")
                #expect(line.contains("\"GET /productpage HTTP/1.1\" 200 - 2 "))
            }
        }
    }

    /// A back-off the router fixes at exactly 3 s (decorrelated jitter with base = maximum).
    private static let slowBackoff = """
        {"retries": {"backoff": {"baseInterval": "3s", "maxInterval": "3s", "strategy": "decorrelated-jitter"}}}
        """

    @Test("a retry's back-off is waited on the event loop: with one loop, other requests are answered meanwhile")
    func backoffDoesNotBlockTheLoop() async throws {
        // One thread: the proxy, its admin listener and both stubs share a single event loop, so a
        // back-off that slept on the thread would hold every other answer until it ended.
        try await ProxyHarness.with(configuration: Self.slowBackoff, threads: 1) { harness in
            try await harness.stubs[0].setMode(.failing)
            let start = ContinuousClock.now
            let first = Task { try await harness.send() }

            try await Polling.until("the first attempt's 503") { harness.stubs[0].counts.failing == 1 }
            let failedAt = ContinuousClock.now
            // The first request is now in its back-off; these need no upstream.
            let ready = try await harness.admin("/ready")
            let unrouted = try await harness.send(TestRequest(host: "unknown.example.com"))
            let answeredAfter = ContinuousClock.now - failedAt
            #expect(ready.status == 200)
            #expect(unrouted.status == 404)
            // Both answers came while the retry was still waiting: cluster-2 has not been asked yet,
            // and well within the 3 s back-off (a generous margin for two loopback requests).
            #expect(harness.stubs[1].counts.total == 0)
            #expect(answeredAfter < .milliseconds(1_500))

            let response = try await first.value
            #expect(response.status == 200)
            #expect(response.body == "cluster-2\n")
            // The back-off was really waited (scheduled tasks never fire early).
            #expect(ContinuousClock.now - start >= .seconds(3))
        }
    }
}
