import EdgeRouting
import NIOCore
import NIOHTTP1

/// One client request on its way through the proxy: route it, forward it to the chosen ingress
/// endpoint, report the outcome to the router, retry where the router says so (after its backoff, on
/// the event loop), and answer the client.
///
/// The request body is streamed to the upstream as it arrives, and kept for replay while it fits in
/// ``ProxySettings/maximumReplayBodyBytes``; once it is longer, parts already sent are dropped and the
/// router hears `retryAllowed: false`. The response is streamed back part by part. Both directions
/// honour backpressure: the client is not read while the upstream cannot take more, and the upstream
/// is not read while the client cannot.
///
/// Loop-bound: created and used on the client connection's event loop only.
final class ProxyExchange {
    private enum State {
        /// Waiting for a connection to the attempt's endpoint.
        case connecting(Attempt)
        /// The request is being sent or its response awaited.
        case sending(Attempt)
        /// Waiting for a retry's backoff to pass.
        case waitingForRetry(Attempt, Scheduled<Void>)
        /// Passing the upstream's response through to the client (the attempt is completed; it is kept
        /// to report a failure after the head).
        case streaming(Attempt)
        /// The client's answer is complete (or being written); the rest of its request is dropped.
        case answered
        /// Nothing more to do.
        case finished
    }

    private let downstream: DownstreamHandler
    private let loop: LoopContext
    private let handle: RouterHandle
    private let upstreamHead: HTTPRequestHead
    private let clientVersion: HTTPVersion
    private let isHeadRequest: Bool
    private var clientKeepAlive: Bool

    private var state: State
    private var upstream: UpstreamConnection?
    private var generation = 0
    private var timeout: Scheduled<Void>?

    /// Body parts received and not yet sent to the current upstream, or (while replayable) every part
    /// received, for a retry.
    private var body: [ByteBuffer] = []
    /// How many of ``body`` the current upstream already has.
    private var bodySent = 0
    private var bodyBytes = 0
    private var replayable = true
    private var requestEnded = false
    private var requestTrailers: HTTPHeaders?
    private var responseEnded = false
    private var upstreamNeedsFlush = false

    init(
        head: HTTPRequestHead,
        clientAddress: String?,
        downstream: DownstreamHandler,
        loop: LoopContext
    ) {
        self.downstream = downstream
        self.loop = loop
        self.handle = loop.handle
        self.upstreamHead = HopByHop.upstreamRequest(head, clientAddress: clientAddress)
        self.clientVersion = head.version
        self.isHeadRequest = head.method == .HEAD
        self.clientKeepAlive = head.isKeepAlive && !loop.isDraining
        self.state = .finished
        if head.headers.contains(name: "expect"),
            head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" })
        {
            downstream.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
            downstream.flush()
        }
        let request = RequestHead(
            authority: Self.authority(of: head),
            path: head.uri,
            method: head.method.rawValue,
            httpVersion: head.version == .http1_1 ? "HTTP/1.1" : "HTTP/\(head.version.major).\(head.version.minor)"
        )
        let decision = self.handle.router.route(request) { name in
            head.headers.first(name: name).map { Substring($0) }
        }
        switch decision {
        case .respond(let local):
            self.answerLocally(status: local.status, body: local.body)
        case .forward(let attempt):
            self.send(attempt)
        }
    }

    /// The `Host` header, or the authority of an absolute-form request target.
    private static func authority(of head: HTTPRequestHead) -> String {
        if let host = head.headers.first(name: "host") { return host }
        if let scheme = head.uri.range(of: "://") {
            let rest = head.uri[scheme.upperBound...]
            return String(rest.prefix { $0 != "/" && $0 != "?" })
        }
        return ""
    }

    /// Whether the whole request (up to its end) has arrived.
    var hasWholeRequest: Bool {
        self.requestEnded
    }

    /// Whether the client connection should be read now: not while the request body has nowhere to go.
    var wantsClientReads: Bool {
        switch self.state {
        case .connecting, .waitingForRetry:
            return self.requestEnded
        case .sending, .streaming:
            return self.requestEnded || (self.upstream?.isWritable ?? true)
        case .answered, .finished:
            return true
        }
    }

    // MARK: - The client's side

    /// A part of the request body arrived.
    func requestBody(_ part: ByteBuffer) {
        switch self.state {
        case .answered, .finished:
            return  // the answer is out; the rest of the body is read and dropped
        case .connecting, .sending, .streaming, .waitingForRetry:
            break
        }
        self.bodyBytes += part.readableBytes
        if self.bodyBytes > self.loop.settings.maximumReplayBodyBytes {
            self.replayable = false
        }
        self.body.append(part)
        if let upstream = self.upstream {
            upstream.write(.body(.byteBuffer(part)))
            self.upstreamNeedsFlush = true
            self.bodySent = self.body.count
            self.trimSentBody()
        }
    }

