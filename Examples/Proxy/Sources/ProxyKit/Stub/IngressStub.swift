import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A stand-in for a workload cluster's ingress gateway, switchable at runtime between the states the
/// guide's drills produce:
///
/// | mode | what clients see | the guide's drill |
/// |---|---|---|
/// | `healthy` | `200`, body `<cluster>\n` | — |
/// | `failing` | `503`, body `no healthy upstream` | the upstream service scaled to 0 |
/// | `stopped` | connections refused (listener closed, open connections closed) | the ingress scaled to 0 |
///
/// Every answer carries `x-cluster: <cluster>`, and `x-request-bytes: N` when the request had a body.
///
/// A control listener answers `GET /mode`, `POST /mode/healthy|failing|stopped` and `GET /stats`
/// (request counts as `name: value` lines).
///
/// **Thread-safety.** `Sendable`; the mode is read per request from an atomic, state changes are
/// serialised.
public final class IngressStub: Sendable {
    /// What the stub does with requests.
    public enum Mode: String, Sendable, CaseIterable {
        /// Answers `200` naming its cluster.
        case healthy
        /// Answers `503 no healthy upstream`.
        case failing
        /// Refuses connections.
        case stopped

        fileprivate init(code: UInt8) {
            self = code == 0 ? .healthy : code == 1 ? .failing : .stopped
        }

        fileprivate var code: UInt8 {
            switch self {
            case .healthy: return 0
            case .failing: return 1
            case .stopped: return 2
            }
        }
    }

    private struct Listener {
        var channel: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    /// The cluster the stub stands for.
    public let cluster: String
    /// The serving address.
    public let host: String
    /// The serving port (fixed across stop and start).
    public let port: Int
    private let group: any EventLoopGroup
    private let mode = Atomic<UInt8>(0)
    private let served = Atomic<UInt64>(0)
    private let succeeded = Atomic<UInt64>(0)
    private let failed = Atomic<UInt64>(0)
    private let accepted = Atomic<UInt64>(0)
    private let listener = Mutex(Listener())
    private let control = Mutex<(any Channel)?>(nil)
    private let changeLoop: any EventLoop
    private let changes: Mutex<EventLoopFuture<Void>>

    private init(cluster: String, host: String, port: Int, group: any EventLoopGroup) {
        self.cluster = cluster
        self.host = host
        self.port = port
        self.group = group
        self.changeLoop = group.next()
        self.changes = Mutex(self.changeLoop.makeSucceededVoidFuture())
    }

    /// Starts a stub in `healthy` mode.
    ///
    /// - Parameters:
    ///   - cluster: The cluster name to answer with.
    ///   - host: The serving address (loopback).
    ///   - port: The serving port; 0 picks a free one, kept for the stub's lifetime.
    ///   - controlHost: The control address, or `nil` for no control listener.
    ///   - controlPort: The control port; 0 picks a free one.
    ///   - group: The event loops.
    /// - Returns: The running stub.
    public static func start(
        cluster: String,
        host: String = "127.0.0.1",
        port: Int = 0,
        controlHost: String? = nil,
        controlPort: Int = 0,
        group: any EventLoopGroup
    ) async throws -> IngressStub {
        let first = try await Self.bind(host: host, port: port, group: group, stub: nil).get()
        let stub = IngressStub(cluster: cluster, host: host, port: first.localAddress?.port ?? port, group: group)
        try await first.close()
        let channel = try await Self.bind(host: host, port: stub.port, group: group, stub: stub).get()
        stub.listener.withLock { $0.channel = channel }
        if let controlHost {
            let control = try await SimpleHTTPServer.bind(host: controlHost, port: controlPort, group: group) {
                head,
                loop in
                stub.answerControl(head, on: loop)
            }
            stub.control.withLock { $0 = control }
        }
        return stub
    }

    /// The control listener's port, if there is one.
    public var controlPort: Int? {
        self.control.withLock { $0?.localAddress?.port }
    }

    /// The current mode.
    public var currentMode: Mode {
        Mode(code: self.mode.load(ordering: .relaxed))
    }

    /// Requests answered so far: all, `200`, `503`.
    public var counts: (total: UInt64, ok: UInt64, failing: UInt64) {
        (
            self.served.load(ordering: .relaxed), self.succeeded.load(ordering: .relaxed),
            self.failed.load(ordering: .relaxed)
        )
    }

    /// Connections accepted so far, over the stub's lifetime: with ``counts`` it tells whether a client
    /// (the proxy's pool) reuses keep-alive connections or opens one per request.
    public var acceptedConnections: UInt64 {
        self.accepted.load(ordering: .relaxed)
    }

    /// Switches the mode; `stopped` closes the listener and every open connection, leaving it
    /// re-opens the listener on the same port. Changes are applied one after another.
    ///
    /// - Parameter mode: The new mode.
    public func setMode(_ mode: Mode) async throws {
        let loop = self.changeLoop
        let future = self.changes.withLock { tail -> EventLoopFuture<Void> in
            let next = tail.flatMapError { _ in loop.makeSucceededVoidFuture() }.flatMap { self.apply(mode) }
            tail = next
            return next
        }
        try await future.get()
    }

