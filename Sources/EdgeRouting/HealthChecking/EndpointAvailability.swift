/// An endpoint's part in load balancing, after passive and active health are combined.
///
/// The router counts endpoints into each tier's ``TierHealth``: ``healthy`` ones as healthy,
/// ``unhealthy`` ones only in the total, ``excluded`` ones in the excluded count.
public struct EndpointAvailability: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case healthy
        case unhealthy
        case excluded
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// Takes traffic.
    public static let healthy = EndpointAvailability(.healthy)
    /// Counts in its tier's size but takes no traffic (ejected, or held back by its probes).
    public static let unhealthy = EndpointAvailability(.unhealthy)
    /// Does not count in its tier's size (awaiting its first probe, Envoy's `PENDING_ACTIVE_HC`).
    public static let excluded = EndpointAvailability(.excluded)

    /// Whether the endpoint takes traffic.
    public var takesTraffic: Bool {
        self == .healthy
    }

    /// `healthy`, `unhealthy` or `excluded`.
    public var description: String {
        switch self.wrapped {
        case .healthy: return "healthy"
        case .unhealthy: return "unhealthy"
        case .excluded: return "excluded"
        }
    }
}
