import NIOCore

/// What one event loop of the proxy owns: its connection pool, its client connections, and its view
/// of the router handle.
///
/// Every loop reads the shared ``RouterHandle`` from its own context, so the request path never
/// synchronises with other loops; a reload that builds a new router visits each loop to swap it.
///
/// Loop-bound: used on ``eventLoop`` only.
final class LoopContext {
    /// The loop.
    let eventLoop: any EventLoop
    /// The proxy's settings.
    let settings: ProxySettings
    /// The loop's upstream connections.
    let pool: UpstreamConnectionPool
    /// The router requests on this loop start with.
    var handle: RouterHandle
    /// Whether the proxy is shutting down (responses then close their connections).
    var isDraining = false
    /// The open client connections, for a graceful shutdown.
    var clients: [ObjectIdentifier: any Channel] = [:]

    init(eventLoop: any EventLoop, settings: ProxySettings, handle: RouterHandle) {
        self.eventLoop = eventLoop
        self.settings = settings
        self.handle = handle
        self.pool = UpstreamConnectionPool(
            eventLoop: eventLoop,
            connectTimeout: settings.connectTimeout,
            maximumIdlePerEndpoint: settings.maximumIdleConnectionsPerEndpoint
        )
    }
}
