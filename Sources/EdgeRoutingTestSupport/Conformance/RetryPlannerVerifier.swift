public import EdgeRouting

/// Runs a ``/EdgeRouting/RetryPlanner`` through its documented contract and throws a ``ConformanceViolation``
/// describing the first broken rule.
///
/// The rules checked, for every outcome (successes, 4xx, 5xx, connect failures, timeouts, resets),
/// attempt number, weighted and failover destinations, and accumulated exclusions:
///
/// - **never retries a success**: a status below 400 is never retried; if the planner stops, the
///   upstream's status passes through;
/// - ``/EdgeRouting/RetryDecision/done`` only for a status below 500 (the attempt did not fail);
/// - **never exceeds the attempts**: no retry after `maximumRetries` retries; over whole requests
///   (random outcomes, following the plans) at most `maximumRetries` retries are made;
/// - **exclusions grow**: a retry's ``/EdgeRouting/RetryPlan/excluded`` keeps everything the context excluded and
///   adds the failed endpoint; for a weighted destination it never excludes the request's cluster
///   (the request stays in the cluster the weights chose);
/// - a retry's ``/EdgeRouting/RetryPlan/attempt`` is the ended attempt's number plus one, and its delay is not
///   negative;
/// - a stop after a local-origin failure answers with a server error (5xx);
/// - **no clock, no hidden randomness**: two fresh planners given the same calls (same `now`, same
///   seeded generator) decide the same.
///
/// ```swift
/// try RetryPlannerVerifier().verify(maximumRetries: 2) { MyPlanner(retries: 2) }
/// try RetryPlannerVerifier().verify(policy: .defaults)   // the library's DefaultRetryPlanner
/// ```
public struct RetryPlannerVerifier: Sendable {
    /// How many random requests to play through.
    public var requests: Int
    /// The seed of the random outcomes and of the generator passed to the planner.
    public var seed: UInt64

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - requests: Random requests to play, 500 by default.
    ///   - seed: The seed.
    public init(requests: Int = 500, seed: UInt64 = 1) {
        self.requests = max(0, requests)
        self.seed = seed
    }

    /// The outcomes every rule is checked with.
    static let outcomes: [AttemptOutcome] = [
        .status(200), .status(201), .status(204), .status(304), .status(400), .status(404), .status(409),
        .status(429), .status(500), .status(502), .status(503), .status(504), .status(599), .connectFailure,
        .timeout, .reset, .refusedStream, .connectionTermination, .localReset,
    ]

    /// Checks ``/EdgeRouting/DefaultRetryPlanner`` with `policy` (at most ``/EdgeRouting/RetryPolicy/attempts`` retries).
    ///
    /// - Parameter policy: The retry policy.
    /// - Throws: ``ConformanceViolation`` for the first broken rule.
    public func verify(policy: RetryPolicy) throws {
        try self.verify(maximumRetries: policy.attempts) { DefaultRetryPlanner(policy: policy) }
    }

