/// An outlier detector that runs only success-rate detection: at each interval end, endpoints whose
/// success rate is below `mean − stdev × successRateStdevFactor / 1000` are ejected.
///
/// It is the ejection core of ``DefaultOutlierDetector`` with ``OutlierDetectionAlgorithms/successRate``;
/// the consecutive and failure-percentage fields of its configuration are ignored.
public final class SuccessRateDetector: DefaultOutlierDetector, @unchecked Sendable {
    /// Creates a detector.
    ///
    /// - Parameters:
    ///   - configuration: The settings; ``OutlierDetectionConfiguration/defaults`` by default.
    ///   - classifier: Which statuses are failures; consulted once per code when the detector is created.
    ///   - endpoints: The destination's endpoints, in index order.
    ///   - now: The current time: the origin of the interval clock (intervals end at
    ///     `now + k × interval`).
    ///   - random: The generator that seeds the detector's own generator for enforcement and jitter
    ///     draws; the same seed gives the same draws.
    ///   - observer: Receives events after the detector's lock is released.
    public init(
        configuration: OutlierDetectionConfiguration = OutlierDetectionConfiguration.defaults,
        classifier: any ResponseClassifier = HTTPStatusClassifier(),
        endpoints: [EndpointID] = [],
        now: MonotonicTime,
        random: inout some RandomNumberGenerator,
        observer: (@Sendable (OutlierDetectionEvent) -> Void)? = nil
    ) {
        super.init(
            configuration: configuration,
            algorithms: .successRate,
            classifier: classifier,
            endpoints: endpoints,
            now: now,
            random: &random,
            observer: observer
        )
    }
}
