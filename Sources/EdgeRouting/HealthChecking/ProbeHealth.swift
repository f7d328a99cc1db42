/// What the probes say about one endpoint, as of the health checker's last call.
///
/// ``unknown`` is the neutral answer: the endpoint is not probed, its probes have not reported yet,
/// or their last result is too old to count (see ``HealthChecker``). Combined with outlier detection
/// (``HealthCombiner``), an endpoint whose probe health is ``unknown`` or ``healthy`` takes traffic
/// unless it is ejected; ``unhealthy`` keeps it out even after its ejection expired; ``excluded``
/// leaves it out of its tier's size altogether (Envoy's hosts pending their first health check).
public struct ProbeHealth: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case unknown
        case healthy
        case unhealthy
        case excluded
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// The probes have nothing current to say; outlier detection alone decides.
    public static let unknown = ProbeHealth(.unknown)
    /// The probes pass.
    public static let healthy = ProbeHealth(.healthy)
    /// The probes fail: the endpoint must not take traffic.
    public static let unhealthy = ProbeHealth(.unhealthy)
    /// The endpoint awaits its first probe and does not count in its tier's size.
    public static let excluded = ProbeHealth(.excluded)

    /// `unknown`, `healthy`, `unhealthy` or `excluded`.
    public var description: String {
        switch self.wrapped {
        case .unknown: return "unknown"
        case .healthy: return "healthy"
        case .unhealthy: return "unhealthy"
        case .excluded: return "excluded"
        }
    }
}