    /// The request is complete (flushed when the client's read burst ends).
    func requestEnd(_ trailers: HTTPHeaders?) {
        self.requestEnded = true
        self.requestTrailers = trailers
        if let upstream = self.upstream {
            upstream.write(.end(trailers))
            self.upstreamNeedsFlush = true
        }
        self.finishIfDone()
    }

    /// A read burst from the client ended: send what was forwarded.
    func clientReadComplete() {
        if self.upstreamNeedsFlush {
            self.upstreamNeedsFlush = false
            self.upstream?.flush()
        }
    }

    /// The client connection's writability changed.
    func clientWritabilityChanged() {
        if self.downstream.isWritable { self.upstream?.resumeReading() }
    }

    /// The client went away: stop, and tell the router if an attempt was still open.
    func clientClosed() {
        self.timeout?.cancel()
        self.timeout = nil
        switch self.state {
        case .connecting(let attempt), .sending(let attempt):
            self.handle.router.cancel(attempt)
        case .waitingForRetry(let attempt, let task):
            task.cancel()
            self.handle.router.cancel(attempt)
        case .streaming, .answered, .finished:
            break
        }
        self.generation += 1
        self.state = .finished
        self.upstream?.close()
        self.upstream = nil
        self.body = []
    }

    // MARK: - Attempts

