import NIOCore
import NIOHTTP1
import Testing

/// Bodies go through the proxy as they arrive, in both directions: a buffering proxy would hold a
/// slow or endless response (server-sent events, large downloads) and an upload until they end.
/// Each test holds one side of the exchange half-way and looks at the other side.
@Suite("edge-proxy streaming", .timeLimit(.minutes(1)))
struct ProxyStreamingTests {
    private static let host = "bookinfo.tse.tetratelabs.io"

    @Test("a response body reaches the client chunk by chunk, before the upstream has finished it")
    func streamsTheResponseBody() async throws {
        try await ProxyHarness.with { harness in
            try await ScriptedUpstream.with(
                name: "cluster-1",
                behaviour: .streamAfterRelease,
                group: harness.group
            ) { upstream in
                try harness.routeCluster1(to: [upstream.address])
                let client = try await StreamingTestClient.connect(port: harness.port, group: harness.group)
                defer { client.close() }
                let head = HTTPRequestHead(
                    version: .http1_1,
                    method: .GET,
                    uri: "/productpage",
                    headers: ["host": Self.host]
                )
                try await client.send(.head(head))
                try await client.send(.end(nil))

                try await Polling.until("the first chunk at the client") {
                    client.received.body == ScriptedUpstream.firstChunk
                }
                #expect(client.received.head?.status == .ok)
                #expect(client.received.head?.headers.first(name: "x-cluster") == "cluster-1")
                #expect(!client.received.ended)
                // The upstream is still holding the rest: the proxy did not wait for the whole body.
                #expect(upstream.responsesEnded == 0)

                upstream.release()
                try await Polling.until("the end of the response") { client.received.ended }
                #expect(client.received.body == ScriptedUpstream.firstChunk + ScriptedUpstream.restChunk)
                #expect(upstream.responsesEnded == 1)
            }
        }
    }

    @Test("a request body reaches the upstream part by part, before the client has finished it")
    func streamsTheRequestBody() async throws {
        try await ProxyHarness.with { harness in
            try await ScriptedUpstream.with(name: "cluster-1", behaviour: .answer, group: harness.group) { upstream in
                try harness.routeCluster1(to: [upstream.address])
                let client = try await StreamingTestClient.connect(port: harness.port, group: harness.group)
                defer { client.close() }
                let part = 4_000
                let head = HTTPRequestHead(
                    version: .http1_1,
                    method: .POST,
                    uri: "/upload",
                    headers: ["host": Self.host, "content-length": String(2 * part)]
                )
                try await client.send(.head(head))
                try await client.send(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "a"), count: part))))

                try await Polling.until("the first part at the upstream") { upstream.bodyBytes == part }
                #expect(upstream.requestEnds == 0)
                #expect(client.received.head == nil)

                try await client.send(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "b"), count: part))))
                try await client.send(.end(nil))
                try await Polling.until("the response") { client.received.ended }
                #expect(client.received.head?.status == .ok)
                #expect(client.received.body == "cluster-1\n")
                #expect(upstream.bodyBytes == 2 * part)
                #expect(upstream.requestEnds == 1)
            }
        }
    }
}
