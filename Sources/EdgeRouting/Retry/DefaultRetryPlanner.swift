/// The retry planner: Envoy's retry state machine over a ``RetryPolicy`` and a ``RetryBudget``.
///
/// For the attempt that just ended it decides, in Envoy's order (`RetryStateImpl::shouldRetry`):
///
/// 1. **Retriable?** If the policy's conditions do not cover the outcome, the answer is
///    ``RetryDecision/done`` for a status below 500 and ``RetryStop/Reason/notRetriable`` otherwise:
///    the upstream's status is passed through, or, when there was no response, Envoy's local reply
///    (``LocalResponse/upstreamFailure(_:)``: `503 UF`, `503 UR`, `503 UC`, `503 LR`, `504 UT`).
/// 2. **Retries left?** If ``RetryPolicy/attempts`` retries were made already, stop with
///    ``RetryStop/Reason/retryLimitReached``; the answer carries `URX` besides the failure's own flag.
/// 3. **Budget?** Only now is a retry taken from the budget; if it refuses, stop with
///    ``RetryStop/Reason/budgetExhausted`` and `UO`.
/// 4. **Retry**: after the rate-limited delay when the response carried a usable reset header (see
///    ``RetryAfter``), otherwise after the back-off strategy's delay for retry number
///    ``RetryContext/attempt``; excluding what ``RetryPolicy/retryTarget`` says (only the endpoint
///    for a weighted destination).
///
/// A retry holds its budget from the grant until the next ``decide(_:now:random:)`` for the request
/// (whose context has an attempt number above 1) or ``retryAbandoned()``, as Envoy holds its retry
/// resource until the next `shouldRetry` call.
///
/// ```swift
/// let planner = DefaultRetryPlanner(policy: .defaults)
/// planner.requestStarted(at: now)
/// var random = SplitMix64(seed: 1)
/// let context = RetryContext(attempt: 1, outcome: .status(503), endpoint: e1, cluster: c1, tier: 0)
/// if case .retry(let plan) = planner.decide(context, now: now, random: &random) {
///     // wait plan.delay, then pick excluding plan.excluded (cluster c1 and endpoint e1)
/// }
/// ```
public struct DefaultRetryPlanner: RetryPlanner {
    /// The policy.
    public let policy: RetryPolicy
    /// The budget every request of this planner draws retries from.
    public let budget: any RetryBudget
    /// The back-off strategy.
    public let backoff: any BackoffStrategy

    private let resetHeaders: [RetryPolicy.ResetHeader]
    private let resetMaxInterval: Duration

    /// Creates a planner with the budget and back-off the policy describes.
    ///
    /// - Parameter policy: The retry policy.
    public init(policy: RetryPolicy) {
        self.init(policy: policy, budget: policy.budget.makeBudget(), backoff: policy.backoff.makeStrategy())
    }

    /// Creates a planner with a given budget (to share one between planners, or to supply another
    /// implementation).
    ///
    /// - Parameters:
    ///   - policy: The retry policy.
    ///   - budget: The budget to draw retries from.
    public init(policy: RetryPolicy, budget: any RetryBudget) {
        self.init(policy: policy, budget: budget, backoff: policy.backoff.makeStrategy())
    }

    /// Creates a planner with a given budget and back-off strategy.
    ///
    /// - Parameters:
    ///   - policy: The retry policy; its ``RetryPolicy/backoff`` is not used.
    ///   - budget: The budget to draw retries from.
    ///   - backoff: The back-off strategy.
    public init(policy: RetryPolicy, budget: any RetryBudget, backoff: any BackoffStrategy) {
        self.policy = policy
        self.budget = budget
        self.backoff = backoff
        self.resetHeaders = policy.rateLimitedBackoff?.resetHeaders ?? []
        self.resetMaxInterval = policy.rateLimitedBackoff?.maxInterval ?? .zero
    }

    /// Counts the request in the budget.
    ///
    /// - Parameter now: The current time.
    @inline(__always)
    public func requestStarted(at now: MonotonicTime) {
        self.budget.requestStarted(at: now)
    }

    /// Whether the policy retries `outcome` at all (``RetryPolicy/isRetriable(_:)``).
    ///
    /// - Parameter outcome: How the attempt ended.
    @inline(__always)
    public func mayRetry(_ outcome: AttemptOutcome) -> Bool {
        self.policy.isRetriable(outcome)
    }

