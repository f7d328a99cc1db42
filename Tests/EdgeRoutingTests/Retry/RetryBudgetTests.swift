import Testing

@testable import EdgeRouting

@Suite struct WindowedRetryBudgetTests {
    static func at(milliseconds: Int64) -> MonotonicTime {
        MonotonicTime.origin.advanced(by: .milliseconds(milliseconds))
    }

    /// Acquires retries at `now` until the budget refuses; returns how many were granted.
    static func drain(_ budget: some RetryBudget, at now: MonotonicTime, limit: Int = 100_000) -> Int {
        var granted = 0
        while granted < limit, budget.tryAcquireRetry(at: now) {
            granted += 1
        }
        return granted
    }

    @Test func burstOf1000RequestsIn10SecondsAllows200PlusTheFloor() {
        let budget = WindowedRetryBudget()
        for index in 0..<1000 {
            budget.requestStarted(at: Self.at(milliseconds: Int64(index) * 10))
        }
        let now = Self.at(milliseconds: 9999)
        #expect(budget.usage(at: now) == .init(requests: 1000, retries: 0, limit: 300))
        #expect(Self.drain(budget, at: now) == 300)
        #expect(budget.usage(at: now).retries == 300)
    }

    @Test func retriesInterleavedWithRequestsNeverPassTheLimit() {
        let budget = WindowedRetryBudget()
        var granted = 0
        for index in 0..<1000 {
            let now = Self.at(milliseconds: Int64(index) * 10)
            budget.requestStarted(at: now)
            if budget.tryAcquireRetry(at: now) {
                granted += 1
            }
            // Up to 125 requests the floor covers every retry; then the limit grows by 0.2 per request.
            #expect(granted == min(index + 1, (index + 1) / 5 + 100))
        }
        #expect(granted == 300)
    }

    @Test func idleBudgetGrantsTheFloor() {
        let budget = WindowedRetryBudget()
        #expect(Self.drain(budget, at: .origin) == 100)
        let custom = WindowedRetryBudget(retryPercent: 50, minRetriesPerSecond: 0, window: .seconds(1))
        #expect(Self.drain(custom, at: .origin) == 0)
        for _ in 0..<11 {
            custom.requestStarted(at: .origin)
        }
        #expect(Self.drain(custom, at: .origin) == 5)
    }

    @Test func windowRefillsAsTimeMoves() {
        let budget = WindowedRetryBudget()
        for index in 0..<1000 {
            budget.requestStarted(at: Self.at(milliseconds: Int64(index) * 10))
        }
        #expect(Self.drain(budget, at: Self.at(milliseconds: 9999)) == 300)

        // The first second's 100 requests leave the window: limit 180 + 100, and the 300 retries of
        // second 9 still count.
        #expect(budget.usage(at: Self.at(milliseconds: 10_500)) == .init(requests: 900, retries: 300, limit: 280))
        #expect(Self.drain(budget, at: Self.at(milliseconds: 10_500)) == 0)

        // Requests of seconds 0...8 have left by 18.5 s: 100 requests, limit 120, still 300 retries.
        #expect(budget.usage(at: Self.at(milliseconds: 18_500)) == .init(requests: 100, retries: 300, limit: 120))
        #expect(Self.drain(budget, at: Self.at(milliseconds: 18_500)) == 0)

        // At 19.999 s second 9 has left too: only the floor remains, and it is available again.
        #expect(budget.usage(at: Self.at(milliseconds: 19_999)) == .init(requests: 0, retries: 0, limit: 100))
        #expect(Self.drain(budget, at: Self.at(milliseconds: 19_999)) == 100)
    }

    @Test func steadyTrafficRefillsSecondBySecond() {
        let budget = WindowedRetryBudget(retryPercent: 20, minRetriesPerSecond: 0, window: .seconds(10))
        var grantedPerSecond: [Int] = []
        for second in 0..<30 {
            for index in 0..<100 {
                budget.requestStarted(at: Self.at(milliseconds: Int64(second) * 1000 + Int64(index)))
            }
            grantedPerSecond.append(Self.drain(budget, at: Self.at(milliseconds: Int64(second) * 1000 + 500)))
        }
        // Second 0 can use 20 % of its 100 requests; each later second adds 100 requests (20 retries)
        // and, from second 10 on, returns the 20 retries of the second that left the window.
        #expect(grantedPerSecond == Array(repeating: 20, count: 30))
        #expect(budget.usage(at: Self.at(milliseconds: 29_500)) == .init(requests: 1000, retries: 200, limit: 200))
    }

    @Test func timesBeforeTheOriginWork() {
        let budget = WindowedRetryBudget(retryPercent: 100, minRetriesPerSecond: 0, window: .seconds(10))
        budget.requestStarted(at: MonotonicTime(nanoseconds: -1))
        budget.requestStarted(at: MonotonicTime(nanoseconds: -9_000_000_000))
        #expect(budget.usage(at: .origin).requests == 2)
        #expect(Self.drain(budget, at: .origin) == 2)
    }

    @Test func badValuesAreClampedNotTrapped() {
        let budget = WindowedRetryBudget(retryPercent: .nan, minRetriesPerSecond: -5, window: .zero)
        #expect(budget.retryPercent == 0 && budget.minRetriesPerSecond == 0)
        budget.requestStarted(at: .origin)
        #expect(!budget.tryAcquireRetry(at: .origin))
        let saturated = WindowedRetryBudget(retryPercent: 1e300, minRetriesPerSecond: .max, window: .seconds(Int64.max))
        #expect(saturated.tryAcquireRetry(at: .origin))
    }

