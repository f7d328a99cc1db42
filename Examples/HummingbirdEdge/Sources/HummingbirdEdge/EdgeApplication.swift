public import AsyncHTTPClient
public import EdgeRouting
public import Hummingbird

/// The edge gateway as a Hummingbird application: the routing middleware in front of the
/// application's own routes (`GET /healthz`).
public enum EdgeApplication {
    /// Builds the application.
    ///
    /// - Parameters:
    ///   - router: The edge router.
    ///   - client: The client for upstream attempts (``EdgeRoutingMiddleware/clientConfiguration``).
    ///   - retries: The router's retry policy, for the response headers it reads.
    ///   - host: The address to listen on.
    ///   - port: The port to listen on; 0 picks a free one (see `onServerRunning`).
    ///   - onServerRunning: Called with the port once the server listens.
    /// - Returns: The application, ready to `run()` or `runService()`.
    public static func make(
        router: EdgeRouter<ContinuousClock>,
        client: HTTPClient,
        retries: RetryPolicy = .defaults,
        host: String = "127.0.0.1",
        port: Int = 8080,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let routes = Router()
        routes.add(middleware: EdgeRoutingMiddleware(router: router, client: client, retries: retries))
        routes.get("/healthz") { _, _ in "ok" }
        return Application(
            router: routes,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: "hummingbird-edge"
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }
        )
    }
}
