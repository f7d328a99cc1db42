/// Decides, after each attempt of a request, whether to retry, after what delay, and where not to go.
///
/// **Contract.** A planner is shared by every request of the routes that use it and is called from many
/// threads at once, so it is thread-safe. ``decide(_:now:random:)`` runs on the request path: it never
/// blocks, never sleeps, never allocates and reads no clock; time and randomness come from its
/// arguments, so the same inputs give the same decision. It may keep shared counters (a retry budget)
/// but no per-request state: everything about the request is in the ``RetryContext``.
///
/// The router calls, for each request:
///
/// 1. ``requestStarted(at:)`` before the first attempt;
/// 2. ``decide(_:now:random:)`` once per completed attempt, with ``RetryContext/attempt`` counting
///    from 1, until the decision is ``RetryDecision/done`` or ``RetryDecision/stop(_:)``;
/// 3. ``retryAbandoned()`` if a ``RetryDecision/retry(_:)`` is dropped before its attempt is decided
///    upon (the client went away, the route timeout expired during the back-off);
/// 4. ``requestFinished()`` once at the end.
///
/// ``DefaultRetryPlanner`` is the implementation EdgeRouting ships.
public protocol RetryPlanner: Sendable {
    /// Records that a request started (for the retry budget).
    ///
    /// - Parameter now: The current time.
    func requestStarted(at now: MonotonicTime)

    /// Decides what follows the attempt the context describes.
    ///
    /// - Parameters:
    ///   - context: The attempt that just ended.
    ///   - now: The current time.
    ///   - random: The source of back-off jitter.
    /// - Returns: Done, retry (with delay and exclusions), or stop (with the final answer).
    func decide(
        _ context: RetryContext,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) -> RetryDecision

    /// Whether `outcome` could lead to a retry at all. When it cannot, and the attempt was the request's
    /// first, the router finishes the request without calling ``decide(_:now:random:)`` (and without
    /// building its context): a successful response costs almost nothing. The default is `true`, which
    /// always asks `decide`.
    ///
    /// - Parameter outcome: How the attempt ended.
    func mayRetry(_ outcome: AttemptOutcome) -> Bool

    /// Records that a retry granted by ``decide(_:now:random:)`` was dropped before its attempt
    /// completed.
    func retryAbandoned()

    /// Records that a request ended.
    func requestFinished()
}

extension RetryPlanner {
    /// Always `true`: every outcome is passed to ``decide(_:now:random:)``.
    ///
    /// - Parameter outcome: How the attempt ended.
    public func mayRetry(_ outcome: AttemptOutcome) -> Bool {
        true
    }
}