    private func send(_ attempt: Attempt) {
        guard let address = self.handle.router.address(of: attempt.endpoint) else {
            // The endpoint left the topology between the decision and now.
            self.attemptFailed(attempt, .connectFailure)
            return
        }
        self.generation += 1
        let generation = self.generation
        self.state = .connecting(attempt)
        if let perTry = attempt.perTryTimeout {
            self.timeout = self.loop.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(perTry)) {
                self.perTryTimeoutFired(generation)
            }
        }
        self.loop.pool.acquire(attempt.endpoint, address: address) { result in
            guard generation == self.generation, case .connecting = self.state else {
                if case .success(let connection) = result { connection.releaseUnused() }
                return
            }
            switch result {
            case .success(let connection):
                self.connected(connection, attempt: attempt)
            case .failure:
                self.timeout?.cancel()
                self.timeout = nil
                self.attemptFailed(attempt, .connectFailure)
            }
        }
    }

    private func connected(_ connection: UpstreamConnection, attempt: Attempt) {
        self.state = .sending(attempt)
        self.upstream = connection
        connection.attach(self)
        connection.write(.head(self.upstreamHead))
        for part in self.body {
            connection.write(.body(.byteBuffer(part)))
        }
        self.bodySent = self.body.count
        self.trimSentBody()
        if self.requestEnded {
            connection.write(.end(self.requestTrailers))
        }
        if self.downstream.isReading {
            self.upstreamNeedsFlush = true  // flushed once, when the client's read burst ends
        } else {
            connection.flush()
        }
        self.downstream.resumeReads()
    }

    /// Once the body cannot be replayed any more, parts already sent are not kept.
    private func trimSentBody() {
        if !self.replayable && self.bodySent > 0 {
            self.body.removeFirst(self.bodySent)
            self.bodySent = 0
        }
    }

    private func perTryTimeoutFired(_ generation: Int) {
        guard generation == self.generation else { return }
        self.timeout = nil
        switch self.state {
        case .connecting(let attempt), .sending(let attempt):
            self.generation += 1
            self.upstream?.close()
            self.upstream = nil
            self.attemptFailed(attempt, .timeout)
        case .waitingForRetry, .streaming, .answered, .finished:
            break
        }
    }

    /// An attempt ended without a response: ask the router what next.
    private func attemptFailed(_ attempt: Attempt, _ outcome: AttemptOutcome) {
        let decision = self.handle.router.complete(attempt, outcome: outcome, retryAllowed: self.replayable)
        self.follow(decision)
    }

    private func follow(_ decision: AttemptDecision) {
        switch decision {
        case .finish(let final):
            self.answerLocally(status: final.status, body: final.localBody ?? "")
        case .retry(let retry):
            self.bodySent = 0
            let next = retry.attempt
            let task = self.loop.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(retry.delay)) {
                guard case .waitingForRetry = self.state else { return }
                self.send(next)
            }
            self.state = .waitingForRetry(next, task)
        }
    }

    // MARK: - The upstream's side

    private func responseHead(_ head: HTTPResponseHead) {
        guard case .sending(let attempt) = self.state, let upstream = self.upstream else { return }
        self.timeout?.cancel()
        self.timeout = nil
        let decision = self.handle.router.complete(
            attempt,
            outcome: .status(Int(head.status.code)),
            responseHeaders: self.resetHeaders(of: head),
            wallClockSeconds: self.handle.resetHeaderNames.isEmpty ? nil : WallClock.seconds(),
            retryAllowed: self.replayable
        )
        if case .finish(let final) = decision, final.passesUpstreamResponse {
            self.state = .streaming(attempt)
            self.downstream.write(.head(self.clientResponseHead(head)))
            return
        }
        // A retry or a local answer: the upstream's response is not wanted.
        self.upstream = nil
        if self.requestEnded {
            upstream.abandon()
        } else {
            upstream.close()
        }
        self.generation += 1
        self.follow(decision)
    }

    private func resetHeaders(of head: HTTPResponseHead) -> [RetryContext.ResponseHeader] {
        guard !self.handle.resetHeaderNames.isEmpty else { return [] }
        var found: [RetryContext.ResponseHeader] = []
        for name in self.handle.resetHeaderNames {
            for value in head.headers[name] {
                found.append(RetryContext.ResponseHeader(name: name, value: value))
            }
        }
        return found
    }

    /// The upstream's head as the client gets it: hop-by-hop headers removed, the client's protocol
    /// version, and the client connection's persistence.
    private func clientResponseHead(_ head: HTTPResponseHead) -> HTTPResponseHead {
        if self.clientKeepAlive, self.clientVersion == head.version, !HopByHop.needsRewriting(head.headers) {
            return head  // the common case: nothing to change, nothing to copy
        }
        var headers = head.headers
        HopByHop.strip(&headers)
        if self.clientVersion.major == 1 && self.clientVersion.minor == 0 {
            if !headers.contains(name: "content-length") {
                // HTTP/1.0 has no chunked framing: the body ends when the connection closes.
                headers.remove(name: "transfer-encoding")
                self.clientKeepAlive = false
            }
            if self.clientKeepAlive { headers.add(name: "connection", value: "keep-alive") }
        }
        if !self.clientKeepAlive {
            headers.replaceOrAdd(name: "connection", value: "close")
        }
        return HTTPResponseHead(version: self.clientVersion, status: head.status, headers: headers)
    }

    private func responseBody(_ part: ByteBuffer) {
        guard case .streaming = self.state else { return }
        self.downstream.write(.body(.byteBuffer(part)))
    }

    private func responseEnd(_ trailers: HTTPHeaders?) {
        guard case .streaming = self.state, let upstream = self.upstream else { return }
        self.upstream = nil
        if self.requestEnded {
            upstream.release()
        } else {
            upstream.close()  // the rest of the request body cannot follow on a reused connection
        }
        self.state = .answered
        self.responseEnded = true
        self.downstream.writeEnd(trailers, keepAlive: self.clientKeepAlive)
        self.finishIfDone()
    }

    private func upstreamBroke(_ outcome: AttemptOutcome) {
        self.upstream = nil
        switch self.state {
        case .sending(let attempt):
            self.timeout?.cancel()
            self.timeout = nil
            self.generation += 1
            self.attemptFailed(attempt, outcome)
        case .streaming(let attempt):
            // The response was cut short after its head went out: the client can only see a cut too,
            // and outlier detection hears of it (the attempt itself was completed with its status).
            self.handle.router.record(OutlierResult(outcome), for: attempt)
            self.state = .finished
            self.downstream.closeConnection()
        case .connecting, .waitingForRetry, .answered, .finished:
            break
        }
    }

    // MARK: - Answering

    private func answerLocally(status: Int, body: String) {
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: String(body.utf8.count))
        if !body.isEmpty {
            headers.add(name: "content-type", value: "text/plain")
        }
        headers.add(name: "server", value: "edge-proxy")
        if !self.clientKeepAlive {
            headers.add(name: "connection", value: "close")
        }
        let head = HTTPResponseHead(
            version: self.clientVersion,
            status: HTTPResponseStatus(statusCode: status),
            headers: headers
        )
        self.state = .answered
        self.body = []
        self.downstream.write(.head(head))
        if !body.isEmpty && !self.isHeadRequest {
            self.downstream.write(.body(.byteBuffer(self.downstream.allocator.buffer(string: body))))
        }
        self.responseEnded = true
        self.downstream.writeEnd(nil, keepAlive: self.clientKeepAlive)
        self.finishIfDone()
    }

    private func finishIfDone() {
        guard self.responseEnded, self.requestEnded else { return }
        if case .finished = self.state { return }
        self.state = .finished
        self.downstream.exchangeFinished(self)
    }
}

extension ProxyExchange: UpstreamConnectionDelegate {
    func upstreamHead(_ head: HTTPResponseHead) { self.responseHead(head) }

    func upstreamBody(_ body: ByteBuffer) { self.responseBody(body) }

    func upstreamEnd(_ trailers: HTTPHeaders?) { self.responseEnd(trailers) }

    func upstreamReadComplete() { self.downstream.flush() }

    func upstreamFailed(_ outcome: AttemptOutcome) { self.upstreamBroke(outcome) }

    func upstreamWritabilityChanged() {
        if self.upstream?.isWritable == true { self.downstream.resumeReads() }
    }

    var downstreamIsWritable: Bool { self.downstream.isWritable }
}

extension TimeAmount {
    /// The same span in NIO's nanoseconds (clamped).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(
            nanoseconds.overflow ? Int64.max : nanoseconds.partialValue &+ attoseconds / 1_000_000_000
        )
    }
}