    /// Checks the planners `make` creates against the contract.
    ///
    /// - Parameters:
    ///   - maximumRetries: The most retries the planner is configured to allow per request.
    ///   - make: Creates a fresh planner (each rule starts with a fresh one, so budgets do not carry over).
    /// - Throws: ``ConformanceViolation`` for the first broken rule.
    public func verify(maximumRetries: Int, _ make: () -> any RetryPlanner) throws {
        let subject = String(describing: type(of: make()))
        func violation(_ rule: String, _ input: String, _ found: String) -> ConformanceViolation {
            ConformanceViolation(contract: "RetryPlanner", subject: subject, rule: rule, input: input, found: found)
        }
        var random = SeededRandomNumberGenerator(seed: self.seed)
        let endpoint = EndpointID(rawValue: 7)
        let cluster = ClusterID(rawValue: 3)
        var earlier = ExclusionSet()
        earlier.insert(endpoint: EndpointID(rawValue: 5))
        earlier.insert(cluster: ClusterID(rawValue: 1))
        earlier.insert(tier: 0)

        // Every outcome, attempt number, destination kind and exclusion set.
        var now = MonotonicTime.origin
        for outcome in Self.outcomes {
            for attempt in 1...(maximumRetries + 2) {
                for weighted in [false, true] {
                    for excluded in [ExclusionSet(), earlier] {
                        let planner = make()
                        now = now + .milliseconds(1)
                        planner.requestStarted(at: now)
                        let context = RetryContext(
                            attempt: attempt,
                            outcome: outcome,
                            endpoint: endpoint,
                            cluster: cluster,
                            tier: 1,
                            isWeighted: weighted,
                            excluded: excluded,
                            previousDelay: attempt > 1 ? .milliseconds(10) : nil
                        )
                        let input =
                            "attempt \(attempt), outcome \(outcome), \(weighted ? "weighted" : "failover"), "
                            + "excluded \(excluded)"
                        let decision = planner.decide(context, now: now, random: &random)
                        try Self.check(decision, context, maximumRetries: maximumRetries, input: input, violation)
                        if case .retry = decision { planner.retryAbandoned() }
                        planner.requestFinished()
                    }
                }
            }
        }

        // Whole requests, following the plans, with random outcomes.
        let planner = make()
        for request in 0..<self.requests {
            now = now + .milliseconds(50)
            planner.requestStarted(at: now)
            var context = RetryContext(
                attempt: 1,
                outcome: Self.outcomes[Int(random.next() % UInt64(Self.outcomes.count))],
                endpoint: EndpointID(rawValue: random.next() % 4),
                cluster: ClusterID(rawValue: UInt32(random.next() % 3)),
                tier: Int(random.next() % 2),
                isWeighted: request % 3 == 0
            )
            var retries = 0
            while true {
                let input = "request \(request), attempt \(context.attempt), outcome \(context.outcome)"
                let decision = planner.decide(context, now: now, random: &random)
                try Self.check(decision, context, maximumRetries: maximumRetries, input: input, violation)
                guard case .retry(let plan) = decision else { break }
                retries += 1
                if retries > maximumRetries {
                    throw violation(
                        "a request is retried at most \(maximumRetries) times",
                        "request \(request)",
                        "retry number \(retries)"
                    )
                }
                now = now + plan.delay
                context = RetryContext(
                    attempt: plan.attempt,
                    outcome: Self.outcomes[Int(random.next() % UInt64(Self.outcomes.count))],
                    endpoint: EndpointID(rawValue: 10 + random.next() % 4),
                    cluster: ClusterID(rawValue: UInt32(random.next() % 3)),
                    tier: context.tier,
                    isWeighted: context.isWeighted,
                    excluded: plan.excluded,
                    previousDelay: plan.delay
                )
            }
            planner.requestFinished()
        }

        // Determinism: the same calls give the same decisions.
        let first = make()
        let second = make()
        var firstRandom = SeededRandomNumberGenerator(seed: self.seed &+ 1)
        var secondRandom = firstRandom
        var inputs = SeededRandomNumberGenerator(seed: self.seed &+ 2)
        now = .origin
        for step in 0..<200 {
            now = now + .milliseconds(Int64(inputs.next() % 100))
            let context = RetryContext(
                attempt: Int(inputs.next() % UInt64(maximumRetries + 2)) + 1,
                outcome: Self.outcomes[Int(inputs.next() % UInt64(Self.outcomes.count))],
                endpoint: endpoint,
                cluster: cluster,
                tier: 0
            )
            first.requestStarted(at: now)
            second.requestStarted(at: now)
            let a = first.decide(context, now: now, random: &firstRandom)
            let b = second.decide(context, now: now, random: &secondRandom)
            if a != b {
                throw violation(
                    "the same inputs give the same decision (no clock, no other randomness)",
                    "call \(step): attempt \(context.attempt), outcome \(context.outcome), now \(now)",
                    "\(a) from one planner, \(b) from another"
                )
            }
            first.requestFinished()
            second.requestFinished()
        }
    }

    private static func check(
        _ decision: RetryDecision,
        _ context: RetryContext,
        maximumRetries: Int,
        input: String,
        _ violation: (String, String, String) -> ConformanceViolation
    ) throws {
        let status = context.outcome.statusCode
        let isSuccess = status.map { $0 < 400 } ?? false
        switch decision {
        case .done:
            if status == nil || status! >= 500 {
                throw violation("done only for a status below 500 (the attempt did not fail)", input, "\(decision)")
            }
        case .stop(let stop):
            if let status, stop.response.status != status {
                throw violation(
                    "a stop after an upstream response passes its status through",
                    input,
                    "answer \(stop.response)"
                )
            }
            if status == nil && stop.response.status < 500 {
                throw violation(
                    "a stop after a local-origin failure answers with a server error",
                    input,
                    "answer \(stop.response)"
                )
            }
        case .retry(let plan):
            if isSuccess {
                throw violation("never retries a success", input, "\(decision)")
            }
            if context.attempt > maximumRetries {
                throw violation(
                    "never more than \(maximumRetries) retries: no retry after attempt \(maximumRetries + 1)",
                    input,
                    "\(decision)"
                )
            }
            if plan.attempt != context.attempt + 1 {
                throw violation("a retry's attempt number is the ended attempt's plus one", input, "\(plan.attempt)")
            }
            if plan.delay < .zero {
                throw violation("a retry's delay is not negative", input, "\(plan.delay)")
            }
            if !plan.excluded.contains(endpoint: context.endpoint) {
                throw violation("exclusions grow: a retry avoids the failed endpoint", input, "\(plan.excluded)")
            }
            let kept =
                context.excluded.endpoints.allSatisfy(plan.excluded.contains(endpoint:))
                && context.excluded.clusters.allSatisfy(plan.excluded.contains(cluster:))
                && context.excluded.tiers.allSatisfy(plan.excluded.contains(tier:))
            if context.excluded.endpoints.count < ExclusionSet.capacity && !kept {
                throw violation(
                    "exclusions grow: a retry keeps what earlier attempts excluded",
                    input,
                    "\(plan.excluded)"
                )
            }
            if context.isWeighted && !context.excluded.contains(cluster: context.cluster)
                && plan.excluded.contains(cluster: context.cluster)
            {
                throw violation(
                    "a weighted destination's retry stays in the chosen cluster (never excludes it)",
                    input,
                    "\(plan.excluded)"
                )
            }
        }
    }
}
