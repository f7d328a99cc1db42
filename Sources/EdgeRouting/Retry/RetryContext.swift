/// What the retry planner knows about the attempt that just ended.
///
/// The router fills one in for every completed attempt of a request and passes it to
/// ``RetryPlanner/decide(_:now:random:)``. It is a plain value; building one allocates nothing unless
/// ``responseHeaders`` is non-empty.
///
/// ```swift
/// let context = RetryContext(
///     attempt: 1, outcome: .status(503),
///     endpoint: attempt.endpoint, cluster: attempt.cluster, tier: attempt.tier
/// )
/// ```
public struct RetryContext: Sendable {
    /// A response header the planner may need: a rate-limit reset header such as `Retry-After`.
    public struct ResponseHeader: Hashable, Sendable {
        /// The header's name, in any case.
        public var name: String
        /// The header's value.
        public var value: String

        /// Creates a header.
        ///
        /// - Parameters:
        ///   - name: The header's name, in any case.
        ///   - value: Its value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The number of the attempt that just ended: 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int
    /// How it ended.
    public var outcome: AttemptOutcome
    /// The endpoint it went to.
    public var endpoint: EndpointID
    /// The endpoint's cluster.
    public var cluster: ClusterID
    /// The endpoint's priority tier in the destination's plan.
    public var tier: Int
    /// Whether the destination is a weighted one (a retry then stays in the chosen cluster).
    public var isWeighted: Bool
    /// The exclusions the request's earlier retries accumulated (the previous ``RetryPlan/excluded``),
    /// empty after the first attempt.
    public var excluded: ExclusionSet
    /// The back-off delay before this attempt (the previous ``RetryPlan/delay``), `nil` after the
    /// first attempt.
    public var previousDelay: Duration?
    /// Response headers that may carry a reset interval: the router may pass only those named in the
    /// policy's ``RetryPolicy/RateLimitedBackoff/resetHeaders``, or none. Names match
    /// case-insensitively; for a repeated header only the first value is read, as Envoy does.
    public var responseHeaders: [ResponseHeader]
    /// The wall-clock time in seconds since 1970, needed for `unix-timestamp` and `http-date` reset
    /// headers; `nil` when unknown (such headers are then ignored).
    public var wallClockSeconds: Int64?

    /// Creates a context.
    ///
    /// - Parameters:
    ///   - attempt: The number of the attempt that just ended, from 1.
    ///   - outcome: How it ended.
    ///   - endpoint: The endpoint it went to.
    ///   - cluster: The endpoint's cluster.
    ///   - tier: The endpoint's priority tier.
    ///   - isWeighted: Whether the destination is weighted.
    ///   - excluded: The exclusions accumulated so far.
    ///   - previousDelay: The back-off delay before this attempt.
    ///   - responseHeaders: Reset headers of the response, if any.
    ///   - wallClockSeconds: The wall-clock time in seconds since 1970, if known.
    public init(
        attempt: Int,
        outcome: AttemptOutcome,
        endpoint: EndpointID,
        cluster: ClusterID,
        tier: Int,
        isWeighted: Bool = false,
        excluded: ExclusionSet = ExclusionSet(),
        previousDelay: Duration? = nil,
        responseHeaders: [ResponseHeader] = [],
        wallClockSeconds: Int64? = nil
    ) {
        self.attempt = attempt
        self.outcome = outcome
        self.endpoint = endpoint
        self.cluster = cluster
        self.tier = tier
        self.isWeighted = isWeighted
        self.excluded = excluded
        self.previousDelay = previousDelay
        self.responseHeaders = responseHeaders
        self.wallClockSeconds = wallClockSeconds
    }
}
