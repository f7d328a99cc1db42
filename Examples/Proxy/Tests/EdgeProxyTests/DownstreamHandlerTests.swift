import EdgeRouting
import EdgeRoutingFiles
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import ProxyKit

/// The client side of the proxy on an `EmbeddedChannel`: answers that need no upstream.
@Suite("DownstreamHandler on an EmbeddedChannel")
struct DownstreamHandlerTests {
    private static func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let gateway = try ConfigurationFile.decode(
            Gateway.self,
            from: Data(ProxyHarness.automaticEdge.utf8),
            json: false
        )
        let deployment = try ConfigurationFile.decode(
            DeploymentFile.self,
            from: Data(ProxyHarness.topology(cluster1: ["127.0.0.1:1"], cluster2: ["127.0.0.1:2"]).utf8),
            json: false
        )
        let router = try ProxyRouter(gateway: gateway, edge: deployment.edge, topology: deployment.topology)
        let loop = LoopContext(
            eventLoop: channel.embeddedEventLoop,
            settings: ProxySettings(),
            handle: RouterHandle(router: router, configuration: .defaults)
        )
        try DownstreamHandler.configure(channel.pipeline.syncOperations, loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).wait()
        return channel
    }

    private static func output(of channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    @Test("an unknown host is answered 404 with an empty body, and the connection stays open")
    func noRoute() throws {
        let channel = try Self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: nowhere.example\r\n\r\n"))
        let text = try Self.output(of: channel)
        #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(text.lowercased().contains("content-length: 0\r\n"))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test("Connection: close is honoured after a local answer")
    func closesWhenAsked() throws {
        let channel = try Self.makeChannel()
        try channel.writeInbound(
            ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: nowhere.example\r\nConnection: close\r\n\r\n")
        )
        channel.embeddedEventLoop.run()
        let text = try Self.output(of: channel)
        #expect(text.contains("404 Not Found"))
        #expect(text.lowercased().contains("connection: close"))
        #expect(!channel.isActive)
    }

    @Test("pipelined requests are answered in order, one at a time")
    func pipelining() throws {
        let channel = try Self.makeChannel()
        try channel.writeInbound(
            ByteBuffer(string: "GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\nGET /2 HTTP/1.1\r\nHost: b.example\r\n\r\n")
        )
        channel.embeddedEventLoop.run()
        let text = try Self.output(of: channel)
        #expect(text.components(separatedBy: "HTTP/1.1 404 Not Found").count == 3)
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test("a malformed request is answered 400 and the connection closed")
    func malformedRequest() throws {
        let channel = try Self.makeChannel()
        _ = try? channel.writeInbound(ByteBuffer(string: "GARBAGE\u{01} / HTTP/1.1\r\n\r\n"))
        channel.embeddedEventLoop.run()
        let text = try Self.output(of: channel)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(!channel.isActive)
    }

    @Test("a quiesce event closes an idle connection at once")
    func quiesceClosesIdle() throws {
        let channel = try Self.makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
    }

    @Test("Expect: 100-continue is answered by the proxy before the final answer")
    func answersExpectContinue() throws {
        let channel = try Self.makeChannel()
        try channel.writeInbound(
            ByteBuffer(
                string: "POST /x HTTP/1.1\r\nHost: nowhere.example\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
            )
        )
        try channel.writeInbound(ByteBuffer(string: "abc"))
        let text = try Self.output(of: channel)
        #expect(text.hasPrefix("HTTP/1.1 100 Continue\r\n"))
        #expect(text.contains("HTTP/1.1 404 Not Found"))
        _ = try? channel.finish()
    }
}

@Suite("Hop-by-hop headers")
struct HopByHopTests {
    @Test("connection-specific headers stay on their hop; forwarding headers are added")
    func upstreamRequest() {
        let head = HTTPRequestHead(
            version: .http1_0,
            method: .POST,
            uri: "/p",
            headers: [
                "Host": "bookinfo.tse.tetratelabs.io", "Connection": "keep-alive, x-private", "X-Private": "1",
                "Keep-Alive": "timeout=5", "TE": "trailers", "Expect": "100-continue", "Content-Length": "3",
                "X-Forwarded-For": "10.0.0.1",
            ]
        )
        let upstream = HopByHop.upstreamRequest(head, clientAddress: "127.0.0.1")
        #expect(upstream.version == .http1_1)
        for name in ["connection", "x-private", "keep-alive", "te", "expect"] {
            #expect(!upstream.headers.contains(name: name), "\(name)")
        }
        #expect(upstream.headers.first(name: "content-length") == "3")
        #expect(upstream.headers.first(name: "x-forwarded-for") == "10.0.0.1, 127.0.0.1")
        #expect(upstream.headers.first(name: "x-forwarded-proto") == "http")
    }
}
