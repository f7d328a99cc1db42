/// One try of a request at one ingress-gateway endpoint, as the router decided it.
///
/// The proxy sends the request to ``endpoint`` (its address is ``EdgeRouter/address(of:)``), then reports
/// how the try ended with ``EdgeRouter/complete(_:outcome:responseHeaders:wallClockSeconds:retryAllowed:)``, passing this value back.
/// An attempt carries everything the router needs to continue the request — which route it took, what
/// earlier tries must be avoided — so the router keeps no per-request state of its own. It is a plain
/// value: copying it costs nothing and it holds no lock or reference to shared mutable state.
public struct Attempt: Sendable {
    // The fields are kept compact (the value is copied a few times per request): durations as
    // nanoseconds with -1 for none, small counts in small integers.

    /// The request.
    public let request: RequestHead
    /// The endpoint to send the request to.
    public let endpoint: EndpointID
    /// When the request was first routed, on the router's timeline.
    public let requestStart: MonotonicTime
    /// The workload cluster of the endpoint.
    public let cluster: ClusterID
    private let storedNumber: Int32
    private let storedTier: Int16
    /// Whether the route is a weighted split (retries then stay in the chosen cluster).
    public let isWeighted: Bool
    private let perTryTimeoutNanoseconds: Int64
    private let previousDelayNanoseconds: Int64

    // What the router needs to continue the request.
    let layoutVersion: UInt64
    let routeIndex: Int32
    let destinationIndex: Int32
    let endpointIndex: Int32
    let excluded: ExclusionSet

    /// The try's number: 1 for the first, 2 for the first retry, and so on.
    public var number: Int {
        Int(self.storedNumber)
    }

    /// The priority tier of the endpoint in the route's failover plan (0 for weighted routes).
    public var tier: Int {
        Int(self.storedTier)
    }

    /// How long to wait for the response headers before reporting ``AttemptOutcome/timeout``, if the
    /// retry policy sets a per-try timeout.
    public var perTryTimeout: Duration? {
        self.perTryTimeoutNanoseconds < 0 ? nil : .nanoseconds(self.perTryTimeoutNanoseconds)
    }

    /// The backoff waited before this attempt (`nil` for a first attempt).
    var previousDelay: Duration? {
        self.previousDelayNanoseconds < 0 ? nil : .nanoseconds(self.previousDelayNanoseconds)
    }

    init(
        request: RequestHead,
        number: Int,
        endpoint: EndpointID,
        cluster: ClusterID,
        tier: Int,
        isWeighted: Bool,
        perTryTimeout: Duration?,
        requestStart: MonotonicTime,
        layoutVersion: UInt64,
        routeIndex: Int32,
        destinationIndex: Int32,
        endpointIndex: Int32,
        excluded: ExclusionSet,
        previousDelay: Duration?
    ) {
        self.request = request
        self.storedNumber = Int32(clamping: number)
        self.endpoint = endpoint
        self.cluster = cluster
        self.storedTier = Int16(clamping: tier)
        self.isWeighted = isWeighted
        self.perTryTimeoutNanoseconds = perTryTimeout.map { max(0, $0.nanosecondsClamped) } ?? -1
        self.requestStart = requestStart
        self.layoutVersion = layoutVersion
        self.routeIndex = routeIndex
        self.destinationIndex = destinationIndex
        self.endpointIndex = endpointIndex
        self.excluded = excluded
        self.previousDelayNanoseconds = previousDelay.map { max(0, $0.nanosecondsClamped) } ?? -1
    }
}
