/// Finds the endpoints of one destination that misbehave, and ejects them for a while.
///
/// **Contract.**
/// - *Scope.* One detector serves one destination (a route's set of ingress endpoints, like one Envoy
///   cluster) and keeps its state per endpoint identity.
/// - *Indices.* Hot-path methods take an endpoint's index in the list most recently given to
///   ``setEndpoints(_:now:)``. An index outside that list is ignored (`record` returns `false`,
///   `isEjected` returns `false`); it never traps. A result reported with an index from an older list
///   is attributed to whichever endpoint has that index now, so translate or drop results of attempts
///   that started before a reconfiguration.
/// - *Empty destination.* With no endpoints every index is out of range; nothing is ejected.
/// - *Thread safety.* Every method may be called from any thread at any time, concurrently.
///   ``record(_:endpointIndex:now:)``, ``isEjected(endpointIndex:)`` and ``nextDeadline`` never
///   allocate and do not block on the success path; `record` takes a short internal lock only when an
///   ejection may happen or ``nextDeadline`` has passed. ``setEndpoints(_:now:)``,
///   ``advance(to:)`` and ``snapshot()`` take that lock (microseconds; never I/O, never sleeping).
/// - *Time.* There are no timers. Every call carries `now`; work that falls due (an ejection
///   expiring, an interval ending) runs in the first `record` or `advance(to:)` that sees it, at the
///   instant it was due, not at the instant it was noticed.
/// - *Events.* Events go to the observer given at creation, on the calling thread, after the internal
///   lock is released; an observer may call back into the detector.
///
/// Implementations: ``DefaultOutlierDetector`` (every algorithm), ``ConsecutiveFailureDetector``,
/// ``SuccessRateDetector``, ``FailurePercentageDetector`` and ``NoOpOutlierDetector``.
public protocol OutlierDetector: AnyObject, Sendable {
    /// Makes the destination's endpoints exactly `endpoints`; their order defines the indices of the
    /// hot-path methods.
    ///
    /// State of endpoints that remain (ejection, multiplier, counters, interval counts) is kept; state of
    /// removed endpoints is dropped; added endpoints start clean. Work due at `now` runs first. Cold path.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints, in index order.
    ///   - now: The current time.
    func setEndpoints(_ endpoints: [EndpointID], now: MonotonicTime)

    /// Records the result of one attempt at the endpoint with this index.
    ///
    /// Hot path: allocation-free, lock-free unless an ejection may happen or ``nextDeadline`` has
    /// passed (then due work runs first, at its own instants).
    ///
    /// - Parameters:
    ///   - result: What happened.
    ///   - endpointIndex: The endpoint's index in the current list; others are ignored.
    ///   - now: The current time.
    /// - Returns: `true` when the set of ejected endpoints changed: an ejection of this endpoint, or a
    ///   re-admission of *any* endpoint whose ejection expired. Re-read the health of every endpoint.
    @discardableResult
    func record(_ result: OutlierResult, endpointIndex: Int, now: MonotonicTime) -> Bool

    /// The earliest instant at which ``advance(to:)`` has work to do: an ejection expiring or an
    /// interval ending. `MonotonicTime(nanoseconds: .max)` when nothing will ever be due.
    ///
    /// One atomic load: check it on the request path and call ``advance(to:)`` once it has passed.
    var nextDeadline: MonotonicTime { get }

    /// Runs the work due at or before `now`, each piece at the instant it was due: re-admissions at the
    /// exact expiry of an ejection, and at each interval end the bucket swap, the success-rate and
    /// failure-percentage evaluation, and the multiplier decay.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `true` when the set of ejected endpoints changed.
    @discardableResult
    func advance(to now: MonotonicTime) -> Bool

    /// Whether the endpoint with this index is ejected, as of the last `record` or `advance(to:)`.
    ///
    /// - Parameter endpointIndex: The endpoint's index; others answer `false`.
    func isEjected(endpointIndex: Int) -> Bool

    /// The state of every endpoint and the counters, for diagnostics.
    func snapshot() -> OutlierDetectorSnapshot

    /// Ends the endpoint's ejection now, before it expires, because its active health checks passed
    /// (Envoy's `unejectHost` after `successful_active_health_check_uneject_host`).
    ///
    /// The consecutive counters are reset and a ``OutlierDetectionEvent/Kind-swift.struct/readmitted``
    /// event is emitted, as at expiry; the multiplier is left as it is and starts decaying from `now`.
    /// Cold path: takes the internal lock. The default implementation does nothing and returns `false`,
    /// so a detector that does not support it keeps its ejections until they expire.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index; others are ignored.
    ///   - now: The current time; work due by then runs first.
    /// - Returns: `true` when the endpoint was ejected and is now re-admitted.
    @discardableResult
    func readmit(endpointIndex: Int, now: MonotonicTime) -> Bool
}

extension OutlierDetector {
    /// Does nothing: the ejection lasts until it expires.
    ///
    /// - Parameters:
    ///   - endpointIndex: Ignored.
    ///   - now: Ignored.
    /// - Returns: `false`.
    @discardableResult
    public func readmit(endpointIndex: Int, now: MonotonicTime) -> Bool {
        false
    }
}
