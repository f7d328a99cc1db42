import NIOCore

/// How the proxy itself behaves: where it listens and its limits. The routing behaviour comes from
/// ``ProxyFiles``.
public struct ProxySettings: Sendable {
    /// The address the proxy serves on (loopback in every example).
    public var listenHost: String
    /// The port the proxy serves on; 0 picks a free port.
    public var listenPort: Int
    /// The admin listener's address, or `nil` for none.
    public var adminHost: String?
    /// The admin listener's port; 0 picks a free port.
    public var adminPort: Int
    /// The number of event loops (threads); each has its own connection pool.
    public var threads: Int
    /// Request bodies up to this many bytes are kept for replay on a retry; a longer body is streamed
    /// through without a copy and its request is not retried (`retryAllowed: false`).
    public var maximumReplayBodyBytes: Int
    /// How long a connection to an ingress endpoint may take to establish.
    public var connectTimeout: TimeAmount
    /// The most idle keep-alive connections kept per endpoint and event loop.
    public var maximumIdleConnectionsPerEndpoint: Int
    /// How long a graceful shutdown waits for in-flight requests before closing what is left.
    public var drainTimeout: TimeAmount
    /// How often the configuration files are checked for changes; `nil` reloads on SIGHUP only.
    public var watchInterval: TimeAmount?

    /// Creates settings; every argument has a default suitable for the examples.
    ///
    /// - Parameters:
    ///   - listenHost: The proxy's address.
    ///   - listenPort: The proxy's port.
    ///   - adminHost: The admin listener's address, or `nil`.
    ///   - adminPort: The admin listener's port.
    ///   - threads: The number of event loops.
    ///   - maximumReplayBodyBytes: The replay-buffer limit for request bodies.
    ///   - connectTimeout: The upstream connect timeout.
    ///   - maximumIdleConnectionsPerEndpoint: The idle-connection limit per endpoint and loop.
    ///   - drainTimeout: The graceful-shutdown limit.
    ///   - watchInterval: The file-check period, or `nil`.
    public init(
        listenHost: String = "127.0.0.1",
        listenPort: Int = 10_000,
        adminHost: String? = "127.0.0.1",
        adminPort: Int = 9901,
        threads: Int = System.coreCount,
        maximumReplayBodyBytes: Int = 64 * 1024,
        connectTimeout: TimeAmount = .seconds(5),
        maximumIdleConnectionsPerEndpoint: Int = 128,
        drainTimeout: TimeAmount = .seconds(30),
        watchInterval: TimeAmount? = .seconds(1)
    ) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.adminHost = adminHost
        self.adminPort = adminPort
        self.threads = threads
        self.maximumReplayBodyBytes = maximumReplayBodyBytes
        self.connectTimeout = connectTimeout
        self.maximumIdleConnectionsPerEndpoint = maximumIdleConnectionsPerEndpoint
        self.drainTimeout = drainTimeout
        self.watchInterval = watchInterval
    }
}
