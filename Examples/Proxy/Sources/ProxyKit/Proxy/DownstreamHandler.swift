import NIOCore
import NIOHTTP1

/// The last handler of a client connection's pipeline (after NIO's HTTP/1.1 decoder and encoder):
/// turns each request into a ``ProxyExchange`` and carries the exchange's writes, flushes and read
/// pacing.
///
/// It does the work of NIO's `HTTPServerPipelineHandler` and `HTTPServerProtocolErrorHandler` itself,
/// because every extra handler costs a dynamic cast and a pipeline hop per request part (together
/// about a tenth of a proxied request's instructions):
///
/// - **pipelining**: requests are served one at a time; parts of a pipelined next request that arrive
///   while a response is in flight are queued (and the connection is not read further) until it ends;
/// - **graceful shutdown**: on `ChannelShouldQuiesceEvent` an idle connection closes at once, a busy
///   one after its current response;
/// - **malformed requests**: a parser error is answered `400` with `connection: close` if no response
///   has started, and the connection is closed.
///
/// Loop-bound: used on the connection's event loop only.
final class DownstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let loop: LoopContext
    private var context: ChannelHandlerContext?
    private var exchange: ProxyExchange?
    /// Parts of requests that arrived while an earlier request was still being answered.
    private var queued = CircularBuffer<HTTPServerRequestPart>()
    private var readPending = false
    private var quiescing = false
    private var responseStarted = false
    /// Whether a read burst is being delivered (writes to the upstream are flushed at its end).
    private(set) var isReading = false
    private var clientAddress: String?

    init(loop: LoopContext) {
        self.loop = loop
    }

    /// Sets up a client connection's pipeline: NIO's HTTP/1.1 encoder and decoder, then this handler.
    ///
    /// Response heads come from a parsed response or from the proxy itself, so they are not validated
    /// again (NIO's validator cost about 15 % of a proxied request's instructions).
    static func configure(_ pipeline: ChannelPipeline.SynchronousOperations, loop: LoopContext) throws {
        try pipeline.addHandler(HTTPResponseEncoder())
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try pipeline.addHandler(DownstreamHandler(loop: loop))
    }

    /// The connection's allocator.
    var allocator: ByteBufferAllocator {
        self.context?.channel.allocator ?? ByteBufferAllocator()
    }

    /// Whether the client can take more bytes now.
    var isWritable: Bool {
        self.context?.channel.isWritable ?? false
    }

    // MARK: - For the exchange

    /// Writes a response part (flushed later).
    func write(_ part: HTTPServerResponsePart) {
        if case .head(let head) = part, head.status.code >= 200 { self.responseStarted = true }
        self.context?.write(self.wrapOutboundOut(part), promise: nil)
    }

    /// Flushes written parts.
    func flush() {
        self.context?.flush()
    }

    /// Writes and flushes the end of a response, closing the connection afterwards unless it is kept
    /// alive (or the proxy is shutting down).
    func writeEnd(_ trailers: HTTPHeaders?, keepAlive: Bool) {
        guard let context = self.context else { return }
        self.responseStarted = false
        if keepAlive && !self.quiescing {
            context.writeAndFlush(self.wrapOutboundOut(.end(trailers)), promise: nil)
        } else {
            self.quiescing = true  // serve nothing more on this connection
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(self.wrapOutboundOut(.end(trailers)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Reads from the client again if a read was held back.
    func resumeReads() {
        if self.readPending, self.wantsReads, let context = self.context {
            self.readPending = false
            context.read()
        }
    }

    /// The exchange is complete in both directions: serve a queued request, if any.
    func exchangeFinished(_ exchange: ProxyExchange) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        guard !self.quiescing, let context = self.context else { return }
        while self.exchange == nil, let part = self.queued.popFirst() {
            self.handle(part, context: context)
        }
        if self.exchange != nil && !self.isReading {
            // A queued request was started outside a read burst: send what it wrote upstream.
            self.exchange?.clientReadComplete()
        }
        self.resumeReads()
    }

    /// Closes the client connection (a response was cut short).
    func closeConnection() {
        self.context?.close(promise: nil)
    }

    private var wantsReads: Bool {
        guard self.queued.isEmpty else { return false }
        return self.exchange?.wantsClientReads ?? true
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            self.exchange = ProxyExchange(
                head: head,
                clientAddress: self.clientAddress,
                downstream: self,
                loop: self.loop
            )
        case .body(let body):
            self.exchange?.requestBody(body)
        case .end(let trailers):
            self.exchange?.requestEnd(trailers)
        }
    }

    // MARK: - ChannelHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.clientAddress = context.channel.remoteAddress?.ipAddress
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = self.unwrapInboundIn(data)
        if self.quiescing { return }
        if let exchange = self.exchange, exchange.hasWholeRequest || !self.queued.isEmpty {
            self.queued.append(part)  // the next pipelined request waits for this one's answer
            return
        }
        self.isReading = true
        self.handle(part, context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.isReading = false
        self.exchange?.clientReadComplete()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if self.wantsReads {
            context.read()
        } else {
            self.readPending = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.exchange?.clientWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            self.quiescing = true
            self.queued.removeAll()
            if self.exchange == nil { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.queued.removeAll()
        if let exchange = self.exchange {
            self.exchange = nil
            exchange.clientClosed()
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError, !self.responseStarted, self.exchange == nil {
            let head = HTTPResponseHead(
                version: .http1_1,
                status: .badRequest,
                headers: ["connection": "close", "content-length": "0"]
            )
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }
}
