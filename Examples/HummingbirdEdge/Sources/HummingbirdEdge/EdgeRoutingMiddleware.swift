public import AsyncHTTPClient
public import EdgeRouting
import EdgeRoutingHTTPTypes
public import Hummingbird
import NIOCore

/// A Hummingbird middleware that makes the application an edge gateway: it routes each request through
/// an ``EdgeRouter`` to a workload cluster's ingress gateway, sends it there with AsyncHTTPClient,
/// reports how each attempt ended, and retries elsewhere after the router's back-off.
///
/// ```swift
/// let client = HTTPClient(configuration: EdgeRoutingMiddleware<BasicRequestContext>.clientConfiguration)
/// let router = Router()
/// router.add(middleware: EdgeRoutingMiddleware(router: edgeRouter, client: client))
/// router.get("/healthz") { _, _ in "ok" }  // requests for hosts the edge does not serve
/// try await Application(router: router).runService()
/// ```
///
/// **A request's life.** The middleware looks the request up (``EdgeRouter/route(_:headers:)``, with
/// the request's `:authority` and its header fields). A request for a host no edge Gateway serves goes
/// on to the application's own routes (`next`) when ``passesUnroutedRequests`` is set, as a health
/// check would; any other local answer (`503 UH`) is sent at once. Otherwise the body is read whole —
/// up to ``maximumBodySize``, beyond which the client gets `413` — so that a retry can send it again,
/// and the attempt goes to the chosen endpoint with the request's `Host`, without hop-by-hop headers,
/// and with the attempt's per-try timeout. Its outcome (the status, or a connect failure, timeout or
/// reset) goes to ``EdgeRouter/complete(_:outcome:responseHeaders:wallClockSeconds:retryAllowed:)``,
/// which answers with the next step: pass the upstream's response on (streaming its body), answer
/// locally (`503 UF,URX`), or wait the back-off and try the next endpoint — another cluster, when the
/// failed one has an alternative. A response body that fails half-way is reported as a reset
/// (``EdgeRouter/record(_:for:)``), and a request whose task is cancelled (the client went away) is
/// ended with ``EdgeRouter/cancel(_:)``, so that outlier detection and the retry budget see every
/// attempt exactly once.
///
/// **The HTTP client** must not retry or redirect on its own: the router decides where a failed
/// attempt goes next. Create it with ``clientConfiguration`` (connection establishment is not retried,
/// redirects are passed to the client); a client that retried refused connections would hold each
/// attempt for its whole connect timeout before the router could fail over.
public struct EdgeRoutingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router that chooses every attempt's endpoint.
    public let router: EdgeRouter<ContinuousClock>
    /// The client that sends the attempts.
    public let client: HTTPClient
    /// The largest request body read (and kept for retries), in bytes.
    public var maximumBodySize: Int
    /// Whether a request for a host that no edge Gateway serves (the router's `404 NR`) goes on to the
    /// application's own routes instead of being answered `404`.
    public var passesUnroutedRequests: Bool
    /// The longest an attempt may take when the retry policy sets no per-try timeout.
    public var attemptTimeout: Duration
    /// The router's retry policy: which response headers (`Retry-After`, …) its back-off reads.
    public var retries: RetryPolicy

    /// An AsyncHTTPClient configuration for upstream attempts: no retry of connection establishment
    /// (the router fails over instead), no redirects followed, and a 1 s connect timeout.
    public static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(1))
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - router: The edge router.
    ///   - client: The HTTP client for upstream attempts; see ``clientConfiguration``.
    ///   - retries: The router's retry policy, for the response headers it reads (`Retry-After`).
    ///   - maximumBodySize: The largest request body, 1 MiB by default.
    ///   - passesUnroutedRequests: Whether requests for unknown hosts go on to the application.
    ///   - attemptTimeout: The limit of an attempt without a per-try timeout; 15 s (Envoy's route
    ///     timeout) by default.
    public init(
        router: EdgeRouter<ContinuousClock>,
        client: HTTPClient,
        retries: RetryPolicy = .defaults,
        maximumBodySize: Int = 1 << 20,
        passesUnroutedRequests: Bool = true,
        attemptTimeout: Duration = .seconds(15)
    ) {
        self.router = router
        self.client = client
        self.retries = retries
        self.maximumBodySize = max(0, maximumBodySize)
        self.passesUnroutedRequests = passesUnroutedRequests
        self.attemptTimeout = attemptTimeout
    }

    /// Routes the request: to an upstream, to a local answer, or on to `next`.
    ///
    /// - Parameters:
    ///   - request: The client's request.
    ///   - context: The request context.
    ///   - next: The application's own routes.
    /// - Returns: The upstream's response, or a local one.
    /// - Throws: What `next` throws, an `HTTPError` with `413` for a body over ``maximumBodySize``, or
    ///   `CancellationError` when the request's task is cancelled.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let decision = self.router.route(RequestHead(request.head), headers: request.headers.routingValue)
        let first: Attempt
        switch decision {
        case .respond(let local):
            if self.passesUnroutedRequests && local.flags == .noRouteFound {
                return try await next(request, context)
            }
            return Self.localResponse(status: local.status, body: local.body)
        case .forward(let attempt):
            first = attempt
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: self.maximumBodySize)
        } catch {
            self.router.cancel(first)
            throw error
        }
        return try await self.forward(request, body: body, first: first)
    }

    /// The attempt loop: send, report, and follow the router's decision.
    private func forward(_ request: Request, body: ByteBuffer, first: Attempt) async throws -> Response {
        let upstream = UpstreamAttempt(request: request, body: body, client: self.client)
        var attempt = first
        while true {
            let sent: UpstreamAttempt.Result
            if let address = self.router.address(of: attempt.endpoint) {
                do {
                    sent = try await upstream.send(to: address, timeout: attempt.perTryTimeout ?? self.attemptTimeout)
                } catch {
                    // Cancelled: the client went away while the attempt was in flight.
                    self.router.cancel(attempt)
                    throw error
                }
            } else {
                sent = .failed(.connectFailure)  // the endpoint has just left the topology
            }
            let decision: AttemptDecision
            switch sent {
            case .answered(let response):
                decision = self.router.complete(
                    attempt,
                    outcome: AttemptOutcome(response.status),
                    responseHeaders: response.headers.resetHeaders(for: self.retries),
                    wallClockSeconds: UpstreamAttempt.wallClockSeconds()
                )
                if case .finish(let final) = decision, final.passesUpstreamResponse {
                    return response.passedThrough(reportingFailuresOf: attempt, to: self.router)
                }
            case .failed(let outcome):
                decision = self.router.complete(attempt, outcome: outcome)
            }
            switch decision {
            case .finish(let final):
                return Self.localResponse(status: final.status, body: final.localBody ?? "")
            case .retry(let retry):
                do {
                    try await Task.sleep(for: retry.delay)
                } catch {
                    self.router.cancel(retry.attempt)
                    throw error
                }
                attempt = retry.attempt
            }
        }
    }

    /// A local answer: the status and, when there is one, a plain-text body.
    static func localResponse(status: Int, body: String) -> Response {
        let head = HTTPResponse(localStatus: status, body: body)
        return Response(
            status: head.status,
            headers: head.headerFields,
            body: body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}
