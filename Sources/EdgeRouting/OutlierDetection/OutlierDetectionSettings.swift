/// A configuration reduced to what the detector computes with: integers, nanoseconds, and thresholds
/// of disabled algorithms set to zero. Out-of-range values (possible only when a validated
/// configuration was mutated afterwards) are clamped, never trapped on.
struct OutlierDetectionSettings: Sendable {
    /// Consecutive thresholds; 0 never fires.
    let consecutive5xx: UInt32
    let consecutiveGatewayFailure: UInt32
    let consecutiveLocalOriginFailure: UInt32
    let split: Bool
    /// Nanoseconds, at least 1.
    let interval: Int64
    /// Nanoseconds, at least 1.
    let baseEjectionTime: Int64
    /// Nanoseconds, at least `baseEjectionTime`.
    let maxEjectionTime: Int64
    /// Nanoseconds, at least 0.
    let maxEjectionTimeJitter: Int64
    let maxEjectionPercent: Int
    let alwaysEjectOne: Bool
    let successRate: Bool
    let failurePercentage: Bool
    let successRateMinimumHosts: Int
    let successRateRequestVolume: UInt64
    let successRateStdevFactor: Int
    let failurePercentageThreshold: Int
    let failurePercentageMinimumHosts: Int
    let failurePercentageRequestVolume: UInt64
    /// Enforcement percentages, by `OutlierEjectionType.index`.
    let enforcing: [Int]

    init(_ configuration: OutlierDetectionConfiguration, algorithms: OutlierDetectionAlgorithms) {
        func count(_ value: Int) -> UInt32 { UInt32(clamping: max(0, value)) }
        func percent(_ value: Int) -> Int { min(100, max(0, value)) }
        func nanoseconds(_ value: Duration, atLeast minimum: Int64) -> Int64 {
            max(minimum, value.nanosecondsClamped)
        }
        self.split = configuration.splitExternalLocalOriginErrors
        self.consecutive5xx = algorithms.contains(.consecutive5xx) ? count(configuration.consecutive5xx) : 0
        self.consecutiveGatewayFailure =
            algorithms.contains(.consecutiveGatewayFailure) ? count(configuration.consecutiveGatewayFailure) : 0
        self.consecutiveLocalOriginFailure =
            algorithms.contains(.consecutiveLocalOriginFailure) && self.split
            ? count(configuration.consecutiveLocalOriginFailure) : 0
        self.interval = nanoseconds(configuration.interval, atLeast: 1)
        self.baseEjectionTime = nanoseconds(configuration.baseEjectionTime, atLeast: 1)
        self.maxEjectionTime = nanoseconds(configuration.maxEjectionTime, atLeast: self.baseEjectionTime)
        self.maxEjectionTimeJitter = nanoseconds(configuration.maxEjectionTimeJitter, atLeast: 0)
        self.maxEjectionPercent = percent(configuration.maxEjectionPercent)
        self.alwaysEjectOne = configuration.alwaysEjectOneEndpoint
        self.successRate = algorithms.contains(.successRate)
        self.failurePercentage = algorithms.contains(.failurePercentage)
        self.successRateMinimumHosts = Int(count(configuration.successRateMinimumHosts))
        self.successRateRequestVolume = UInt64(count(configuration.successRateRequestVolume))
        self.successRateStdevFactor = Int(count(configuration.successRateStdevFactor))
        self.failurePercentageThreshold = percent(configuration.failurePercentageThreshold)
        self.failurePercentageMinimumHosts = Int(count(configuration.failurePercentageMinimumHosts))
        self.failurePercentageRequestVolume = UInt64(count(configuration.failurePercentageRequestVolume))
        var enforcing = Array(repeating: 0, count: OutlierEjectionType.allTypes.count)
        enforcing[OutlierEjectionType.consecutive5xx.index] = percent(configuration.enforcingConsecutive5xx)
        enforcing[OutlierEjectionType.consecutiveGatewayFailure.index] = percent(
            configuration.enforcingConsecutiveGatewayFailure
        )
        enforcing[OutlierEjectionType.consecutiveLocalOriginFailure.index] = percent(
            configuration.enforcingConsecutiveLocalOriginFailure
        )
        enforcing[OutlierEjectionType.successRate.index] = percent(configuration.enforcingSuccessRate)
        enforcing[OutlierEjectionType.successRateLocalOrigin.index] = percent(
            configuration.enforcingLocalOriginSuccessRate
        )
        enforcing[OutlierEjectionType.failurePercentage.index] = percent(configuration.enforcingFailurePercentage)
        enforcing[OutlierEjectionType.failurePercentageLocalOrigin.index] = percent(
            configuration.enforcingFailurePercentageLocalOrigin
        )
        self.enforcing = enforcing
    }
}
