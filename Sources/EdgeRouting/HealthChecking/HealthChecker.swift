/// Plans the probes of one destination's endpoints and judges their results: active health checking,
/// without I/O and without timers.
///
/// **Contract.**
/// - *Scope.* One checker serves one destination (a route's set of ingress endpoints, like one Envoy
///   cluster) and keeps its state per endpoint identity (`Endpoint`), so an endpoint that survives
///   ``setEndpoints(_:now:random:)`` keeps its history.
/// - *Thread safety.* A checker is a value: its methods are not synchronised. The owner serialises
///   every call, for example by keeping the checker behind the destination's cold-path lock (probes run
///   about once a second per endpoint, never on the request path). Being `Sendable`, a checker may move
///   between threads.
/// - *Blocking.* Nothing blocks, sleeps or performs I/O. ``setEndpoints(_:now:random:)`` and
///   ``snapshot()`` allocate; the other methods allocate nothing in steady state (the caller's
///   buffer given to ``collectDueProbes(now:into:)`` keeps its capacity between calls).
/// - *Indices.* Methods take an endpoint's index in the list most recently given to
///   ``setEndpoints(_:now:random:)``. An index outside that list is ignored (``health(endpointIndex:)``
///   answers ``ProbeHealth/unknown``); nothing traps.
/// - *Empty destination.* With no endpoints nothing is ever due, ``nextDeadline`` is
///   `MonotonicTime(nanoseconds: .max)`, and every index is out of range.
/// - *Time.* There are no timers: every call carries `now`, and ``nextDeadline`` says when to call
///   ``advance(to:)`` and ``collectDueProbes(now:into:)`` next. Work that falls due runs in the first
///   call that sees it.
/// - *Probes.* The embedder runs each ``ProbeRequest`` it is handed, enforces its timeout, and reports
///   exactly one ``ProbeResult`` for it with ``record(_:for:now:random:)``. A probe not reported within
///   twice the timeout is lost: it counts neither way and the endpoint is due again at once. Results
///   that match no probe in flight are ignored.
/// - *Outlier detection.* The owner tells the checker about every ejection and re-admission of the
///   destination's outlier detector (``endpointEjected(_:now:random:)``,
///   ``endpointReadmitted(_:now:)``), before it reads ``health(endpointIndex:)`` again.
/// - *Evidence.* An unhealthy verdict needs fresh probe results: when an endpoint that the probes
///   keep out gets no result for three probe periods (wait plus timeout, jitter included), its probe
///   health lapses to ``ProbeHealth/unknown`` and outlier detection alone decides again, so an embedder
///   that stops probing can never keep an endpoint out for ever.
///
/// Implementations: ``ThresholdHealthChecker`` (Envoy's consecutive thresholds; the default) and
/// ``NoOpHealthChecker`` (never probes).
public protocol HealthChecker<Endpoint>: Sendable {
    /// The identity of an endpoint.
    associatedtype Endpoint: Hashable & Sendable

    /// The destination's settings.
    var configuration: HealthCheckConfiguration { get }

    /// Makes the destination's endpoints exactly `endpoints`; their order defines the indices.
    ///
    /// State of endpoints that remain is kept; state of removed endpoints is dropped (their probes in
    /// flight are ignored when they report); added endpoints start clean — unprobed, or, when every
    /// endpoint is probed, with their first probe due after ``HealthCheckConfiguration/initialJitter``.
    /// Cold path.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints, in index order.
    ///   - now: The current time.
    ///   - random: The source of jitter draws.
    mutating func setEndpoints(_ endpoints: [Endpoint], now: MonotonicTime, random: inout some RandomNumberGenerator)

    /// Records whether the destination has ever had traffic; until it has, probes wait the no-traffic
    /// intervals (Envoy's `no_traffic_interval`). An ejection implies traffic.
    ///
    /// - Parameter hasTraffic: Whether the destination has had traffic.
    mutating func setHasTraffic(_ hasTraffic: Bool)

    /// Outlier detection ejected the endpoint: its probes now decide when it may come back.
    ///
    /// The ejection counts as an unhealthy verdict: the endpoint needs
    /// ``HealthCheckConfiguration/healthyThreshold`` passes in a row to be healthy again. Unless every
    /// endpoint is probed, its first probe is due one unhealthy interval (with jitter) later.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index; others are ignored.
    ///   - now: The current time.
    ///   - random: The source of jitter draws.
    mutating func endpointEjected(_ endpointIndex: Int, now: MonotonicTime, random: inout some RandomNumberGenerator)

    /// Outlier detection re-admitted the endpoint (its ejection expired, or the owner re-admitted it
    /// early because its probes passed).
    ///
    /// If its most recent probe failed, the probes keep it out (``ProbeHealth/unhealthy``) until it
    /// passes the healthy threshold; otherwise it is healthy again and, unless every endpoint is probed,
    /// no longer probed.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index; others are ignored.
    ///   - now: The current time.
    mutating func endpointReadmitted(_ endpointIndex: Int, now: MonotonicTime)

    /// The earliest instant at which ``advance(to:)`` or ``collectDueProbes(now:into:)`` has work: a
    /// probe due, a probe lost, a verdict lapsing. `MonotonicTime(nanoseconds: .max)` when nothing will
    /// ever be due.
    var nextDeadline: MonotonicTime { get }

    /// Runs the work due at or before `now` that can change health: verdicts without fresh results
    /// lapse.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `true` when the probe health of any endpoint changed.
    mutating func advance(to now: MonotonicTime) -> Bool

    /// Appends the probes due at or before `now` to `probes` and marks them in flight; a probe in
    /// flight for longer than twice the timeout is counted lost and handed out again.
    ///
    /// - Parameters:
    ///   - now: The current time; each probe's deadline is `now` plus the timeout.
    ///   - probes: The caller's buffer; appended to, never cleared.
    mutating func collectDueProbes(now: MonotonicTime, into probes: inout [ProbeRequest<Endpoint>])

    /// Records the result of a probe handed out by ``collectDueProbes(now:into:)``.
    ///
    /// - Parameters:
    ///   - result: What the probe found.
    ///   - probe: The request, as it was handed out.
    ///   - now: The current time.
    ///   - random: The source of jitter draws for the next probe.
    /// - Returns: What the result did, or `nil` when it matched no probe in flight and was ignored.
    mutating func record(
        _ result: ProbeResult,
        for probe: ProbeRequest<Endpoint>,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) -> HealthCheckUpdate?

    /// What the probes say about the endpoint, as of the last call.
    ///
    /// - Parameter endpointIndex: The endpoint's index; others answer ``ProbeHealth/unknown``.
    func health(endpointIndex: Int) -> ProbeHealth

    /// When the probes last made the endpoint healthy (Envoy's `last_hc_pass_time`): where a slow start
    /// begins for an endpoint that returns.
    ///
    /// - Parameter endpointIndex: The endpoint's index.
    /// - Returns: The instant, or `nil` if the probes never did or the index is out of range.
    func healthySince(endpointIndex: Int) -> MonotonicTime?

    /// The state of every endpoint and the counters, for diagnostics.
    func snapshot() -> HealthCheckerSnapshot<Endpoint>
}