    /// Closes the listeners and every connection.
    public func shutdown() async {
        try? await self.setMode(.stopped)
        let control = self.control.withLock { state -> (any Channel)? in
            defer { state = nil }
            return state
        }
        try? await control?.close()
    }

    private func apply(_ mode: Mode) -> EventLoopFuture<Void> {
        let old = self.currentMode
        self.mode.store(mode.code, ordering: .relaxed)
        if mode == .stopped, old != .stopped {
            let (channel, connections) = self.listener.withLock { state in
                defer { state = Listener() }
                return (state.channel, Array(state.connections.values))
            }
            let closing = ([channel].compactMap { $0 } + connections).map { channel in
                channel.close().flatMapError { _ in channel.eventLoop.makeSucceededVoidFuture() }
            }
            return EventLoopFuture.andAllComplete(closing, on: self.changeLoop)
        }
        if mode != .stopped, old == .stopped {
            return Self.bind(host: self.host, port: self.port, group: self.group, stub: self).map { channel in
                self.listener.withLock { $0.channel = channel }
            }
        }
        return self.changeLoop.makeSucceededVoidFuture()
    }

    private func answerControl(_ head: HTTPRequestHead, on loop: any EventLoop) -> EventLoopFuture<SimpleResponse> {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        if head.method == .GET && path == "/mode" {
            return loop.makeSucceededFuture(SimpleResponse(body: "\(self.currentMode.rawValue)\n"))
        }
        if head.method == .GET && path == "/stats" {
            let counts = self.counts
            let text =
                "cluster: \(self.cluster)\nmode: \(self.currentMode.rawValue)\nrequests_total: \(counts.total)\n"
                + "requests_200: \(counts.ok)\nrequests_503: \(counts.failing)\n"
            return loop.makeSucceededFuture(SimpleResponse(body: text))
        }
        if head.method == .POST || head.method == .PUT, path.hasPrefix("/mode/"),
            let mode = Mode(rawValue: String(path.dropFirst("/mode/".count)))
        {
            let promise = loop.makePromise(of: SimpleResponse.self)
            promise.completeWithTask {
                try await self.setMode(mode)
                return SimpleResponse(body: "\(mode.rawValue)\n")
            }
            return promise.futureResult
        }
        return loop.makeSucceededFuture(
            SimpleResponse(
                status: .notFound,
                body: "GET /mode, GET /stats, POST /mode/healthy|failing|stopped\n"
            )
        )
    }

    fileprivate func track(_ channel: any Channel) {
        self.accepted.add(1, ordering: .relaxed)
        let id = ObjectIdentifier(channel)
        self.listener.withLock { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { _ in
            self.listener.withLock { _ = $0.connections.removeValue(forKey: id) }
        }
    }

    fileprivate func answer() -> (HTTPResponseStatus, String) {
        self.served.add(1, ordering: .relaxed)
        if self.mode.load(ordering: .relaxed) == 1 {
            self.failed.add(1, ordering: .relaxed)
            return (.serviceUnavailable, "no healthy upstream")
        }
        self.succeeded.add(1, ordering: .relaxed)
        return (.ok, self.cluster + "\n")
    }

    private static func bind(
        host: String,
        port: Int,
        group: any EventLoopGroup,
        stub: IngressStub?
    ) -> EventLoopFuture<any Channel> {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                stub?.track(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    if let stub {
                        try channel.pipeline.syncOperations.addHandler(StubHandler(stub: stub))
                    }
                }
            }
            .bind(host: host, port: port)
    }
}

/// Answers requests according to the stub's mode.
private final class StubHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let stub: IngressStub
    private var keepAlive = true
    private var version = HTTPVersion.http1_1
    private var received = 0

    init(stub: IngressStub) {
        self.stub = stub
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.keepAlive = head.isKeepAlive
            self.version = head.version
            self.received = 0
        case .body(let body):
            self.received += body.readableBytes
        case .end:
            let (status, body) = self.stub.answer()
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "text/plain")
            headers.add(name: "content-length", value: String(body.utf8.count))
            headers.add(name: "x-cluster", value: self.stub.cluster)
            if self.received > 0 { headers.add(name: "x-request-bytes", value: String(self.received)) }
            if !self.keepAlive { headers.add(name: "connection", value: "close") }
            context.write(
                self.wrapOutboundOut(.head(HTTPResponseHead(version: self.version, status: status, headers: headers))),
                promise: nil
            )
            context.write(
                self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))),
                promise: nil
            )
            if self.keepAlive {
                context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                let done = context.eventLoop.makePromise(of: Void.self)
                context.write(self.wrapOutboundOut(.end(nil)), promise: done)
                done.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
