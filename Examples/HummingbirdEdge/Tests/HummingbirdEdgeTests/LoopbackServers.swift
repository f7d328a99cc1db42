import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Synchronization

/// Runs `application` until `body` returns, and gives `body` the port it listens on.
///
/// The application is started with `onServerRunning` reporting its port; if it stops before it runs
/// (a bind failure), the wait ends and the error is thrown. No fixed sleep: the port arrives when the
/// server listens.
func withRunning<App: ApplicationProtocol, Result: Sendable>(
    _ make: (@escaping @Sendable (Int) async -> Void) -> App,
    _ body: (Int) async throws -> Result
) async throws -> Result {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let application = make { port in continuation.yield(port) }
    return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
        group.addTask {
            defer { continuation.finish() }
            try await application.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await group.next()
            throw ServerDidNotStart()
        }
        do {
            let result = try await body(port)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

struct ServerDidNotStart: Error {}

/// An upstream's response body that fails half-way.
struct BodyBroke: Error {}

/// An ingress gateway stand-in: answers every request with `NAME host=HOST path=PATH body=BODY`, or
/// with the status a test scripts, and counts what it received.
final class Upstream: Sendable {
    let name: String
    private let state = Mutex(State())

    struct State {
        var status = 200
        var breaksBody = false
        var requests = 0
    }

    init(name: String) {
        self.name = name
    }

    /// The status of the next answers.
    var status: Int {
        get { self.state.withLock { $0.status } }
        set { self.state.withLock { $0.status = newValue } }
    }

    /// Whether the next answers send part of their body and then drop the connection.
    var breaksBody: Bool {
        get { self.state.withLock { $0.breaksBody } }
        set { self.state.withLock { $0.breaksBody = newValue } }
    }

    /// The requests it received so far.
    var requests: Int {
        self.state.withLock { $0.requests }
    }

    /// The upstream as an application on 127.0.0.1 and a free port.
    func application(onServerRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: Answer(upstream: self))
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) }
        )
    }

    private struct Answer: RouterMiddleware {
        typealias Context = BasicRequestContext
        let upstream: Upstream

        func handle(
            _ request: Request,
            context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let (status, breaksBody) = self.upstream.state.withLock { state in
                state.requests += 1
                return (state.status, state.breaksBody)
            }
            let host = request.head.authority ?? "-"
            let text =
                "\(self.upstream.name) host=\(host) path=\(request.head.path ?? "-") body=\(String(buffer: body))"
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            headers[.connection] = "keep-alive, x-hop"
            headers[HTTPField.Name("x-hop")!] = "must not reach the client"
            if breaksBody {
                return Response(
                    status: HTTPResponse.Status(code: status),
                    headers: headers,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: "partial"))
                        throw BodyBroke()
                    }
                )
            }
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: text))
            )
        }
    }
}

/// What the client got: the status, the body and the headers.
struct Answer: Sendable {
    var status: Int
    var body: String
    var headers: [(String, String)]

    func header(_ name: String) -> String? {
        self.headers.first { $0.0.lowercased() == name }?.1
    }
}

/// Sends one request to the edge on `port` for `host`.
func request(
    _ client: HTTPClient,
    port: Int,
    host: String = "bookinfo.tse.tetratelabs.io",
    path: String = "/productpage",
    method: NIOHTTP1.HTTPMethod = .GET,
    body: String? = nil
) async throws -> Answer {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    request.method = method
    request.headers.add(name: "host", value: host)
    if let body {
        request.body = .bytes(ByteBuffer(string: body))
    }
    let response = try await client.execute(request, timeout: .seconds(10))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return Answer(
        status: Int(response.status.code),
        body: String(buffer: bytes),
        headers: response.headers.map { ($0.name, $0.value) }
    )
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `timeout`: for effects
/// that another task completes after the client already has its answer. Throws when time runs out.
func pollUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw PollTimedOut() }
        try await Task.sleep(for: .milliseconds(5))
    }
}

struct PollTimedOut: Error {}
