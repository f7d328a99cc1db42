/// How an endpoint that has not been probed yet counts while every endpoint is probed
/// (``HealthCheckScope/allEndpoints``).
///
/// Envoy marks a host that joins a health-checked cluster as failing its active health check until the
/// first check passes (``unhealthy``), or, with the cluster's `ignore_new_hosts_until_first_hc`, as
/// excluded: not counted in its priority's size at all (``excluded``). ``healthy`` is EdgeRouting's
/// addition for embedders that cannot wait for a first round of probes before serving: the endpoint
/// counts as healthy until the probes say otherwise.
///
/// Whatever the choice, the first passing probe of such an endpoint makes it healthy at once, without
/// waiting for ``HealthCheckConfiguration/healthyThreshold`` (Envoy's first-check rule).
public struct InitialProbeHealth: Hashable, Sendable, CustomStringConvertible, NamedConfigurationValue {
    private enum Wrapped: Hashable, Sendable {
        case unhealthy
        case excluded
        case healthy
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// Unhealthy until the first probe passes: counted in its tier's size, never picked (Envoy's
    /// default, and EdgeRouting's).
    public static let unhealthy = InitialProbeHealth(.unhealthy)
    /// Excluded until the first probe result: not counted in its tier's size (Envoy's
    /// `ignore_new_hosts_until_first_hc`). A first failing probe makes it unhealthy.
    public static let excluded = InitialProbeHealth(.excluded)
    /// Healthy until the probes reach the unhealthy threshold (not an Envoy setting).
    public static let healthy = InitialProbeHealth(.healthy)

    /// Every choice, in the order error messages list them.
    static let all: [InitialProbeHealth] = [.unhealthy, .excluded, .healthy]

    /// The configuration name: `unhealthy`, `excluded` or `healthy`.
    public var description: String {
        switch self.wrapped {
        case .unhealthy: return "unhealthy"
        case .excluded: return "excluded"
        case .healthy: return "healthy"
        }
    }
}
