import NIOCore
import NIOPosix
import Testing

/// A graceful shutdown (SIGTERM, a rolling restart) must not cut requests that are already being
/// answered: the proxy stops accepting, waits for in-flight responses, and only then closes. The
/// end-to-end suite checks that it stops accepting; this checks that it waits.
@Suite("edge-proxy graceful shutdown", .timeLimit(.minutes(1)))
struct ProxyShutdownTests {
    @Test("a graceful shutdown lets an in-flight request finish, and refuses new connections meanwhile")
    func shutdownFinishesInFlightRequests() async throws {
        try await ProxyHarness.with { harness in
            try await ScriptedUpstream.with(
                name: "slow",
                behaviour: .answerAfterRelease,
                group: harness.group
            ) { upstream in
                try harness.routeCluster1(to: [upstream.address])
                let port = harness.port
                let inFlight = Task { try await harness.send() }
                try await Polling.until("the request at the upstream") { upstream.requestEnds == 1 }

                let shutdown = Task { await harness.proxy.shutdown() }
                try await Polling.until("the listener to refuse connections") {
                    guard harness.proxy.isDraining else { return false }
                    do {
                        let channel = try await ClientBootstrap(group: harness.group)
                            .connect(host: "127.0.0.1", port: port)
                            .get()
                        try? await channel.close()
                        return false
                    } catch {
                        return true
                    }
                }
                // Still held by the upstream: the shutdown is waiting for it, not done with it.
                #expect(upstream.responsesEnded == 0)
                await #expect(throws: (any Error).self) {
                    _ = try await harness.send()
                }

                upstream.release()
                let response = try await inFlight.value
                #expect(response.status == 200)
                #expect(response.body == "slow\n")
                await shutdown.value
                #expect(upstream.responsesEnded == 1)
            }
        }
    }
}
