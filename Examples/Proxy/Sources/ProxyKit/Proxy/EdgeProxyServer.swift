import EdgeRouting
import EdgeRoutingFiles
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An HTTP/1.1 reverse proxy on SwiftNIO that routes with one shared ``EdgeRouter``: the edge gateway
/// of the guide, in front of the workload clusters' ingress gateways.
///
/// ```swift
/// let proxy = try await EdgeProxyServer.start(
///     files: ProxyFiles(edge: "edge.yaml", topology: "topology.yaml"),
///     settings: ProxySettings(listenPort: 10_000, adminPort: 9901),
///     logger: logger
/// )
/// proxy.reload(trigger: "SIGHUP")     // re-read the files; a bad file keeps the running configuration
/// await proxy.shutdown()              // stop accepting, finish in-flight requests, close
/// ```
///
/// **Threads.** One event loop per thread; each loop owns its client connections and its pool of
/// keep-alive connections to the ingress endpoints, and all loops share one router, which is
/// `Sendable` and lock-free on the request path.
public final class EdgeProxyServer: Sendable {
    private struct Applied: Sendable {
        var documents: ProxyDocuments
        var fingerprint: [String]
    }

    /// The files the proxy is configured from.
    public let files: ProxyFiles
    /// The proxy's settings.
    public let settings: ProxySettings
    private let logger: Logger
    private let accessLog: AccessLogWriter?
    private let group: MultiThreadedEventLoopGroup
    private let ownsGroup: Bool
    private let loops: [ObjectIdentifier: NIOLoopBound<LoopContext>]
    private let current: Mutex<RouterHandle>
    private let applied: Mutex<Applied>
    private let channels: Mutex<(server: (any Channel)?, admin: (any Channel)?)>
    private let draining = Atomic<Bool>(false)
    private let watcher: Mutex<Task<Void, Never>?>

    private init(
        files: ProxyFiles,
        settings: ProxySettings,
        logger: Logger,
        accessLog: AccessLogWriter?,
        group: MultiThreadedEventLoopGroup,
        ownsGroup: Bool,
        loops: [ObjectIdentifier: NIOLoopBound<LoopContext>],
        handle: RouterHandle,
        applied: Applied
    ) {
        self.files = files
        self.settings = settings
        self.logger = logger
        self.accessLog = accessLog
        self.group = group
        self.ownsGroup = ownsGroup
        self.loops = loops
        self.current = Mutex(handle)
        self.applied = Mutex(applied)
        self.channels = Mutex((nil, nil))
        self.watcher = Mutex(nil)
    }

    /// Reads the files, builds the router and starts serving.
    ///
    /// - Parameters:
    ///   - files: The configuration files.
    ///   - settings: Listeners and limits.
    ///   - logger: Receives the router's events and the proxy's own messages.
    ///   - accessLog: Receives one line per request, or `nil` for none.
    ///   - group: The event loops to run on; by default the proxy creates ``ProxySettings/threads`` loops
    ///     and shuts them down in ``shutdown()``.
    /// - Returns: The running proxy.
    /// - Throws: `ConfigurationFile.Failure` (naming the file and the field) for a bad file, a
    ///   `ConfigurationError` when the Gateway does not fit the topology, or a bind error.
    public static func start(
        files: ProxyFiles,
        settings: ProxySettings,
        logger: Logger,
        accessLog: AccessLogWriter? = nil,
        group: MultiThreadedEventLoopGroup? = nil
    ) async throws -> EdgeProxyServer {
        let documents = try files.load()
        let handle = try Self.makeRouter(documents, logger: logger, accessLog: accessLog)
        let ownsGroup = group == nil
        let group = group ?? MultiThreadedEventLoopGroup(numberOfThreads: max(1, settings.threads))
        var loops: [ObjectIdentifier: NIOLoopBound<LoopContext>] = [:]
        for loop in group.makeIterator() {
            loops[ObjectIdentifier(loop)] = try await loop.submit {
                NIOLoopBound(LoopContext(eventLoop: loop, settings: settings, handle: handle), eventLoop: loop)
            }.get()
        }
        let server = EdgeProxyServer(
            files: files,
            settings: settings,
            logger: logger,
            accessLog: accessLog,
            group: group,
            ownsGroup: ownsGroup,
            loops: loops,
            handle: handle,
            applied: Applied(documents: documents, fingerprint: files.fingerprint())
        )
        do {
            try await server.bind()
        } catch {
            await server.shutdown()
            throw error
        }
        server.startWatching()
        return server
    }

