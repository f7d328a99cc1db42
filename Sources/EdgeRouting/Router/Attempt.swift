/// One try of a request at one ingress-gateway endpoint, as the router decided it.
///
/// The proxy sends the request to ``endpoint`` (its address is ``EdgeRouter/address(of:)``), then reports
/// how the try ended with ``EdgeRouter/complete(_:outcome:responseHeaders:wallClockSeconds:retryAllowed:)``, passing this value back.
/// An attempt carries everything the router needs to continue the request — which route it took, what
/// earlier tries must be avoided — so the router keeps no per-request state of its own. It is a plain
/// value: copying it costs nothing and it holds no lock or reference to shared mutable state.
public struct Attempt: Sendable {
    /// The request.
    public let request: RequestHead
    /// The try's number: 1 for the first, 2 for the first retry, and so on.
    public let number: Int
    /// The endpoint to send the request to.
    public let endpoint: EndpointID
    /// The workload cluster of the endpoint.
    public let cluster: ClusterID
    /// The priority tier of the endpoint in the route's failover plan (0 for weighted routes).
    public let tier: Int
    /// Whether the route is a weighted split (retries then stay in the chosen cluster).
    public let isWeighted: Bool
    /// How long to wait for the response headers before reporting ``AttemptOutcome/timeout``, if the
    /// retry policy sets a per-try timeout.
    public let perTryTimeout: Duration?
    /// When the request was first routed, on the router's timeline.
    public let requestStart: MonotonicTime

    // What the router needs to continue the request.
    let layoutVersion: UInt64
    let routeIndex: Int32
    let destinationIndex: Int32
    let endpointIndex: Int32
    let excluded: ExclusionSet
    let previousDelay: Duration?

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
        self.number = number
        self.endpoint = endpoint
        self.cluster = cluster
        self.tier = tier
        self.isWeighted = isWeighted
        self.perTryTimeout = perTryTimeout
        self.requestStart = requestStart
        self.layoutVersion = layoutVersion
        self.routeIndex = routeIndex
        self.destinationIndex = destinationIndex
        self.endpointIndex = endpointIndex
        self.excluded = excluded
        self.previousDelay = previousDelay
    }
}
