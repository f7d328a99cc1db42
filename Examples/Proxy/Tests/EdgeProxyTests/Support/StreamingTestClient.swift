import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An HTTP/1.1 client for streaming tests: the test writes request parts one at a time, and can look
/// at the response as far as it has arrived. ``TestHTTPClient`` sends whole requests and hands back
/// whole responses, so it cannot tell a streamed response from a buffered one.
final class StreamingTestClient: Sendable {
    /// The response as received so far.
    struct Progress: Sendable {
        var head: HTTPResponseHead?
        var body = ""
        var ended = false
        var closed = false
    }

    private let channel: any Channel
    private let progress: Mutex<Progress>

    private init(channel: any Channel) {
        self.channel = channel
        self.progress = Mutex(Progress())
    }

    /// Connects to `127.0.0.1:port`.
    static func connect(port: Int, group: any EventLoopGroup) async throws -> StreamingTestClient {
        let box = Mutex<StreamingTestClient?>(nil)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ProgressRecorder { event in
                            box.withLock { $0 }?.record(event)
                        }
                    )
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        let client = StreamingTestClient(channel: channel)
        box.withLock { $0 = client }
        return client
    }

    /// What has arrived so far.
    var received: Progress {
        self.progress.withLock { $0 }
    }

    fileprivate func record(_ event: ProgressRecorder.Event) {
        self.progress.withLock { progress in
            switch event {
            case .part(.head(let head)): progress.head = head
            case .part(.body(let buffer)): progress.body += String(buffer: buffer)
            case .part(.end): progress.ended = true
            case .closed: progress.closed = true
            }
        }
    }

    /// Writes and flushes one request part.
    func send(_ part: HTTPClientRequestPart) async throws {
        try await self.channel.writeAndFlush(part).get()
    }

    /// Closes the connection.
    func close() {
        self.channel.close(promise: nil)
    }
}

/// Hands response parts to the client as they arrive.
private final class ProgressRecorder: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    enum Event: Sendable {
        case part(HTTPClientResponsePart)
        case closed
    }

    private let record: @Sendable (Event) -> Void

    init(record: @escaping @Sendable (Event) -> Void) {
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.record(.part(self.unwrapInboundIn(data)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.record(.closed)
        context.fireChannelInactive()
    }
}
