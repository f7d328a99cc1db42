/// A budget that grants every retry: only the policy's ``RetryPolicy/attempts`` limits retries.
///
/// What a policy with `budget: { enabled: false }` uses. Stateless, so one instance can serve everything.
public final class UnlimitedRetryBudget: RetryBudget {
    /// Creates the budget.
    public init() {}

    /// Does nothing.
    ///
    /// - Parameter now: Ignored.
    @inlinable
    public func requestStarted(at now: MonotonicTime) {}

    /// Does nothing.
    @inlinable
    public func requestFinished() {}

    /// Always grants the retry.
    ///
    /// - Parameter now: Ignored.
    @inlinable
    public func tryAcquireRetry(at now: MonotonicTime) -> Bool { true }

    /// Does nothing.
    @inlinable
    public func retryFinished() {}
}