    /// The router in force.
    public var router: ProxyRouter {
        self.current.withLock { $0.router }
    }

    /// The address the proxy serves on.
    public var localAddress: SocketAddress? {
        self.channels.withLock { $0.server?.localAddress }
    }

    /// The admin listener's address.
    public var adminAddress: SocketAddress? {
        self.channels.withLock { $0.admin?.localAddress }
    }

    /// Whether the proxy is shutting down.
    public var isDraining: Bool {
        self.draining.load(ordering: .relaxed)
    }

    // MARK: - Listening

    private func bind() async throws {
        let loops = self.loops
        let server = try await ServerBootstrap(group: self.group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let bound = loops[ObjectIdentifier(channel.eventLoop)] else {
                        throw ChannelError.ioOnClosedChannel
                    }
                    let loop = bound.value
                    try DownstreamHandler.configure(channel.pipeline.syncOperations, loop: loop)
                    let id = ObjectIdentifier(channel)
                    loop.clients[id] = channel
                    channel.closeFuture.assumeIsolated().whenComplete { _ in loop.clients[id] = nil }
                }
            }
            .bind(host: self.settings.listenHost, port: self.settings.listenPort)
            .get()
        self.channels.withLock { $0.server = server }
        if let adminHost = self.settings.adminHost {
            let admin = try await SimpleHTTPServer.bind(
                host: adminHost,
                port: self.settings.adminPort,
                group: self.group
            ) {
                [self] head, loop in
                loop.makeSucceededFuture(AdminEndpoints.answer(head, router: self.router, isDraining: self.isDraining))
            }
            self.channels.withLock { $0.admin = admin }
        }
        self.logger.notice(
            "edge-proxy listening",
            metadata: [
                "listen": "\(server.localAddress.map { "\($0)" } ?? "-")",
                "admin": "\(self.adminAddress.map { "\($0)" } ?? "-")",
                "threads": "\(self.loops.count)",
            ]
        )
    }

    // MARK: - Reloading

    /// Builds a router (and its observer, whose access-log timestamps start at the router's origin).
    private static func makeRouter(
        _ documents: ProxyDocuments,
        logger: Logger,
        accessLog: AccessLogWriter?
    ) throws -> RouterHandle {
        let observer = ProxyObserver(
            logger: logger,
            accessLog: accessLog,
            formatter: AccessLogFormatter(originUnixNanoseconds: WallClock.unixNanoseconds())
        )
        let router = try ProxyRouter(
            gateway: documents.gateway,
            edge: documents.edge,
            topology: documents.topology,
            configuration: documents.configuration,
            observer: observer
        )
        return RouterHandle(router: router, configuration: documents.configuration)
    }

    /// What a reload did.
    public enum ReloadResult: Sendable, Equatable {
        /// Nothing had changed.
        case unchanged
        /// The new configuration is in force.
        case applied
        /// A file was bad or did not fit; the previous configuration stays in force.
        case rejected(String)
    }

    /// Re-reads the files and applies what changed: a new topology or Gateway through the router's
    /// `update` (outlier state of surviving endpoints is kept), a changed router configuration by
    /// replacing the router. A bad file is rejected with an error naming the file and the field, and
    /// the previous configuration stays in force.
    ///
    /// Safe to call from any thread; reloads are serialised. It reads files, so call it off the event
    /// loops.
    ///
    /// - Parameter trigger: Why (for the log): `SIGHUP`, `file change`, …
    /// - Returns: What happened.
    @discardableResult
    public func reload(trigger: String) -> ReloadResult {
        self.applied.withLock { applied in
            let result = self.reloadLocked(&applied)
            switch result {
            case .unchanged:
                self.logger.info("reload: no change", metadata: ["trigger": "\(trigger)"])
            case .applied:
                self.logger.notice("reload: applied", metadata: ["trigger": "\(trigger)"])
            case .rejected(let reason):
                self.logger.error(
                    "reload rejected, the previous configuration stays in force: \(reason)",
                    metadata: ["trigger": "\(trigger)"]
                )
            }
            return result
        }
    }

    private func reloadLocked(_ applied: inout Applied) -> ReloadResult {
        applied.fingerprint = self.files.fingerprint()
        let documents: ProxyDocuments
        do {
            documents = try self.files.load()
        } catch {
            return .rejected("\(error)")
        }
        let previous = applied.documents
        if documents.configurationBytes != previous.configurationBytes {
            let replacement = documents
            let handle: RouterHandle
            do {
                handle = try Self.makeRouter(replacement, logger: self.logger, accessLog: self.accessLog)
            } catch {
                return .rejected("\(self.files.edge): \(error)")
            }
            self.install(handle)
            let file = self.files.configuration ?? "configuration"
            self.logger.warning(
                "\(file): router configuration replaced; outlier state and counters start afresh (EdgeRouter has no update(configuration:))"
            )
            applied.documents = replacement
            return .applied
        }
        let gatewayChanged = documents.gateway != previous.gateway
        let topologyChanged = documents.topology != previous.topology
        let edgeChanged = documents.edge != previous.edge
        guard gatewayChanged || topologyChanged || edgeChanged else { return .unchanged }
        do {
            // One change: either the whole new set of files takes effect, or none of it does.
            try self.router.update(
                gateway: gatewayChanged ? documents.gateway : nil,
                topology: topologyChanged ? documents.topology : nil,
                edge: edgeChanged ? documents.edge : nil
            )
        } catch {
            return .rejected("\(gatewayChanged ? self.files.edge : self.files.topology): \(error)")
        }
        applied.documents.gateway = documents.gateway
        applied.documents.topology = documents.topology
        applied.documents.edge = documents.edge
        return .applied
    }

    /// Hands every loop a new router handle.
    private func install(_ handle: RouterHandle) {
        self.current.withLock { $0 = handle }
        for bound in self.loops.values {
            bound.eventLoop.execute { bound.value.handle = handle }
        }
    }

    private func startWatching() {
        guard let interval = self.settings.watchInterval else { return }
        let task = Task.detached { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .nanoseconds(interval.nanoseconds))
                if Task.isCancelled { return }
                let fingerprint = self.files.fingerprint()
                if self.applied.withLock({ $0.fingerprint != fingerprint }) {
                    self.reload(trigger: "file change")
                }
            }
        }
        self.watcher.withLock { $0 = task }
    }

    // MARK: - Shutting down

    /// Shuts down gracefully: stops accepting, lets in-flight requests finish (closing each client
    /// connection after its current response, at most ``ProxySettings/drainTimeout``), then closes
    /// everything.
    public func shutdown() async {
        guard !self.draining.exchange(true, ordering: .relaxed) else { return }
        self.watcher.withLock { task in
            task?.cancel()
            task = nil
        }
        let (server, admin) = self.channels.withLock { $0 }
        try? await server?.close()
        let open = await self.openClients()
        self.logger.notice("edge-proxy draining", metadata: ["open_connections": "\(open)"])
        for bound in self.loops.values {
            try? await bound.eventLoop.submit {
                let loop = bound.value
                loop.isDraining = true
                for channel in loop.clients.values {
                    channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
                }
            }.get()
        }
        let deadline = NIODeadline.now() + self.settings.drainTimeout
        while await self.openClients() > 0, NIODeadline.now() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for bound in self.loops.values {
            try? await bound.eventLoop.submit {
                let loop = bound.value
                for channel in loop.clients.values { channel.close(promise: nil) }
                loop.pool.closeAll()
            }.get()
        }
        try? await admin?.close()
        self.accessLog?.flush()
        if self.ownsGroup {
            try? await self.group.shutdownGracefully()
        }
        self.logger.notice("edge-proxy stopped")
    }

    private func openClients() async -> Int {
        var total = 0
        for bound in self.loops.values {
            total += (try? await bound.eventLoop.submit { bound.value.clients.count }.get()) ?? 0
        }
        return total
    }
}
