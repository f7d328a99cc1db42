import NIOCore
import NIOHTTP1

/// The last handler of a client connection's pipeline: turns each request into a ``ProxyExchange`` and
/// carries the exchange's writes, flushes and read pacing.
///
/// NIO's `HTTPServerPipelineHandler` sits in front of it, so requests arrive one at a time even when a
/// client pipelines them, and a graceful shutdown (`ChannelShouldQuiesceEvent`) closes the connection
/// once its current response is out.
///
/// Loop-bound: used on the connection's event loop only.
final class DownstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let loop: LoopContext
    private var context: ChannelHandlerContext?
    private var exchange: ProxyExchange?
    private var readPending = false
    private var clientAddress: String?

    init(loop: LoopContext) {
        self.loop = loop
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
        self.context?.write(self.wrapOutboundOut(part), promise: nil)
    }

    /// Flushes written parts.
    func flush() {
        self.context?.flush()
    }

    /// Writes and flushes the end of a response, closing the connection afterwards unless it is kept
    /// alive.
    func writeEnd(_ trailers: HTTPHeaders?, keepAlive: Bool) {
        guard let context = self.context else { return }
        if keepAlive {
            context.writeAndFlush(self.wrapOutboundOut(.end(trailers)), promise: nil)
        } else {
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(self.wrapOutboundOut(.end(trailers)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Reads from the client again if a read was held back.
    func resumeReads() {
        if self.readPending, let context = self.context {
            self.readPending = false
            context.read()
        }
    }

    /// The exchange is complete in both directions.
    func exchangeFinished(_ exchange: ProxyExchange) {
        if self.exchange === exchange { self.exchange = nil }
        self.resumeReads()
    }

    /// Closes the client connection (a response was cut short).
    func closeConnection() {
        self.context?.close(promise: nil)
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
        switch self.unwrapInboundIn(data) {
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

    func channelReadComplete(context: ChannelHandlerContext) {
        self.exchange?.clientReadComplete()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if let exchange = self.exchange, !exchange.wantsClientReads {
            self.readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.exchange?.clientWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange = self.exchange {
            self.exchange = nil
            exchange.clientClosed()
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