    @Test func concurrentRequestsAndRetriesLoseNoCount() async {
        let budget = WindowedRetryBudget()
        let now = Self.at(milliseconds: 5000)
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var granted = 0
                    for _ in 0..<100_000 {
                        budget.requestStarted(at: now)
                        if budget.tryAcquireRetry(at: now) { granted += 1 }
                    }
                    return granted
                }
            }
            return await group.reduce(0, +)
        }
        let usage = budget.usage(at: now)
        #expect(usage.requests == 400_000)
        #expect(usage.retries == UInt64(granted))
        #expect(usage.retries <= usage.limit)
        #expect(usage.limit == 80_100)
    }
}

@Suite struct ConcurrentRetryBudgetTests {
    @Test(arguments: [(0, 3), (1, 3), (14, 3), (15, 3), (20, 4), (100, 20), (1001, 200)] as [(Int, Int)])
    func capIsTheShareOfActiveRequestsOrTheMinimum(active: Int, cap: Int) {
        let budget = ConcurrentRetryBudget()
        for _ in 0..<active {
            budget.requestStarted(at: .origin)
        }
        #expect(budget.maxActiveRetries == UInt64(cap))
        #expect(WindowedRetryBudgetTests.drain(budget, at: .origin) == cap)
        #expect(budget.activeRetries == UInt64(cap))
        budget.retryFinished()
        #expect(budget.tryAcquireRetry(at: .origin))
        #expect(!budget.tryAcquireRetry(at: .origin))
    }

    @Test func finishedRequestsLowerTheCap() {
        let budget = ConcurrentRetryBudget(budgetPercent: 50, minRetryConcurrency: 0)
        for _ in 0..<10 {
            budget.requestStarted(at: .origin)
        }
        #expect(budget.maxActiveRetries == 5)
        for _ in 0..<6 {
            budget.requestFinished()
        }
        #expect(budget.activeRequests == 4)
        #expect(WindowedRetryBudgetTests.drain(budget, at: .origin) == 2)
        // Extra finishes never make the counts wrap.
        for _ in 0..<10 {
            budget.requestFinished()
            budget.retryFinished()
        }
        #expect(budget.activeRequests == 0 && budget.activeRetries == 0)
    }

    @Test func concurrentUseLosesNoCountAndNeverPassesTheCap() async {
        let budget = ConcurrentRetryBudget(budgetPercent: 20, minRetryConcurrency: 3)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<100_000 {
                        budget.requestStarted(at: .origin)
                        if budget.tryAcquireRetry(at: .origin) {
                            // At most 4 requests are active, so never more than 3 retries.
                            #expect(budget.activeRetries <= 3)
                            budget.retryFinished()
                        }
                        budget.requestFinished()
                    }
                }
            }
        }
        #expect(budget.activeRequests == 0)
        #expect(budget.activeRetries == 0)
    }
}

@Suite struct CombinedRetryBudgetTests {
    @Test func grantsOnlyWhenEveryBudgetGrants() {
        let concurrent = ConcurrentRetryBudget(budgetPercent: 0, minRetryConcurrency: 2)
        let windowed = WindowedRetryBudget(retryPercent: 0, minRetriesPerSecond: 1, window: .seconds(3))
        let budget = CombinedRetryBudget([concurrent, windowed])
        budget.requestStarted(at: .origin)
        #expect(concurrent.activeRequests == 1 && windowed.usage(at: .origin).requests == 1)

        #expect(budget.tryAcquireRetry(at: .origin))
        #expect(budget.tryAcquireRetry(at: .origin))
        // The concurrency cap refuses first, so the window is not charged.
        #expect(!budget.tryAcquireRetry(at: .origin))
        #expect(windowed.usage(at: .origin).retries == 2)

        budget.retryFinished()
        budget.retryFinished()
        #expect(budget.tryAcquireRetry(at: .origin))
        // The window (3 retries in 3 s) refuses now; the concurrent grant is handed back.
        #expect(!budget.tryAcquireRetry(at: .origin))
        #expect(concurrent.activeRetries == 1)
        budget.requestFinished()
        #expect(concurrent.activeRequests == 0)
    }

    @Test func emptyCombinationAndUnlimitedBudgetGrantEverything() {
        let budgets: [any RetryBudget] = [CombinedRetryBudget([]), UnlimitedRetryBudget()]
        for budget in budgets {
            budget.requestStarted(at: .origin)
            #expect(WindowedRetryBudgetTests.drain(budget, at: .origin, limit: 1000) == 1000)
            budget.retryFinished()
            budget.requestFinished()
        }
    }

    @Test func policyBudgetBuildsTheDescribedBudget() throws {
        #expect(RetryPolicy.Budget.disabled.makeBudget() is UnlimitedRetryBudget)
        let windowed = try #require(RetryPolicy.Budget.defaults.makeBudget() as? WindowedRetryBudget)
        #expect(windowed.retryPercent == 20 && windowed.minRetriesPerSecond == 10 && windowed.window == .seconds(10))

        let capped = try RetryPolicy.Budget(minRetryConcurrency: 5).makeBudget()
        let combined = try #require(capped as? CombinedRetryBudget)
        let concurrent = try #require(combined.budgets.first as? ConcurrentRetryBudget)
        #expect(concurrent.budgetPercent == 20 && concurrent.minRetryConcurrency == 5)
        #expect(combined.budgets.last is WindowedRetryBudget)

        let percent = try RetryPolicy.Budget(maxConcurrentRetryPercent: 50).makeBudget() as? CombinedRetryBudget
        let concurrentPercent = try #require(percent?.budgets.first as? ConcurrentRetryBudget)
        #expect(concurrentPercent.budgetPercent == 50 && concurrentPercent.minRetryConcurrency == 3)
    }
}
