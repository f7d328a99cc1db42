import Synchronization
import Testing

@testable import EdgeRouting

/// A budget that counts the calls made to it and grants while `grants` lasts.
final class SpyRetryBudget: RetryBudget {
    let started = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let acquired = Atomic<Int>(0)
    let released = Atomic<Int>(0)
    let remaining: Atomic<Int>

    init(grants: Int = .max) {
        self.remaining = Atomic(grants)
    }

    func requestStarted(at now: MonotonicTime) { self.started.add(1, ordering: .relaxed) }
    func requestFinished() { self.finished.add(1, ordering: .relaxed) }
    func retryFinished() { self.released.add(1, ordering: .relaxed) }
    func tryAcquireRetry(at now: MonotonicTime) -> Bool {
        self.acquired.add(1, ordering: .relaxed)
        return self.remaining.subtract(1, ordering: .relaxed).newValue >= 0
    }
}

@Suite struct DefaultRetryPlannerTests {
    static let endpoint1 = EndpointID(rawValue: 11)
    static let endpoint2 = EndpointID(rawValue: 21)
    static let cluster1 = ClusterID(rawValue: 1)
    static let cluster2 = ClusterID(rawValue: 2)
    static let now = MonotonicTime.origin.advanced(by: .seconds(100))

    static func context(
        attempt: Int = 1,
        _ outcome: AttemptOutcome,
        weighted: Bool = false,
        headers: [RetryContext.ResponseHeader] = [],
        wallClock: Int64? = nil
    ) -> RetryContext {
        RetryContext(
            attempt: attempt,
            outcome: outcome,
            endpoint: Self.endpoint1,
            cluster: Self.cluster1,
            tier: 0,
            isWeighted: weighted,
            responseHeaders: headers,
            wallClockSeconds: wallClock
        )
    }

    static func decide(
        _ planner: DefaultRetryPlanner,
        _ context: RetryContext,
        seed: UInt64 = 42
    ) -> RetryDecision {
        var random = SplitMix64(seed: seed)
        return planner.decide(context, now: Self.now, random: &random)
    }

    @Test func guideExample503OnCluster1IsRetriedOnAnotherClusterAfterJitteredBackoff() throws {
        // cluster-1's upstream is scaled to 0: its ingress answers 503 (flag UH in its own log).
        let budget = SpyRetryBudget()
        let planner = DefaultRetryPlanner(policy: .defaults, budget: budget)
        planner.requestStarted(at: Self.now)
        guard case .retry(let plan) = Self.decide(planner, Self.context(.status(503))) else {
            Issue.record("expected a retry")
            return
        }
        #expect(plan.attempt == 2)
        #expect(plan.delay == .milliseconds(13))  // seed 42, first retry: uniform in 0..<25 ms
        #expect(!plan.isRateLimited)
        #expect(plan.excluded.contains(cluster: Self.cluster1) && plan.excluded.contains(endpoint: Self.endpoint1))
        #expect(!plan.excluded.contains(tier: 0))

        // The retry lands on cluster-2 and succeeds: the response is passed through.
        let second = RetryContext(
            attempt: 2,
            outcome: .status(200),
            endpoint: Self.endpoint2,
            cluster: Self.cluster2,
            tier: 1,
            excluded: plan.excluded,
            previousDelay: plan.delay
        )
        #expect(Self.decide(planner, second) == .done)
        planner.requestFinished()
        #expect(budget.acquired.load(ordering: .relaxed) == 1)
        #expect(budget.released.load(ordering: .relaxed) == 1)
        #expect(budget.started.load(ordering: .relaxed) == 1 && budget.finished.load(ordering: .relaxed) == 1)
    }

