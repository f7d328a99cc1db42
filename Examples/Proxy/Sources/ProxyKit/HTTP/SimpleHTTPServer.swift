import NIOCore
import NIOHTTP1
import NIOPosix

/// A plain-text answer of a ``SimpleHTTPServer``.
public struct SimpleResponse: Sendable {
    /// The status.
    public var status: HTTPResponseStatus
    /// The body (sent as `text/plain`, or `application/json` when ``contentType`` says so).
    public var body: String
    /// The content type.
    public var contentType: String

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - status: The status (default `200 OK`).
    ///   - body: The body.
    ///   - contentType: The content type (default `text/plain`).
    public init(status: HTTPResponseStatus = .ok, body: String, contentType: String = "text/plain") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }
}

/// A tiny HTTP/1.1 server for operator endpoints (the proxy's admin listener, the stub's control
/// port): each request is answered by a closure from its method and target. Request bodies are read
/// and ignored.
public enum SimpleHTTPServer {
    /// Answers one request.
    public typealias Responder = @Sendable (HTTPRequestHead, any EventLoop) -> EventLoopFuture<SimpleResponse>

    /// Binds a server.
    ///
    /// - Parameters:
    ///   - host: The address (loopback in the examples).
    ///   - port: The port; 0 picks a free one.
    ///   - group: The event loops to use.
    ///   - responder: Answers each request.
    /// - Returns: The listening channel.
    public static func bind(
        host: String,
        port: Int,
        group: any EventLoopGroup,
        responder: @escaping Responder
    ) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(SimpleHTTPHandler(responder: responder))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}

/// Answers each request of a connection with the responder's text.
final class SimpleHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: SimpleHTTPServer.Responder
    private var head: HTTPRequestHead?

    init(responder: @escaping SimpleHTTPServer.Responder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head = self.head else { return }
            self.head = nil
            let keepAlive = head.isKeepAlive
            self.responder(head, context.eventLoop).assumeIsolated().whenComplete { result in
                let response: SimpleResponse
                switch result {
                case .success(let value): response = value
                case .failure(let error):
                    response = SimpleResponse(status: .internalServerError, body: "\(error)\n")
                }
                var headers = HTTPHeaders()
                headers.add(name: "content-type", value: response.contentType)
                headers.add(name: "content-length", value: String(response.body.utf8.count))
                if !keepAlive { headers.add(name: "connection", value: "close") }
                context.write(
                    self.wrapOutboundOut(
                        .head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))
                    ),
                    promise: nil
                )
                if head.method != .HEAD {
                    let buffer = context.channel.allocator.buffer(string: response.body)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                }
                let done = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: done)
                if !keepAlive {
                    done.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
