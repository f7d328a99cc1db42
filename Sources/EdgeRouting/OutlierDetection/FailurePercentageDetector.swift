/// An outlier detector that runs only failure-percentage detection: at each interval end, endpoints
/// whose failure percentage reaches ``OutlierDetectionConfiguration/failurePercentageThreshold`` are
/// ejected.
///
/// It is the ejection core of ``DefaultOutlierDetector`` with
/// ``OutlierDetectionAlgorithms/failurePercentage``; the consecutive and success-rate fields of its
/// configuration are ignored. Its default configuration enforces every detection
/// (``defaultConfiguration``); Envoy's default enforces none.
public final class FailurePercentageDetector: DefaultOutlierDetector, @unchecked Sendable {
    /// ``OutlierDetectionConfiguration/defaults`` with ``OutlierDetectionConfiguration/enforcingFailurePercentage``
    /// and ``OutlierDetectionConfiguration/enforcingFailurePercentageLocalOrigin`` at 100.
    public static var defaultConfiguration: OutlierDetectionConfiguration {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.enforcingFailurePercentage = 100
        configuration.enforcingFailurePercentageLocalOrigin = 100
        return configuration
    }

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
        configuration: OutlierDetectionConfiguration = FailurePercentageDetector.defaultConfiguration,
        classifier: any ResponseClassifier = HTTPStatusClassifier(),
        endpoints: [EndpointID] = [],
        now: MonotonicTime,
        random: inout some RandomNumberGenerator,
        observer: (@Sendable (OutlierDetectionEvent) -> Void)? = nil
    ) {
        super.init(
            configuration: configuration,
            algorithms: .failurePercentage,
            classifier: classifier,
            endpoints: endpoints,
            now: now,
            random: &random,
            observer: observer
        )
    }
}
