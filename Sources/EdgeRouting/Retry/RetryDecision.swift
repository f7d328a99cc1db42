/// What to do after an attempt ended: pass its response on, retry, or give up with a final answer.
///
/// ```swift
/// switch planner.decide(context, now: now, random: &random) {
/// case .done:
///     forwardUpstreamResponse()
/// case .retry(let plan):
///     schedule(after: plan.delay) { pick(excluding: plan.excluded) }
/// case .stop(let stop):
///     answer(stop.response)      // for example 503 with flags URX
/// }
/// ```
public enum RetryDecision: Hashable, Sendable {
    /// The attempt did not fail (a status below 500 that the policy does not retry): pass the upstream's
    /// response through unchanged, without flags.
    case done
    /// Retry after a delay, avoiding what the plan excludes.
    case retry(RetryPlan)
    /// Do not retry: answer with ``RetryStop/response``.
    case stop(RetryStop)
}

/// The details of a retry: when, where not to go, and which attempt it is.
public struct RetryPlan: Hashable, Sendable {
    /// How long to wait before the retry.
    public var delay: Duration
    /// What the retry's pick must avoid (pass it to the next ``RetryContext`` too).
    public var excluded: ExclusionSet
    /// The number of the retry's attempt: the ended attempt's number plus one.
    public var attempt: Int
    /// Whether the delay came from a reset header (Envoy's `upstream_rq_retry_backoff_ratelimited`)
    /// rather than the back-off strategy (`upstream_rq_retry_backoff_exponential`).
    public var isRateLimited: Bool

    /// Creates a plan.
    ///
    /// - Parameters:
    ///   - delay: How long to wait.
    ///   - excluded: What the next pick avoids.
    ///   - attempt: The number of the next attempt.
    ///   - isRateLimited: Whether the delay came from a reset header.
    public init(delay: Duration, excluded: ExclusionSet, attempt: Int, isRateLimited: Bool = false) {
        self.delay = delay
        self.excluded = excluded
        self.attempt = attempt
        self.isRateLimited = isRateLimited
    }
}

/// Why the planner gave up, and the answer the client gets.
public struct RetryStop: Hashable, Sendable {
    /// Why no retry is made.
    ///
    /// A struct over a private enum, so that reasons can be added later without breaking callers.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case notRetriable
            case retryLimitReached
            case budgetExhausted
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The attempt failed in a way the policy does not retry (or the policy allows no retries).
        public static let notRetriable = Reason(.notRetriable)
        /// The policy's ``RetryPolicy/attempts`` were used up; the answer carries `URX`.
        public static let retryLimitReached = Reason(.retryLimitReached)
        /// The retry budget refused the retry; the answer carries `UO`.
        public static let budgetExhausted = Reason(.budgetExhausted)

        /// `not-retriable`, `retry-limit-reached` or `budget-exhausted`.
        public var description: String {
            switch self.wrapped {
            case .notRetriable: return "not-retriable"
            case .retryLimitReached: return "retry-limit-reached"
            case .budgetExhausted: return "budget-exhausted"
            }
        }
    }

    /// The answer to give the client.
    public enum Response: Hashable, Sendable, CustomStringConvertible {
        /// Pass the upstream's response (with this status) through, with these flags in the access log.
        case upstream(status: Int, flags: ResponseFlags)
        /// The attempt got no response: answer with this local reply (for example `503 UF` with Envoy's
        /// `upstream connect error or disconnect/reset before headers` body, or `504 UT`).
        case local(LocalResponse)

        /// The status the client receives.
        public var status: Int {
            switch self {
            case .upstream(let status, _): return status
            case .local(let response): return response.status
            }
        }

        /// The response flags of the request.
        public var flags: ResponseFlags {
            switch self {
            case .upstream(_, let flags): return flags
            case .local(let response): return response.flags
            }
        }

        /// `503 URX (upstream)` or the local response's description.
        public var description: String {
            switch self {
            case .upstream(let status, let flags): return "\(status) \(flags) (upstream)"
            case .local(let response): return response.description
            }
        }
    }

    /// Why no retry is made.
    public var reason: Reason
    /// The answer to give the client.
    public var response: Response

    /// Creates a stop.
    ///
    /// - Parameters:
    ///   - reason: Why no retry is made.
    ///   - response: The answer to give.
    public init(reason: Reason, response: Response) {
        self.reason = reason
        self.response = response
    }
}
