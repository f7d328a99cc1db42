/// Bounds retries across requests, so that retries cannot multiply the load on a failing destination.
///
/// **Contract.** A budget is shared by every request that uses it and is called from many threads at
/// once, so implementations are thread-safe reference types. The hot methods, ``requestStarted(at:)``,
/// ``requestFinished()``, ``tryAcquireRetry(at:)`` and ``retryFinished()``, never block, never allocate
/// and take no lock that serialises the callers (rare housekeeping, such as moving a time window on,
/// may take a short lock). Time is the caller's `now`; a budget never reads a clock, sleeps or starts a
/// timer. A budget that has seen no requests still grants whatever floor it defines.
///
/// The caller (normally ``DefaultRetryPlanner``) pairs the calls:
///
/// - ``requestStarted(at:)`` once when a request starts, ``requestFinished()`` once when it ends;
/// - ``tryAcquireRetry(at:)`` only when a retry would otherwise be made; when it returns `true` the
///   retry counts against the budget, and ``retryFinished()`` is called once when that retry's attempt
///   ends (or the retry is abandoned).
///
/// Implementations: ``WindowedRetryBudget`` (a share of the recent requests, the default),
/// ``ConcurrentRetryBudget`` (Envoy's cap on retries in flight), ``CombinedRetryBudget`` and
/// ``UnlimitedRetryBudget``. ``RetryPolicy/Budget/makeBudget()`` builds the one a policy describes.
public protocol RetryBudget: AnyObject, Sendable {
    /// Records that a request started.
    ///
    /// - Parameter now: The current time.
    func requestStarted(at now: MonotonicTime)

    /// Records that a request ended (answered or abandoned).
    func requestFinished()

    /// Takes one retry from the budget if it has one.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `true` when the retry may be made; it then counts against the budget.
    func tryAcquireRetry(at now: MonotonicTime) -> Bool

    /// Records that a retry granted by ``tryAcquireRetry(at:)`` ended (its attempt completed, or the
    /// request gave it up).
    func retryFinished()
}
