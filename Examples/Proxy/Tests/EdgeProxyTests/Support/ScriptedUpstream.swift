import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An ingress endpoint for end-to-end tests whose answer is scripted and, where it matters, held
/// until the test releases it. The ``ProxyKit/IngressStub`` always answers at once and whole, so it
/// cannot show whether the proxy streams, what it does with a connection that breaks mid-request, or
/// whether a graceful shutdown waits for a slow answer.
///
/// Every request is read to its end first (the received body bytes are counted as they arrive), then
/// the ``Behaviour`` decides the answer. A held answer waits for ``release()``; once released, later
/// requests are answered at once.
final class ScriptedUpstream: Sendable {
    /// What the upstream does once a request has arrived.
    enum Behaviour: Sendable {
        /// `200`, body `<name>\n`, at once.
        case answer
        /// `200` with a chunked body: the head and ``firstChunk`` at once, then ``restChunk`` and the
        /// end after ``release()``.
        case streamAfterRelease
        /// `200`, body `<name>\n`, after ``release()``.
        case answerAfterRelease
        /// Closes the connection with a TCP reset (`SO_LINGER` 0) instead of answering.
        case reset
        /// Closes the connection (FIN) instead of answering.
        case close
    }

    /// The first body chunk of ``Behaviour/streamAfterRelease``.
    static let firstChunk = "first chunk\n"
    /// The rest of the body of ``Behaviour/streamAfterRelease``.
    static let restChunk = "rest of the body\n"

    private struct State {
        var requestHeads = 0
        var requestEnds = 0
        var bodyBytes = 0
        var responsesEnded = 0
        var released = false
        var waiting: [EventLoopPromise<Void>] = []
    }

    /// The name answered in bodies.
    let name: String
    let behaviour: Behaviour
    private let channel: any Channel
    private let state = Mutex(State())

    private init(name: String, behaviour: Behaviour, channel: any Channel) {
        self.name = name
        self.behaviour = behaviour
        self.channel = channel
    }

    /// Starts listening on an ephemeral loopback port.
    static func start(name: String, behaviour: Behaviour, group: any EventLoopGroup) async throws -> ScriptedUpstream {
        let box = Mutex<ScriptedUpstream?>(nil)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let upstream = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(upstream: upstream))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let upstream = ScriptedUpstream(name: name, behaviour: behaviour, channel: channel)
        box.withLock { $0 = upstream }
        return upstream
    }

    /// Runs `body` with a started upstream and shuts it down afterwards, whatever happens (a held
    /// answer is released, so nothing waits on a failed test).
    static func with(
        name: String,
        behaviour: Behaviour,
        group: any EventLoopGroup,
        _ body: (ScriptedUpstream) async throws -> Void
    ) async throws {
        let upstream = try await Self.start(name: name, behaviour: behaviour, group: group)
        do {
            try await body(upstream)
        } catch {
            await upstream.shutdown()
            throw error
        }
        await upstream.shutdown()
    }

    /// `127.0.0.1:PORT`, as the topology lists ingress endpoints.
    var address: String {
        "127.0.0.1:\(self.channel.localAddress?.port ?? 0)"
    }

    /// Request heads received so far.
    var requestHeads: Int { self.state.withLock { $0.requestHeads } }
    /// Requests received completely so far.
    var requestEnds: Int { self.state.withLock { $0.requestEnds } }
    /// Request body bytes received so far, over all requests.
    var bodyBytes: Int { self.state.withLock { $0.bodyBytes } }
    /// Responses sent completely so far.
    var responsesEnded: Int { self.state.withLock { $0.responsesEnded } }

    /// Lets held answers go out (and later ones go out at once).
    func release() {
        let waiting = self.state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for promise in waiting { promise.succeed() }
    }

    /// Releases held answers and stops listening.
    func shutdown() async {
        self.release()
        try? await self.channel.close()
    }

    fileprivate func receivedHead() { self.state.withLock { $0.requestHeads += 1 } }
    fileprivate func received(bytes: Int) { self.state.withLock { $0.bodyBytes += bytes } }
    fileprivate func receivedEnd() { self.state.withLock { $0.requestEnds += 1 } }
    fileprivate func responseEnded() { self.state.withLock { $0.responsesEnded += 1 } }

    /// A future that succeeds on ``release()`` (at once if already released).
    fileprivate func whenReleased(on loop: any EventLoop) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        let released = self.state.withLock { state in
            if !state.released { state.waiting.append(promise) }
            return state.released
        }
        if released { promise.succeed() }
        return promise.futureResult
    }
}

/// Carries out a ``ScriptedUpstream``'s behaviour on one connection.
private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let upstream: ScriptedUpstream

    init(upstream: ScriptedUpstream) {
        self.upstream = upstream
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head:
            self.upstream.receivedHead()
        case .body(let body):
            self.upstream.received(bytes: body.readableBytes)
        case .end:
            self.upstream.receivedEnd()
            self.respond(context: context)
        }
    }

    private func respond(context: ChannelHandlerContext) {
        let body = self.upstream.name + "\n"
        switch self.upstream.behaviour {
        case .answer:
            self.writeWhole(body, context: context)
        case .answerAfterRelease:
            self.upstream.whenReleased(on: context.eventLoop).assumeIsolated().whenSuccess {
                self.writeWhole(body, context: context)
            }
        case .streamAfterRelease:
            let head = HTTPResponseHead(
                version: .http1_1,
                status: .ok,
                headers: ["transfer-encoding": "chunked", "x-cluster": self.upstream.name]
            )
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            self.writeBody(ScriptedUpstream.firstChunk, context: context)
            context.flush()
            self.upstream.whenReleased(on: context.eventLoop).assumeIsolated().whenSuccess {
                self.writeBody(ScriptedUpstream.restChunk, context: context)
                self.writeEnd(context: context)
            }
        case .reset:
            let closed = context.eventLoop.makePromise(of: Void.self)
            if let options = context.channel as? any SocketOptionProvider {
                options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in closed.succeed() }
            } else {
                closed.succeed()
            }
            closed.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .close:
            context.close(promise: nil)
        }
    }

    private func writeWhole(_ body: String, context: ChannelHandlerContext) {
        let head = HTTPResponseHead(
            version: .http1_1,
            status: .ok,
            headers: ["content-length": String(body.utf8.count), "x-cluster": self.upstream.name]
        )
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        self.writeBody(body, context: context)
        self.writeEnd(context: context)
    }

    private func writeBody(_ text: String, context: ChannelHandlerContext) {
        context.write(
            self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))),
            promise: nil
        )
    }

    private func writeEnd(context: ChannelHandlerContext) {
        let upstream = self.upstream
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenSuccess { upstream.responseEnded() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
