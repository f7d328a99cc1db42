/// What to do with a new request: forward it to an endpoint, or answer it at once.
///
/// New cases are not expected; should one be added it will be in a major release.
public enum RouteDecision: Sendable {
    /// Send the request to the attempt's endpoint, then report the outcome with
    /// ``EdgeRouter/complete(_:outcome:responseHeaders:wallClockSeconds:retryAllowed:)``.
    case forward(Attempt)
    /// Answer the client with this response without contacting any upstream: `404` (flag `NR`) when no
    /// route matches, `503` (flag `UH`, body `no healthy upstream`) when the route has no usable endpoint.
    case respond(LocalResponse)
}

/// What to do after an attempt ended: answer the client, or try again.
public enum AttemptDecision: Sendable {
    /// The request is finished: answer the client as described.
    case finish(FinalResponse)
    /// Wait ``RetryInstruction/delay`` (on the event loop, never blocking a thread), then send the
    /// request to the new attempt's endpoint and report its outcome in turn.
    case retry(RetryInstruction)
}

/// A retry the router scheduled: how long to wait, and where to go next.
public struct RetryInstruction: Sendable {
    /// The backoff to wait before sending the retry.
    public let delay: Duration
    /// The next attempt (its endpoint avoids what earlier attempts tried while an alternative exists).
    public let attempt: Attempt
}

/// How a request ends, as the client will see it.
public struct FinalResponse: Sendable, CustomStringConvertible {
    /// The status the client receives.
    public let status: Int
    /// The response flags, for the access log (`-` when none).
    public let flags: ResponseFlags
    /// The body to send when the proxy answers itself (a local reply such as `no healthy upstream`), or
    /// `nil` when the upstream's own response (whose status is ``status``) is passed through.
    public let localBody: String?
    /// How many attempts were sent upstream.
    public let attempts: Int

    /// Whether the upstream's response is passed through (as opposed to a local reply).
    public var passesUpstreamResponse: Bool {
        self.localBody == nil
    }

    /// `STATUS FLAGS after N attempt(s)`.
    public var description: String {
        "\(self.status) \(self.flags) after \(self.attempts) attempt\(self.attempts == 1 ? "" : "s")"
            + (self.localBody.map { " \"\($0)\"" } ?? "")
    }
}

extension FinalResponse {
    /// A local reply sent after `attempts` attempts.
    init(_ local: LocalResponse, attempts: Int) {
        self.init(status: local.status, flags: local.flags, localBody: local.body, attempts: attempts)
    }
}
