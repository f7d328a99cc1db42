/// What one probe result did to an endpoint's health, after Envoy's `HealthTransition`
/// (`Unchanged`, `ChangePending`, `Changed`), with the direction of a change spelled out.
public struct HealthTransition: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case unchanged
        case pending
        case becameHealthy
        case becameUnhealthy
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// The result confirmed the endpoint's health.
    public static let unchanged = HealthTransition(.unchanged)
    /// The result counted towards a threshold that is not reached yet (Envoy's `ChangePending`): the
    /// first of two passes of an unhealthy endpoint, say.
    public static let pending = HealthTransition(.pending)
    /// The endpoint became healthy: the healthy threshold was reached, or the first probe of a joining
    /// endpoint passed.
    public static let becameHealthy = HealthTransition(.becameHealthy)
    /// The endpoint became unhealthy: the unhealthy threshold was reached, a status failed that is
    /// neither expected nor retriable, or the first probe of an endpoint excluded until then failed.
    public static let becameUnhealthy = HealthTransition(.becameUnhealthy)

    /// Whether the endpoint's health changed.
    public var isChange: Bool {
        self == .becameHealthy || self == .becameUnhealthy
    }

    /// `unchanged`, `pending`, `became healthy` or `became unhealthy`.
    public var description: String {
        switch self.wrapped {
        case .unchanged: return "unchanged"
        case .pending: return "pending"
        case .becameHealthy: return "became healthy"
        case .becameUnhealthy: return "became unhealthy"
        }
    }
}
