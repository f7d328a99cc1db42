import EdgeRouting
import NIOCore
import NIOHTTP1
import NIOPosix

/// The keep-alive connections of one event loop to the ingress endpoints, keyed by ``EndpointID``.
///
/// Each event loop has its own pool, so a request and its upstream connection always share a loop:
/// forwarding needs no locks and no thread hops, and backpressure between the two channels is direct.
/// Idle connections are reused most-recently-used first; a connection the endpoint closes leaves the
/// pool at once.
///
/// Loop-bound: every method runs on ``eventLoop``.
final class UpstreamConnectionPool {
    /// The loop whose connections these are.
    let eventLoop: any EventLoop
    private let connectTimeout: TimeAmount
    private let maximumIdle: Int
    private var idle: [EndpointID: [UpstreamConnection]] = [:]
    private var addresses: [EndpointID: SocketAddress] = [:]
    private var open: [ObjectIdentifier: UpstreamConnection] = [:]

    init(eventLoop: any EventLoop, connectTimeout: TimeAmount, maximumIdlePerEndpoint: Int) {
        self.eventLoop = eventLoop
        self.connectTimeout = connectTimeout
        self.maximumIdle = maximumIdlePerEndpoint
    }

    /// How many connections are idle in the pool.
    var idleCount: Int {
        self.idle.values.reduce(0) { $0 + $1.count }
    }

    /// Hands out a connection to `endpoint`: an idle one at once (synchronously), or a new one when
    /// connected. A failure to connect is reported as ``AttemptOutcome/connectFailure``.
    func acquire(
        _ endpoint: EndpointID,
        address: EndpointAddress,
        _ completion: @escaping (Result<UpstreamConnection, ConnectFailure>) -> Void
    ) {
        // Mutated in place (no copy of the stack): the dictionary's storage is modified directly.
        while let connection = self.idle[endpoint]?.popLast() {
            if connection.isUsable {
                completion(.success(connection))
                return
            }
        }
        let bootstrap = ClientBootstrap(group: self.eventLoop)
            .connectTimeout(self.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The request heads come from a parsed request: validating them again costs ~15 % of
                    // a proxied request's instructions and can reject nothing.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                }
            }
        let connecting: EventLoopFuture<any Channel>
        if let resolved = self.resolvedAddress(of: endpoint, address: address) {
            connecting = bootstrap.connect(to: resolved)
        } else {
            connecting = bootstrap.connect(host: address.host, port: address.port)
        }
        connecting.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                let connection = UpstreamConnection(endpoint: endpoint, pool: self)
                do {
                    try channel.pipeline.syncOperations.addHandler(connection)
                } catch {
                    channel.close(promise: nil)
                    completion(.failure(ConnectFailure(cause: error)))
                    return
                }
                self.open[ObjectIdentifier(connection)] = connection
                completion(.success(connection))
            case .failure(let error):
                completion(.failure(ConnectFailure(cause: error)))
            }
        }
    }

    /// Takes back an idle connection (or closes it when the endpoint already has enough idle ones).
    func giveBack(_ connection: UpstreamConnection) {
        guard (self.idle[connection.endpoint]?.count ?? 0) < self.maximumIdle else {
            connection.close()
            return
        }
        self.idle[connection.endpoint, default: []].append(connection)
    }

    /// Forgets a connection that closed.
    func remove(_ connection: UpstreamConnection) {
        self.open[ObjectIdentifier(connection)] = nil
        self.idle[connection.endpoint]?.removeAll { $0 === connection }
    }

    /// Closes every connection (idle or busy): used at shutdown.
    func closeAll() {
        let connections = Array(self.open.values)
        self.idle = [:]
        for connection in connections { connection.close() }
    }

    /// A numeric address is parsed once and cached; a host name is resolved on each connect.
    private func resolvedAddress(of endpoint: EndpointID, address: EndpointAddress) -> SocketAddress? {
        if let cached = self.addresses[endpoint] { return cached }
        guard let resolved = try? SocketAddress(ipAddress: address.host, port: address.port) else { return nil }
        self.addresses[endpoint] = resolved
        return resolved
    }
}

/// A connection to an ingress endpoint could not be established.
struct ConnectFailure: Error {
    /// Why.
    var cause: any Error
}
