import EdgeRouting

/// The router type the proxy embeds: production time, system randomness.
public typealias ProxyRouter = EdgeRouter<ContinuousClock>

/// One router together with what the request path derives from its configuration once.
///
/// All event loops share one handle; a reload that changes the router configuration builds a new
/// router and hands each loop the new handle (requests in flight finish on the router that started
/// them, which is the one their attempts belong to).
public final class RouterHandle: Sendable {
    /// The router.
    public let router: ProxyRouter
    /// The lower-cased names of the response headers the retry policy reads (`retry-after` and the
    /// like); empty when it reads none, so that no headers are copied per attempt.
    let resetHeaderNames: [String]

    /// Wraps a router.
    ///
    /// - Parameters:
    ///   - router: The router.
    ///   - configuration: The configuration it was built with.
    public init(router: ProxyRouter, configuration: EdgeRouterConfiguration) {
        self.router = router
        self.resetHeaderNames =
            configuration.retries.rateLimitedBackoff?.resetHeaders.map { $0.name.lowercased() } ?? []
    }
}