    @Test(arguments: [
        (AttemptOutcome.status(503), RetryStop.Response.upstream(status: 503, flags: .upstreamRetryLimitExceeded)),
        (
            .connectFailure,
            .local(
                LocalResponse(
                    status: 503,
                    flags: [.upstreamConnectionFailure, .upstreamRetryLimitExceeded],
                    body: "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
                )
            )
        ),
        (
            .reset,
            .local(
                LocalResponse(
                    status: 503,
                    flags: [.upstreamRemoteReset, .upstreamRetryLimitExceeded],
                    body: "upstream connect error or disconnect/reset before headers. reset reason: remote reset"
                )
            )
        ),
    ])
    func retryLimitStopsWithURX(outcome: AttemptOutcome, response: RetryStop.Response) {
        let budget = SpyRetryBudget()
        let planner = DefaultRetryPlanner(policy: .defaults, budget: budget)
        for attempt in 1...2 {
            guard case .retry(let plan) = Self.decide(planner, Self.context(attempt: attempt, outcome)) else {
                Issue.record("attempt \(attempt) should be retried")
                return
            }
            #expect(plan.attempt == attempt + 1)
        }
        let decision = Self.decide(planner, Self.context(attempt: 3, outcome))
        #expect(decision == .stop(RetryStop(reason: .retryLimitReached, response: response)))
        // The limit is checked before the budget: only the two retries were acquired.
        #expect(budget.acquired.load(ordering: .relaxed) == 2)
        #expect(budget.released.load(ordering: .relaxed) == 2)
    }

    @Test(arguments: [
        (AttemptOutcome.status(503), RetryStop.Response.upstream(status: 503, flags: .upstreamOverflow)),
        (
            .timeout,
            .local(
                LocalResponse(
                    status: 504,
                    flags: [.upstreamRequestTimeout, .upstreamOverflow],
                    body: "upstream request timeout"
                )
            )
        ),
    ])
    func exhaustedBudgetStopsWithUO(outcome: AttemptOutcome, response: RetryStop.Response) throws {
        let policy = try RetryPolicy(retryOn: [.serverError])
        let planner = DefaultRetryPlanner(
            policy: policy,
            budget: ConcurrentRetryBudget(budgetPercent: 0, minRetryConcurrency: 0)
        )
        let decision = Self.decide(planner, Self.context(outcome))
        #expect(decision == .stop(RetryStop(reason: .budgetExhausted, response: response)))
        #expect(decision != .done)
    }

    @Test(arguments: [
        (AttemptOutcome.status(200), RetryDecision.done),
        (.status(404), .done),
        (.status(409), .done),
        (.status(429), .done),
        (.status(500), .stop(RetryStop(reason: .notRetriable, response: .upstream(status: 500, flags: [])))),
        (.status(502), .stop(RetryStop(reason: .notRetriable, response: .upstream(status: 502, flags: [])))),
    ])
    func notRetriableOutcomesAreAnsweredWithoutTouchingTheBudget(outcome: AttemptOutcome, expected: RetryDecision) {
        let budget = SpyRetryBudget()
        let planner = DefaultRetryPlanner(policy: .defaults, budget: budget)
        #expect(Self.decide(planner, Self.context(outcome)) == expected)
        #expect(budget.acquired.load(ordering: .relaxed) == 0)
    }

