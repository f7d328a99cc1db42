/// Why an endpoint was found to be an outlier: Envoy's `OutlierEjectionType`, an extensible set.
///
/// ``description`` is Envoy's type name in lower case (`consecutive_5xx`); ``statisticSuffix`` is the
/// suffix of the `ejections_detected_…` and `ejections_enforced_…` counters, which Envoy words
/// differently for the two local-origin statistics (`local_origin_success_rate`).
public struct OutlierEjectionType: Hashable, Sendable, Comparable, CustomStringConvertible {
    private enum Wrapped: Int, Hashable, Sendable, CaseIterable {
        case consecutive5xx
        case consecutiveGatewayFailure
        case consecutiveLocalOriginFailure
        case successRate
        case successRateLocalOrigin
        case failurePercentage
        case failurePercentageLocalOrigin
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// Consecutive failures reached ``OutlierDetectionConfiguration/consecutive5xx``.
    public static let consecutive5xx = OutlierEjectionType(.consecutive5xx)
    /// Consecutive gateway failures reached ``OutlierDetectionConfiguration/consecutiveGatewayFailure``.
    public static let consecutiveGatewayFailure = OutlierEjectionType(.consecutiveGatewayFailure)
    /// Consecutive local-origin failures (split mode) reached
    /// ``OutlierDetectionConfiguration/consecutiveLocalOriginFailure``.
    public static let consecutiveLocalOriginFailure = OutlierEjectionType(.consecutiveLocalOriginFailure)
    /// The success rate of the last interval fell below `mean − stdev × factor / 1000`.
    public static let successRate = OutlierEjectionType(.successRate)
    /// The local-origin success rate (split mode) fell below its threshold.
    public static let successRateLocalOrigin = OutlierEjectionType(.successRateLocalOrigin)
    /// The failure percentage of the last interval reached
    /// ``OutlierDetectionConfiguration/failurePercentageThreshold``.
    public static let failurePercentage = OutlierEjectionType(.failurePercentage)
    /// The local-origin failure percentage (split mode) reached the threshold.
    public static let failurePercentageLocalOrigin = OutlierEjectionType(.failurePercentageLocalOrigin)

    /// Every type, in Envoy's order.
    public static let allTypes: [OutlierEjectionType] = Wrapped.allCases.map(OutlierEjectionType.init)

    /// A dense index (0 ..< ``allTypes``.count) for tables.
    var index: Int { self.wrapped.rawValue }

    /// Orders types as ``allTypes`` lists them.
    public static func < (lhs: OutlierEjectionType, rhs: OutlierEjectionType) -> Bool {
        lhs.wrapped.rawValue < rhs.wrapped.rawValue
    }

    /// Envoy's type name in lower case, for example `consecutive_5xx` or `success_rate_local_origin`.
    public var description: String {
        switch self.wrapped {
        case .consecutive5xx: return "consecutive_5xx"
        case .consecutiveGatewayFailure: return "consecutive_gateway_failure"
        case .consecutiveLocalOriginFailure: return "consecutive_local_origin_failure"
        case .successRate: return "success_rate"
        case .successRateLocalOrigin: return "success_rate_local_origin"
        case .failurePercentage: return "failure_percentage"
        case .failurePercentageLocalOrigin: return "failure_percentage_local_origin"
        }
    }

    /// The suffix of Envoy's `ejections_detected_<suffix>` and `ejections_enforced_<suffix>` counters,
    /// for example `consecutive_5xx` or `local_origin_success_rate`.
    public var statisticSuffix: String {
        switch self.wrapped {
        case .successRateLocalOrigin: return "local_origin_success_rate"
        case .failurePercentageLocalOrigin: return "local_origin_failure_percentage"
        default: return self.description
        }
    }
}
