import NIOCore
import NIOHTTP1
import NIOPosix

/// A request for ``TestHTTPClient``.
struct TestRequest: Sendable {
    var method: HTTPMethod = .GET
    var path = "/productpage"
    var host = "bookinfo.tse.tetratelabs.io"
    var headers: [(String, String)] = []
    var body: ByteBuffer?
}

/// What ``TestHTTPClient`` received.
struct TestResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String
}

/// A tiny HTTP/1.1 client for the tests: one keep-alive connection, requests sent one after another.
final class TestHTTPClient: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to `127.0.0.1:port`.
    static func connect(port: Int, group: any EventLoopGroup) async throws -> TestHTTPClient {
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return TestHTTPClient(channel: channel)
    }

    /// Sends one request on a new connection and closes it.
    static func send(_ request: TestRequest, port: Int, group: any EventLoopGroup) async throws -> TestResponse {
        let client = try await Self.connect(port: port, group: group)
        defer { client.close() }
        return try await client.send(request)
    }

    /// Sends a request and waits for its complete response.
    func send(_ request: TestRequest) async throws -> TestResponse {
        let promise = self.channel.eventLoop.makePromise(of: TestResponse.self)
        try await self.channel.writeAndFlush(PendingRequest(request: request, promise: promise)).get()
        return try await promise.futureResult.get()
    }

    /// Whether the server kept the connection open.
    var isActive: Bool {
        self.channel.isActive
    }

    /// Closes the connection.
    func close() {
        self.channel.close(promise: nil)
    }
}

private struct PendingRequest: Sendable {
    var request: TestRequest
    var promise: EventLoopPromise<TestResponse>
}

private final class ResponseCollector: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var waiting: [EventLoopPromise<TestResponse>] = []
    private var head: HTTPResponseHead?
    private var body = ""

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let pending = self.unwrapOutboundIn(data)
        self.waiting.append(pending.promise)
        let request = pending.request
        var headers = HTTPHeaders([("host", request.host)] + request.headers)
        if let body = request.body {
            headers.add(name: "content-length", value: String(body.readableBytes))
        }
        let head = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path, headers: headers)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        if let body = request.body {
            context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.write(self.wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body = ""
        case .body(let buffer):
            self.body += String(buffer: buffer)
        case .end:
            guard let head = self.head, !self.waiting.isEmpty else { return }
            self.waiting.removeFirst().succeed(
                TestResponse(status: Int(head.status.code), headers: head.headers, body: self.body)
            )
            self.head = nil
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for promise in self.waiting { promise.fail(ChannelError.eof) }
        self.waiting = []
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        for promise in self.waiting { promise.fail(error) }
        self.waiting = []
        context.close(promise: nil)
    }
}
