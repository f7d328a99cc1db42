/// When, how often, how soon and where a failed attempt is retried.
///
/// The fields and their defaults are Istio's `HTTPRetry` and Envoy's `RetryPolicy`, in camelCase:
///
/// ```json
/// {
///   "attempts": 2,
///   "retryOn": "connect-failure,refused-stream,reset,503",
///   "perTryTimeout": "2s",
///   "backoff": { "baseInterval": "25ms", "maxInterval": "250ms", "strategy": "jittered-exponential" },
///   "rateLimitedBackoff": { "resetHeaders": [{ "name": "retry-after", "format": "seconds" }], "maxInterval": "300s" },
///   "retryTarget": "different-cluster",
///   "budget": { "retryPercent": 20, "minRetriesPerSecond": 10, "window": "10s" }
/// }
/// ```
///
/// Every field is optional; an empty object is ``defaults``: two retries on connect failure, refused
/// stream, reset and 503, Envoy's jittered exponential back-off (25 ms base, 250 ms cap), to a
/// different cluster, within a budget of 20 % of the requests of the last 10 s plus 10 retries per
/// second. Decoding is strict: an unknown field or an invalid value throws a ``ConfigurationError``
/// that names the field, for example `retries.backoff.maxInterval`.
///
/// ```swift
/// let policy = try RetryPolicy(attempts: 3, retryOn: [.gatewayError, .connectFailure])
/// policy.isRetriable(.status(502))   // true
/// ```
public struct RetryPolicy: Hashable, Sendable {
    /// The largest number of retries a policy may allow.
    public static let maximumAttempts = 100
    /// The longest interval or timeout a policy may configure (24 hours).
    public static let maximumInterval = Duration.seconds(86_400)

    /// How many times a request may be retried after its first attempt; 0 disables retries.
    ///
    /// As in Istio, a policy with no retries behaves as if there were no retry policy: a retriable
    /// failure is answered without the `URX` flag.
    public let attempts: Int
    /// The outcomes that are retried.
    public let retryOn: RetryConditions
    private let codes: HTTPStatusCodeSet
    /// The status codes that ``RetryConditions/retriableStatusCodes`` retries, in increasing order.
    ///
    /// Empty whenever ``retryOn`` lacks ``RetryConditions/retriableStatusCodes``.
    public var retriableStatusCodes: [Int] { self.codes.sorted }
    /// The timeout of each attempt, or `nil` for none. The router does not enforce it: it passes it to
    /// the proxy, which reports an expiry as ``AttemptOutcome/timeout``.
    public let perTryTimeout: Duration?
    /// The back-off between attempts.
    public let backoff: Backoff
    /// Back-off driven by the upstream's reset headers (`Retry-After`), or `nil` for none.
    public let rateLimitedBackoff: RateLimitedBackoff?
    /// What a retry avoids.
    public let retryTarget: RetryTarget
    /// The bound on retries across requests.
    public let budget: Budget

    /// Creates a policy, validating every value.
    ///
    /// - Parameters:
    ///   - attempts: The number of retries, in `0...100`; 2 by default.
    ///   - retryOn: The retried outcomes; ``RetryConditions/defaults`` by default.
    ///   - retriableStatusCodes: The codes (each in `100...599`) that
    ///     ``RetryConditions/retriableStatusCodes`` retries. A non-empty list adds that condition to
    ///     `retryOn`. `nil` means `[503]` when `retryOn` contains the condition, and none otherwise.
    ///   - perTryTimeout: The timeout of each attempt, above zero and at most 24 hours; `nil` for none.
    ///   - backoff: The back-off between attempts.
    ///   - rateLimitedBackoff: Back-off driven by reset headers; `nil` for none.
    ///   - retryTarget: What a retry avoids; ``RetryTarget/differentCluster`` by default.
    ///   - budget: The bound on retries across requests; ``Budget/defaults`` by default.
    /// - Throws: ``ConfigurationError`` naming the offending field (`attempts`,
    ///   `retriableStatusCodes[1]`, `perTryTimeout`) and the reason.
    public init(
        attempts: Int = 2,
        retryOn: RetryConditions = .defaults,
        retriableStatusCodes: [Int]? = nil,
        perTryTimeout: Duration? = nil,
        backoff: Backoff = .defaults,
        rateLimitedBackoff: RateLimitedBackoff? = nil,
        retryTarget: RetryTarget = .differentCluster,
        budget: Budget = .defaults
    ) throws {
        guard (0...Self.maximumAttempts).contains(attempts) else {
            throw ConfigurationError.invalid(
                "attempts",
                "must be in 0...\(Self.maximumAttempts) (0 disables retries), got \(attempts)"
            )
        }
        var conditions = retryOn
        var codes = HTTPStatusCodeSet()
        if let retriableStatusCodes {
            for (index, code) in retriableStatusCodes.enumerated() where !HTTPStatusCodeSet.range.contains(code) {
                throw ConfigurationError.invalid(
                    "retriableStatusCodes" + FieldPath.index(index),
                    "status code must be in 100...599, got \(code)"
                )
            }
            codes = HTTPStatusCodeSet(retriableStatusCodes)
            if !codes.isEmpty {
                conditions.insert(.retriableStatusCodes)
            }
        } else if conditions.contains(.retriableStatusCodes) {
            codes.insert(503)
        }
        if conditions.isEmpty {
            throw ConfigurationError.invalid(
                "retryOn",
                "names no condition; list at least one, or set attempts to 0 to disable retries"
            )
        }
        if let perTryTimeout {
            try Self.checkInterval(perTryTimeout, path: "perTryTimeout")
        }
        self.attempts = attempts
        self.retryOn = conditions
        self.codes = codes
        self.perTryTimeout = perTryTimeout
        self.backoff = backoff
        self.rateLimitedBackoff = rateLimitedBackoff
        self.retryTarget = retryTarget
        self.budget = budget
    }

    /// The default policy: 2 retries on connect failure, refused stream, reset and 503; jittered
    /// exponential back-off from 25 ms to 250 ms; a different cluster; the default budget.
    public static var defaults: RetryPolicy {
        // The arguments are the defaults, which are valid.
        try! RetryPolicy()
    }

    /// Whether this policy retries an attempt that ended with `outcome`: ``attempts`` is above zero and
    /// ``retryOn`` covers the outcome. Neither the retry limit nor the budget is consulted.
    ///
    /// - Parameter outcome: How the attempt ended.
    @inline(__always)
    public func isRetriable(_ outcome: AttemptOutcome) -> Bool {
        self.attempts > 0 && self.retryOn.matches(outcome, codes: self.codes)
    }

    /// The ``retryOn`` conditions and codes in Istio's text form, for example
    /// `connect-failure,refused-stream,reset,503`.
    public var retryOnText: String {
        RetryConditions.format(self.retryOn, codes: self.codes)
    }

    /// Throws unless `interval` is above zero and at most ``maximumInterval``.
    static func checkInterval(_ interval: Duration, path: String) throws {
        guard interval > .zero else {
            throw ConfigurationError.invalid(path, "must be greater than zero, got \(DurationFormat.format(interval))")
        }
        guard interval <= Self.maximumInterval else {
            throw ConfigurationError.invalid(
                path,
                "must be at most \(DurationFormat.format(Self.maximumInterval)), got \(DurationFormat.format(interval))"
            )
        }
    }
}
