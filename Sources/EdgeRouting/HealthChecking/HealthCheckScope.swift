/// Which endpoints of a destination are probed.
///
/// Envoy's active health checking probes every endpoint of a cluster once it is configured
/// (``allEndpoints``). EdgeRouting's default probes only the endpoints that outlier detection has
/// ejected, and those it holds back after their ejection expired because their last probe failed
/// (``ejectedEndpoints``): the probes then find a recovery without spending client requests, and an
/// embedder that runs no probes at all gets exactly the behaviour of outlier detection alone.
///
/// In documents the scope is written by name:
///
/// ```json
/// { "scope": "ejected" }
/// ```
public struct HealthCheckScope: Hashable, Sendable, CustomStringConvertible, NamedConfigurationValue {
    private enum Wrapped: Hashable, Sendable {
        case off
        case ejectedEndpoints
        case allEndpoints
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// No endpoint is probed: health comes from outlier detection alone.
    public static let off = HealthCheckScope(.off)
    /// Endpoints are probed while outlier detection ejects them, and while a failing probe holds them
    /// back after their ejection expired (the default).
    public static let ejectedEndpoints = HealthCheckScope(.ejectedEndpoints)
    /// Every endpoint is probed, as with Envoy's active health checking: failing probes take an
    /// endpoint out before client requests fail on it.
    public static let allEndpoints = HealthCheckScope(.allEndpoints)

    /// Every scope, in the order error messages list them.
    static let all: [HealthCheckScope] = [.off, .ejectedEndpoints, .allEndpoints]

    /// Whether any endpoint is ever probed.
    public var probesAnything: Bool {
        self != .off
    }

    /// Whether endpoints that outlier detection does not eject are probed too.
    public var probesEveryEndpoint: Bool {
        self == .allEndpoints
    }

    /// The configuration name: `off`, `ejected` or `all`.
    public var description: String {
        switch self.wrapped {
        case .off: return "off"
        case .ejectedEndpoints: return "ejected"
        case .allEndpoints: return "all"
        }
    }
}
