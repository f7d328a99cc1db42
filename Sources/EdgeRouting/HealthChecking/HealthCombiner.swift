/// How passive detection (outlier detection, from client requests) and active detection (probes)
/// decide together whether an endpoint takes traffic: pure functions the router consults.
///
/// The two are independent flags, as in Envoy, where a host is healthy only while neither
/// `FAILED_OUTLIER_CHECK` nor `FAILED_ACTIVE_HC` is set:
///
/// | ejected | probe health | availability |
/// |---|---|---|
/// | no | ``ProbeHealth/unknown`` or ``ProbeHealth/healthy`` | ``EndpointAvailability/healthy`` |
/// | no | ``ProbeHealth/unhealthy`` | ``EndpointAvailability/unhealthy`` (held back by its probes) |
/// | yes | ``ProbeHealth/unknown``, ``ProbeHealth/healthy`` or ``ProbeHealth/unhealthy`` | ``EndpointAvailability/unhealthy`` |
/// | any | ``ProbeHealth/excluded`` | ``EndpointAvailability/excluded`` |
///
/// and one coupling: when the probes make an ejected endpoint healthy, it is re-admitted at once, before
/// its ejection expires (``readmits(after:isEjected:)``; Envoy's
/// `successful_active_health_check_uneject_host`).
///
/// The consequences, with a ``ThresholdHealthChecker``:
///
/// - **No probe results, no change.** Probe health stays ``ProbeHealth/unknown``, so availability is
///   exactly "not ejected": Envoy's outlier detection as before.
/// - **No re-discovery with client requests.** When an ejection expires while the most recent probe
///   failed, the endpoint stays unavailable; no client request reaches it, so outlier detection does
///   not eject it again and its multiplier does not grow (it decays, one step per clean interval, as
///   Envoy decays it while active health checking keeps a host out).
/// - **Early return.** The healthy threshold of passing probes brings an endpoint back, ejected or
///   held.
public enum HealthCombiner {
    /// Whether an endpoint takes traffic, counts as unhealthy, or does not count at all.
    ///
    /// - Parameters:
    ///   - isEjected: Whether outlier detection ejects the endpoint.
    ///   - probeHealth: What the probes say (``HealthChecker/health(endpointIndex:)``).
    /// - Returns: The endpoint's availability for load balancing.
    public static func availability(isEjected: Bool, probeHealth: ProbeHealth) -> EndpointAvailability {
        if probeHealth == .excluded { return .excluded }
        if isEjected || probeHealth == .unhealthy { return .unhealthy }
        return .healthy
    }

    /// Whether a probe result re-admits an endpoint that outlier detection still ejects: it made the
    /// endpoint healthy (the healthy threshold of passes in a row).
    ///
    /// The router then re-admits it in the outlier detector (which resets its consecutive counters and
    /// starts the multiplier's decay from now, as Envoy's `unejectHost`) and tells the health checker
    /// with ``HealthChecker/endpointReadmitted(_:now:)``.
    ///
    /// - Parameters:
    ///   - update: What the probe result did.
    ///   - isEjected: Whether outlier detection ejects the endpoint now.
    /// - Returns: `true` when the endpoint should be re-admitted now.
    public static func readmits(after update: HealthCheckUpdate, isEjected: Bool) -> Bool {
        isEjected && update.transition == .becameHealthy
    }
}