    @Test func localFailureNotRetriedGetsEnvoysLocalReply() throws {
        let planner = DefaultRetryPlanner(policy: try RetryPolicy(retryOn: [.connectFailure]), budget: SpyRetryBudget())
        let expected = LocalResponse(status: 504, flags: .upstreamRequestTimeout, body: "upstream request timeout")
        #expect(
            Self.decide(planner, Self.context(.timeout))
                == .stop(RetryStop(reason: .notRetriable, response: .local(expected)))
        )
    }

    @Test func zeroAttemptsDisableRetriesWithoutURX() throws {
        let budget = SpyRetryBudget()
        let planner = DefaultRetryPlanner(policy: try RetryPolicy(attempts: 0), budget: budget)
        let decision = Self.decide(planner, Self.context(.status(503)))
        #expect(decision == .stop(RetryStop(reason: .notRetriable, response: .upstream(status: 503, flags: []))))
        #expect(budget.acquired.load(ordering: .relaxed) == 0)
    }

    @Test func retriable4xxAtTheLimitPassesThe409Through() throws {
        let planner = DefaultRetryPlanner(policy: try RetryPolicy(attempts: 1, retryOn: [.retriable4xx]))
        guard case .retry = Self.decide(planner, Self.context(.status(409))) else {
            Issue.record("expected a retry")
            return
        }
        let decision = Self.decide(planner, Self.context(attempt: 2, .status(409)))
        #expect(
            decision
                == .stop(
                    RetryStop(
                        reason: .retryLimitReached,
                        response: .upstream(status: 409, flags: .upstreamRetryLimitExceeded)
                    )
                )
        )
    }

    @Test(arguments: [
        (RetryTarget.differentEndpoint, false, [EndpointID(rawValue: 11)], [ClusterID](), [Int]()),
        (.differentCluster, false, [EndpointID(rawValue: 11)], [ClusterID(rawValue: 1)], []),
        (.differentTier, false, [EndpointID(rawValue: 11)], [ClusterID(rawValue: 1)], [0]),
        (.differentEndpoint, true, [EndpointID(rawValue: 11)], [], []),
        (.differentCluster, true, [EndpointID(rawValue: 11)], [], []),
        (.differentTier, true, [EndpointID(rawValue: 11)], [], []),
    ])
    func exclusionsFollowTheTargetAndWeightedStaysInItsCluster(
        target: RetryTarget,
        weighted: Bool,
        endpoints: [EndpointID],
        clusters: [ClusterID],
        tiers: [Int]
    ) throws {
        let planner = DefaultRetryPlanner(policy: try RetryPolicy(retryTarget: target))
        guard case .retry(let plan) = Self.decide(planner, Self.context(.connectFailure, weighted: weighted)) else {
            Issue.record("expected a retry")
            return
        }
        #expect(plan.excluded.endpoints == endpoints)
        #expect(plan.excluded.clusters == clusters)
        #expect(plan.excluded.tiers == tiers)
    }

    @Test func exclusionsAccumulateOverRetries() {
        let planner = DefaultRetryPlanner(policy: .defaults)
        var excluded = ExclusionSet()
        excluded.insert(endpoint: Self.endpoint2)
        excluded.insert(cluster: Self.cluster2)
        var context = Self.context(attempt: 2, .reset)
        context.excluded = excluded
        guard case .retry(let plan) = Self.decide(planner, context) else {
            Issue.record("expected a retry")
            return
        }
        #expect(Set(plan.excluded.endpoints) == [Self.endpoint1, Self.endpoint2])
        #expect(Set(plan.excluded.clusters) == [Self.cluster1, Self.cluster2])
        #expect(plan.attempt == 3)
        // Second retry: bound 50 ms.
        #expect(plan.delay < .milliseconds(50))
    }

    @Test func backoffUsesTheRetryNumberAndPreviousDelay() throws {
        let exponential = DefaultRetryPlanner(policy: .defaults)
        var delays: [Duration] = []
        var random = SplitMix64(seed: 42)
        for attempt in 1...2 {
            if case .retry(let plan) = exponential.decide(
                Self.context(attempt: attempt, .connectFailure),
                now: Self.now,
                random: &random
            ) {
                delays.append(plan.delay)
            }
        }
        #expect(delays == [.milliseconds(13), .milliseconds(41)])

        let decorrelated = DefaultRetryPlanner(
            policy: try RetryPolicy(backoff: RetryPolicy.Backoff(strategy: .decorrelatedJitter))
        )
        var context = Self.context(attempt: 2, .connectFailure)
        context.previousDelay = .milliseconds(38)
        random = SplitMix64(seed: 43)
        guard case .retry(let plan) = decorrelated.decide(context, now: Self.now, random: &random) else {
            Issue.record("expected a retry")
            return
        }
        #expect(plan.delay >= .milliseconds(25) && plan.delay < .milliseconds(114))
    }

    static let rateLimitedPolicy = try! RetryPolicy(
        retryOn: [.retriableStatusCodes, .connectFailure],
        retriableStatusCodes: [429, 503],
        rateLimitedBackoff: RetryPolicy.RateLimitedBackoff(
            resetHeaders: [
                RetryPolicy.ResetHeader(name: "retry-after", format: .seconds),
                RetryPolicy.ResetHeader(name: "retry-after", format: .httpDate),
                RetryPolicy.ResetHeader(name: "X-RateLimit-Reset", format: .unixTimestamp),
            ],
            maxInterval: .seconds(300)
        )
    )

    @Test(
        arguments: [
            // (headers, wall clock, rate limited?, lowest delay, highest delay (exclusive))
            ([("Retry-After", "2")], nil, true, Duration.seconds(2), Duration.seconds(3)),
            ([("RETRY-AFTER", "300")], nil, true, .seconds(300), .seconds(450)),
            // Longer than the 300 s maximum: discarded, and the exponential back-off applies.
            ([("retry-after", "301")], nil, false, .zero, .milliseconds(25)),
            // A discarded header lets the next configured one decide.
            ([("retry-after", "301"), ("x-ratelimit-reset", "1000060")], 1_000_000, true, .seconds(60), .seconds(90)),
            ([("retry-after", "Thu, 01 Jan 1970 00:00:10 GMT")], 0, true, .seconds(10), .seconds(15)),
            // Only the first value of a repeated header is read.
            ([("retry-after", "soon"), ("retry-after", "5")], nil, false, .zero, .milliseconds(25)),
            // A zero interval falls back to the exponential back-off.
            ([("retry-after", "0")], nil, false, .zero, .milliseconds(25)),
            ([("x-other", "5")], nil, false, .zero, .milliseconds(25)),
        ] as [([(String, String)], Int64?, Bool, Duration, Duration)]
    )
    func resetHeadersDriveTheDelay(
        headers: [(String, String)],
        wallClock: Int64?,
        rateLimited: Bool,
        low: Duration,
        high: Duration
    ) {
        let planner = DefaultRetryPlanner(policy: Self.rateLimitedPolicy)
        let context = Self.context(
            .status(429),
            headers: headers.map { RetryContext.ResponseHeader(name: $0.0, value: $0.1) },
            wallClock: wallClock
        )
        for seed in 0..<50 as Range<UInt64> {
            guard case .retry(let plan) = Self.decide(planner, context, seed: seed) else {
                Issue.record("expected a retry")
                return
            }
            #expect(plan.isRateLimited == rateLimited)
            #expect(plan.delay >= low && plan.delay < high)
        }
    }

    @Test func rateLimitedDelayIsExactForSeed42AndIgnoredForLocalFailures() {
        let planner = DefaultRetryPlanner(policy: Self.rateLimitedPolicy)
        let headers = [RetryContext.ResponseHeader(name: "Retry-After", value: "120")]
        guard case .retry(let plan) = Self.decide(planner, Self.context(.status(503), headers: headers)) else {
            Issue.record("expected a retry")
            return
        }
        #expect(plan.delay == .milliseconds(155_413) && plan.isRateLimited)
        guard case .retry(let local) = Self.decide(planner, Self.context(.connectFailure, headers: headers)) else {
            Issue.record("expected a retry")
            return
        }
        #expect(!local.isRateLimited && local.delay == .milliseconds(13))
    }

    @Test func abandonedRetryReleasesTheBudget() {
        let budget = ConcurrentRetryBudget(budgetPercent: 0, minRetryConcurrency: 1)
        let planner = DefaultRetryPlanner(policy: .defaults, budget: budget)
        planner.requestStarted(at: Self.now)
        guard case .retry = Self.decide(planner, Self.context(.connectFailure)) else {
            Issue.record("expected a retry")
            return
        }
        #expect(budget.activeRetries == 1)
        guard case .stop(let stop) = Self.decide(planner, Self.context(.connectFailure)) else {
            Issue.record("expected a stop")
            return
        }
        #expect(
            stop.reason == .budgetExhausted && stop.response.flags == [.upstreamConnectionFailure, .upstreamOverflow]
        )
        planner.retryAbandoned()
        planner.requestFinished()
        #expect(budget.activeRetries == 0 && budget.activeRequests == 0)
    }

    @Test func attemptNumbersBelowOneReadAsOne() {
        let budget = SpyRetryBudget()
        let planner = DefaultRetryPlanner(policy: .defaults, budget: budget)
        guard case .retry(let plan) = Self.decide(planner, Self.context(attempt: -3, .refusedStream)) else {
            Issue.record("expected a retry")
            return
        }
        #expect(plan.attempt == 2)
        #expect(budget.released.load(ordering: .relaxed) == 0)
    }

    @Test func decisionsDescribeThemselves() {
        #expect(RetryStop.Reason.retryLimitReached.description == "retry-limit-reached")
        #expect(
            RetryStop.Response.upstream(status: 503, flags: .upstreamRetryLimitExceeded).description
                == "503 URX (upstream)"
        )
        #expect(RetryStop.Response.local(.noHealthyUpstream).status == 503)
    }
}
