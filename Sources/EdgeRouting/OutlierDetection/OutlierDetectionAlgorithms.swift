/// Which detection algorithms a detector runs; all of them share one ejection core.
///
/// ``DefaultOutlierDetector`` runs ``all`` of them, as Envoy does. A disabled algorithm neither detects
/// nor counts `ejections_detected_…`; results are still counted, so diagnostics stay complete.
///
/// ```swift
/// let detector = DefaultOutlierDetector(algorithms: [.consecutive5xx, .successRate], now: .origin)
/// ```
public struct OutlierDetectionAlgorithms: OptionSet, Hashable, Sendable {
    /// The bits of the set.
    public var rawValue: UInt32

    /// Creates a set from its bits.
    ///
    /// - Parameter rawValue: The bits; unknown bits are kept and ignored.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Consecutive failures (``OutlierEjectionType/consecutive5xx``).
    public static let consecutive5xx = OutlierDetectionAlgorithms(rawValue: 1 << 0)
    /// Consecutive gateway failures (``OutlierEjectionType/consecutiveGatewayFailure``).
    public static let consecutiveGatewayFailure = OutlierDetectionAlgorithms(rawValue: 1 << 1)
    /// Consecutive local-origin failures in split mode
    /// (``OutlierEjectionType/consecutiveLocalOriginFailure``).
    public static let consecutiveLocalOriginFailure = OutlierDetectionAlgorithms(rawValue: 1 << 2)
    /// Success-rate statistics over the last interval, external and (split mode) local origin.
    public static let successRate = OutlierDetectionAlgorithms(rawValue: 1 << 3)
    /// Failure-percentage statistics over the last interval, external and (split mode) local origin.
    public static let failurePercentage = OutlierDetectionAlgorithms(rawValue: 1 << 4)

    /// The three consecutive-failure detectors.
    public static let consecutiveFailures: OutlierDetectionAlgorithms = [
        .consecutive5xx, .consecutiveGatewayFailure, .consecutiveLocalOriginFailure,
    ]
    /// Every algorithm, as Envoy runs them.
    public static let all: OutlierDetectionAlgorithms = [.consecutiveFailures, .successRate, .failurePercentage]
}
