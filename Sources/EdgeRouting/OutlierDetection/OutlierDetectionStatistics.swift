/// A detector's counters, with Envoy's `outlier_detection.*` statistic names.
///
/// ```swift
/// for (name, value) in detector.snapshot().statistics.counters {
///     print("outlier_detection.\(name): \(value)")
/// }
/// ```
public struct OutlierDetectionStatistics: Hashable, Sendable {
    /// `ejections_active`: endpoints ejected now (a gauge).
    public var ejectionsActive: Int
    /// `ejections_overflow`: ejections refused because of
    /// ``OutlierDetectionConfiguration/maxEjectionPercent``.
    public var ejectionsOverflow: UInt64
    /// `ejections_enforced_total`: ejections that took effect, of every type.
    public var ejectionsEnforcedTotal: UInt64
    /// `ejections_detected_<type>`, indexed by type.
    private var detectedByType: [UInt64]
    /// `ejections_enforced_<type>`, indexed by type.
    private var enforcedByType: [UInt64]

    /// Creates zeroed statistics.
    public init() {
        self.ejectionsActive = 0
        self.ejectionsOverflow = 0
        self.ejectionsEnforcedTotal = 0
        self.detectedByType = Array(repeating: 0, count: OutlierEjectionType.allTypes.count)
        self.enforcedByType = Array(repeating: 0, count: OutlierEjectionType.allTypes.count)
    }

    /// `ejections_detected_<type>`: outliers of this type found, whether or not the cap allowed an
    /// ejection and whether or not it was enforced.
    ///
    /// - Parameter type: The ejection type.
    public func detected(_ type: OutlierEjectionType) -> UInt64 {
        self.detectedByType[type.index]
    }

    /// `ejections_enforced_<type>`: ejections of this type that took effect.
    ///
    /// - Parameter type: The ejection type.
    public func enforced(_ type: OutlierEjectionType) -> UInt64 {
        self.enforcedByType[type.index]
    }

    mutating func countDetected(_ type: OutlierEjectionType) {
        self.detectedByType[type.index] &+= 1
    }

    mutating func countEnforced(_ type: OutlierEjectionType) {
        self.enforcedByType[type.index] &+= 1
        self.ejectionsEnforcedTotal &+= 1
    }

    /// Every statistic as `(name, value)`, names without the `outlier_detection.` prefix, in a stable
    /// order: `ejections_active`, `ejections_overflow`, `ejections_enforced_total`, then per type
    /// `ejections_detected_…` and `ejections_enforced_…`.
    public var counters: [(name: String, value: UInt64)] {
        var result: [(name: String, value: UInt64)] = [
            ("ejections_active", UInt64(max(0, self.ejectionsActive))),
            ("ejections_overflow", self.ejectionsOverflow),
            ("ejections_enforced_total", self.ejectionsEnforcedTotal),
        ]
        for type in OutlierEjectionType.allTypes {
            result.append(("ejections_detected_\(type.statisticSuffix)", self.detected(type)))
            result.append(("ejections_enforced_\(type.statisticSuffix)", self.enforced(type)))
        }
        return result
    }

    /// The statistic with this name (without the `outlier_detection.` prefix), or `nil` when there is
    /// none.
    ///
    /// - Parameter name: A name such as `ejections_enforced_consecutive_5xx`.
    public subscript(name: String) -> UInt64? {
        self.counters.first { $0.name == name }?.value
    }
}