    /// Releases the budget of a retry that was dropped.
    @inline(__always)
    public func retryAbandoned() {
        self.budget.retryFinished()
    }

    /// Ends the request in the budget.
    @inline(__always)
    public func requestFinished() {
        self.budget.requestFinished()
    }

    /// Decides what follows the attempt the context describes (see the type's discussion).
    ///
    /// - Parameters:
    ///   - context: The attempt that just ended; an ``RetryContext/attempt`` below 1 reads as 1.
    ///   - now: The current time, for the budget.
    ///   - random: The source of back-off jitter; at most one number is drawn.
    /// - Returns: The decision.
    public func decide(
        _ context: RetryContext,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) -> RetryDecision {
        let attempt = max(1, context.attempt)
        if attempt > 1 {
            // The attempt that ended was a retry: its hold on the budget ends here.
            self.budget.retryFinished()
        }
        let outcome = context.outcome
        guard self.policy.isRetriable(outcome) else {
            if outcome.isLocalOrigin || (outcome.statusCode ?? 0) >= 500 {
                return .stop(RetryStop(reason: .notRetriable, response: Self.response(for: outcome, adding: [])))
            }
            return .done
        }
        guard attempt <= self.policy.attempts else {
            return .stop(
                RetryStop(
                    reason: .retryLimitReached,
                    response: Self.response(for: outcome, adding: .upstreamRetryLimitExceeded)
                )
            )
        }
        guard self.budget.tryAcquireRetry(at: now) else {
            return .stop(
                RetryStop(reason: .budgetExhausted, response: Self.response(for: outcome, adding: .upstreamOverflow))
            )
        }
        let excluded = self.policy.retryTarget.exclusions(
            adding: context.excluded,
            endpoint: context.endpoint,
            cluster: context.cluster,
            tier: context.tier,
            weighted: context.isWeighted
        )
        if outcome.statusCode != nil, let interval = self.resetInterval(context),
            interval > .milliseconds(1)
        {
            let delay = RetryAfter.jitteredDelay(forInterval: interval, random: &random)
            return .retry(RetryPlan(delay: delay, excluded: excluded, attempt: attempt + 1, isRateLimited: true))
        }
        let delay = self.backoff.delay(forRetry: attempt, previousDelay: context.previousDelay, random: &random)
        return .retry(RetryPlan(delay: max(.zero, delay), excluded: excluded, attempt: attempt + 1))
    }

    /// The final answer for an outcome that is not retried: the upstream's status, or Envoy's local reply.
    private static func response(for outcome: AttemptOutcome, adding flags: ResponseFlags) -> RetryStop.Response {
        if let status = outcome.statusCode {
            return .upstream(status: status, flags: flags)
        }
        // Every outcome without a status has a local reply (built once, so answering allocates nothing).
        var local = LocalResponse.upstreamFailure(outcome) ?? .noHealthyUpstream
        local.flags.formUnion(flags)
        return .local(local)
    }

    /// Envoy's local replies for the outcomes without a status, built once.
    /// Envoy's `parseResetInterval`: the first configured header present in the response whose value
    /// parses to an interval no longer than the maximum.
    private func resetInterval(_ context: RetryContext) -> Duration? {
        if self.resetHeaders.isEmpty || context.responseHeaders.isEmpty { return nil }
        for header in self.resetHeaders {
            guard let value = Self.firstValue(of: header.name, in: context.responseHeaders) else { continue }
            if let interval = RetryAfter.interval(parsing: value, format: header.format, now: context.wallClockSeconds),
                interval <= self.resetMaxInterval
            {
                return interval
            }
        }
        return nil
    }

    private static func firstValue(of lowercasedName: String, in headers: [RetryContext.ResponseHeader]) -> String? {
        for header in headers where Self.equalIgnoringASCIICase(header.name, lowercasedName) {
            return header.value
        }
        return nil
    }

    private static func equalIgnoringASCIICase(_ name: String, _ lowercased: String) -> Bool {
        var other = lowercased.utf8.makeIterator()
        for byte in name.utf8 {
            guard let expected = other.next() else { return false }
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            if folded != expected { return false }
        }
        return other.next() == nil
    }
}
