/// Several budgets at once: a retry is granted only when every one of them grants it.
///
/// Requests are reported to every budget. A retry is acquired from the budgets in order; when one
/// refuses, the retries already taken from the earlier ones are handed back with
/// ``RetryBudget/retryFinished()``. A time-windowed budget counts a grant even when it is handed back,
/// so put budgets whose grants can be returned (``ConcurrentRetryBudget``) first and windowed ones
/// last. ``RetryPolicy/Budget/makeBudget()`` does so.
///
/// ```swift
/// let budget = CombinedRetryBudget([ConcurrentRetryBudget(), WindowedRetryBudget()])
/// ```
public final class CombinedRetryBudget: RetryBudget {
    /// The budgets, in the order retries are acquired from them.
    public let budgets: [any RetryBudget]

    /// Combines budgets; an empty list grants every retry.
    ///
    /// - Parameter budgets: The budgets, in the order retries are acquired from them.
    public init(_ budgets: [any RetryBudget]) {
        self.budgets = budgets
    }

    /// Reports the start to every budget.
    ///
    /// - Parameter now: The current time.
    public func requestStarted(at now: MonotonicTime) {
        for budget in self.budgets {
            budget.requestStarted(at: now)
        }
    }

    /// Reports the end to every budget.
    public func requestFinished() {
        for budget in self.budgets {
            budget.requestFinished()
        }
    }

    /// Acquires the retry from every budget, or from none.
    ///
    /// - Parameter now: The current time.
    public func tryAcquireRetry(at now: MonotonicTime) -> Bool {
        for (index, budget) in self.budgets.enumerated() where !budget.tryAcquireRetry(at: now) {
            for earlier in self.budgets[..<index] {
                earlier.retryFinished()
            }
            return false
        }
        return true
    }

    /// Releases the retry in every budget.
    public func retryFinished() {
        for budget in self.budgets {
            budget.retryFinished()
        }
    }
}
