import AsyncHTTPClient
import EdgeRouting
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix

/// One request's attempts at upstream endpoints: the client's request, made ready to send once and
/// sent again unchanged on every retry.
struct UpstreamAttempt: Sendable {
    /// How an attempt ended: the upstream answered, or it failed before the response head.
    enum Result: Sendable {
        case answered(UpstreamResponse)
        case failed(AttemptOutcome)
    }

    let method: NIOHTTP1.HTTPMethod
    let path: String
    let headers: HTTPHeaders
    let body: ByteBuffer?
    let client: HTTPClient

    /// Prepares the request: the client's method, path with query, end-to-end headers (the `Host`
    /// kept, since ingress gateways route by it) and body.
    init(request: Request, body: ByteBuffer, client: HTTPClient) {
        self.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
        self.path = request.head.path ?? "/"
        var headers = HTTPHeaders()
        let hopByHop = HopByHop.names(listedIn: request.headers)
        for field in request.headers where !hopByHop.contains(field.name.canonicalName) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        if !headers.contains(name: "host"), let authority = request.head.authority {
            headers.add(name: "host", value: authority)
        }
        self.headers = headers
        self.body = body.readableBytes > 0 ? body : nil
        self.client = client
    }

    /// Sends one attempt to `address` and waits for the response head.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; every other failure is a ``Result``.
    func send(to address: EndpointAddress, timeout: Duration) async throws -> Result {
        var request = HTTPClientRequest(url: "http://\(address)\(self.path)")
        request.method = self.method
        request.headers = self.headers
        if let body = self.body {
            request.body = .bytes(body)
        }
        do {
            let response = try await self.client.execute(request, timeout: Self.timeAmount(timeout))
            return .answered(UpstreamResponse(response))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .failed(Self.outcome(of: error))
        }
    }

    /// What a failure before the response head tells outlier detection and the retry policy.
    static func outcome(of error: any Error) -> AttemptOutcome {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return .connectFailure
            case .deadlineExceeded, .readTimeout: return .timeout
            case .remoteConnectionClosed: return .connectionTermination
            default: return .reset
            }
        }
        if error is NIOConnectionError { return .connectFailure }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT: return .connectFailure
            default: return .reset
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .connectFailure
        }
        return .reset
    }

    /// A `Duration` as NIO's `TimeAmount`, clamped to what it can hold.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        if seconds >= Int64.max / 1_000_000_000 { return .nanoseconds(.max) }
        return .nanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    /// The wall-clock time in seconds since 1970, for reset headers written as dates.
    static func wallClockSeconds() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
