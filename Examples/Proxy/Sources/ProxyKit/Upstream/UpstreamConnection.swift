import EdgeRouting
import Foundation
import NIOCore
import NIOHTTP1

/// What an upstream connection tells the request it currently carries. Called on the event loop.
protocol UpstreamConnectionDelegate: AnyObject {
    /// The response head arrived.
    func upstreamHead(_ head: HTTPResponseHead)
    /// A piece of the response body arrived.
    func upstreamBody(_ body: ByteBuffer)
    /// The response is complete.
    func upstreamEnd(_ trailers: HTTPHeaders?)
    /// A read burst ended: time to flush what was forwarded.
    func upstreamReadComplete()
    /// The connection broke before the response was complete.
    func upstreamFailed(_ outcome: AttemptOutcome)
    /// The connection's writability changed (request-body backpressure).
    func upstreamWritabilityChanged()
    /// Whether the client can take more response bytes now (response backpressure).
    var downstreamIsWritable: Bool { get }
}

/// One keep-alive HTTP/1.1 connection to an ingress endpoint: the last handler of its pipeline, and
/// the object the pool and the request hold.
///
/// A connection carries one request at a time. After the response it goes back to its pool if both
/// sides kept it alive and the whole request was sent; otherwise it is closed. A request that stops
/// caring about its response (a retry, a local answer) ``abandon()``s the connection: a complete
/// request's response is then read to its end and dropped, and the connection reused.
///
/// Loop-bound: every method runs on the connection's event loop.
final class UpstreamConnection: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private enum Phase {
        case idle
        case carrying
        case draining(bytes: Int)
        case closed
    }

    /// The endpoint the connection leads to.
    let endpoint: EndpointID
    /// Drained responses longer than this close the connection instead.
    private static let maximumDrainBytes = 256 * 1024

    private weak var pool: UpstreamConnectionPool?
    private var context: ChannelHandlerContext?
    private var phase = Phase.idle
    private var delegate: (any UpstreamConnectionDelegate)?
    private var requestEndWritten = false
    private var responseKeepAlive = true
    private var readPending = false
    private var lastError: (any Error)?

    init(endpoint: EndpointID, pool: UpstreamConnectionPool) {
        self.endpoint = endpoint
        self.pool = pool
    }

    /// Whether the connection can carry a request.
    var isUsable: Bool {
        if case .idle = self.phase, let context = self.context, context.channel.isActive { return true }
        return false
    }

    /// Whether more request bytes may be written without queueing.
    var isWritable: Bool {
        self.context?.channel.isWritable ?? false
    }

    /// Takes the connection for one request.
    func attach(_ delegate: any UpstreamConnectionDelegate) {
        self.phase = .carrying
        self.delegate = delegate
        self.requestEndWritten = false
        self.responseKeepAlive = true
        self.lastError = nil
    }

    /// Writes one part of the request (flushed by ``flush()``).
    func write(_ part: HTTPClientRequestPart) {
        guard let context = self.context else { return }
        if case .end = part { self.requestEndWritten = true }
        context.write(self.wrapOutboundOut(part), promise: nil)
    }

    /// Flushes written parts.
    func flush() {
        self.context?.flush()
    }

    /// The response ended: return the connection to its pool when it can be reused, else close it.
    func release() {
        self.delegate = nil
        guard case .carrying = self.phase, self.requestEndWritten, self.responseKeepAlive, let context = self.context,
            context.channel.isActive
        else {
            self.close()
            return
        }
        self.phase = .idle
        self.resumeReading()
        self.pool?.giveBack(self)
    }

    /// Gives back a connection that never carried the request it was opened for.
    func releaseUnused() {
        self.delegate = nil
        guard let context = self.context, context.channel.isActive else {
            self.close()
            return
        }
        self.phase = .idle
        self.pool?.giveBack(self)
    }

    /// The request no longer wants the response: read it to its end and reuse the connection if the
    /// request was sent completely, else close it.
    func abandon() {
        self.delegate = nil
        guard case .carrying = self.phase, self.requestEndWritten, self.responseKeepAlive else {
            self.close()
            return
        }
        self.phase = .draining(bytes: 0)
        self.resumeReading()
    }

    /// Closes the connection; the delegate hears nothing more.
    func close() {
        self.delegate = nil
        if case .closed = self.phase { return }
        self.phase = .closed
        self.context?.close(promise: nil)
    }

    /// Reads again if a read was held back for the client.
    func resumeReading() {
        if self.readPending, let context = self.context {
            self.readPending = false
            context.read()
        }
    }

    // MARK: - ChannelHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            guard head.status.code >= 200 else { return }  // informational responses are not forwarded
            self.responseKeepAlive = head.isKeepAlive
            if case .carrying = self.phase { self.delegate?.upstreamHead(head) }
        case .body(let body):
            switch self.phase {
            case .carrying:
                self.delegate?.upstreamBody(body)
            case .draining(let bytes):
                let total = bytes + body.readableBytes
                if total > Self.maximumDrainBytes {
                    self.close()
                } else {
                    self.phase = .draining(bytes: total)
                }
            case .idle, .closed:
                break
            }
        case .end(let trailers):
            switch self.phase {
            case .carrying:
                if let delegate = self.delegate {
                    delegate.upstreamEnd(trailers)
                } else {
                    self.release()
                }
            case .draining:
                self.phase = .carrying
                self.release()
            case .idle:
                // A response nobody asked for: the connection's framing cannot be trusted.
                self.close()
            case .closed:
                break
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .carrying = self.phase { self.delegate?.upstreamReadComplete() }
    }

    func read(context: ChannelHandlerContext) {
        if case .carrying = self.phase, let delegate = self.delegate, !delegate.downstreamIsWritable {
            self.readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.delegate?.upstreamWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.lastError = error
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let delegate = self.delegate
        self.delegate = nil
        self.phase = .closed
        self.pool?.remove(self)
        if let delegate {
            delegate.upstreamFailed(Self.outcome(for: self.lastError))
        }
        context.fireChannelInactive()
    }

    /// How a connection that broke before the response ended is reported: a reset when the peer
    /// reset it (`UR`), otherwise a connection termination (`UC`).
    static func outcome(for error: (any Error)?) -> AttemptOutcome {
        if let error = error as? IOError, error.errnoCode == ECONNRESET || error.errnoCode == EPIPE {
            return .reset
        }
        return .connectionTermination
    }
}
