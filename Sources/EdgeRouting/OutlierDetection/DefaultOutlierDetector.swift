/// The outlier detector with every algorithm: consecutive 5xx, consecutive gateway failures,
/// consecutive local-origin failures, success rate and failure percentage, sharing one ejection core,
/// with Envoy's semantics.
///
/// ```swift
/// var seed = SplitMix64(seed: 42)
/// let detector = DefaultOutlierDetector(endpoints: [ingress1, ingress2], now: .origin, random: &seed) { event in
///     print(event)
/// }
/// for _ in 0..<5 {
///     detector.record(.connectFailure, endpointIndex: 0, now: .origin.advanced(by: .seconds(1)))
/// }
/// detector.isEjected(endpointIndex: 0)  // true, until 31 s
/// ```
///
/// See <doc:OutlierDetection> for the algorithms, the ejection arithmetic and the counters.
/// ``ConsecutiveFailureDetector``, ``SuccessRateDetector`` and ``FailurePercentageDetector`` are the same
/// detector with one algorithm each.
public class DefaultOutlierDetector: OutlierDetector, @unchecked Sendable {
    // @unchecked: the only stored property is the immutable reference to the (Sendable) core.
    private let core: OutlierDetectorCore

    /// Creates a detector.
    ///
    /// - Parameters:
    ///   - configuration: The settings; ``OutlierDetectionConfiguration/defaults`` by default.
    ///   - algorithms: The algorithms to run; ``OutlierDetectionAlgorithms/all`` by default.
    ///   - classifier: Which statuses are failures; consulted once per code when the detector is created.
    ///   - endpoints: The destination's endpoints, in index order.
    ///   - now: The current time: the origin of the interval clock (intervals end at
    ///     `now + k × interval`).
    ///   - random: The generator that seeds the detector's own generator for enforcement and jitter
    ///     draws; the same seed gives the same draws.
    ///   - observer: Receives events after the detector's lock is released.
    public init(
        configuration: OutlierDetectionConfiguration = .defaults,
        algorithms: OutlierDetectionAlgorithms = .all,
        classifier: any ResponseClassifier = HTTPStatusClassifier(),
        endpoints: [EndpointID] = [],
        now: MonotonicTime,
        random: inout some RandomNumberGenerator,
        observer: (@Sendable (OutlierDetectionEvent) -> Void)? = nil
    ) {
        self.core = OutlierDetectorCore(
            configuration: configuration,
            algorithms: algorithms,
            classifier: classifier,
            endpoints: endpoints,
            now: now,
            seed: random.next(),
            observer: observer
        )
    }

    /// Creates a detector whose enforcement draws are seeded from the system's random generator.
    ///
    /// - Parameters:
    ///   - configuration: The settings; ``OutlierDetectionConfiguration/defaults`` by default.
    ///   - algorithms: The algorithms to run; ``OutlierDetectionAlgorithms/all`` by default.
    ///   - classifier: Which statuses are failures.
    ///   - endpoints: The destination's endpoints, in index order.
    ///   - now: The current time: the origin of the interval clock.
    ///   - observer: Receives events after the detector's lock is released.
    public convenience init(
        configuration: OutlierDetectionConfiguration = .defaults,
        algorithms: OutlierDetectionAlgorithms = .all,
        classifier: any ResponseClassifier = HTTPStatusClassifier(),
        endpoints: [EndpointID] = [],
        now: MonotonicTime,
        observer: (@Sendable (OutlierDetectionEvent) -> Void)? = nil
    ) {
        var random = SystemRandomNumberGenerator()
        self.init(
            configuration: configuration,
            algorithms: algorithms,
            classifier: classifier,
            endpoints: endpoints,
            now: now,
            random: &random,
            observer: observer
        )
    }

    /// The configuration the detector was created with.
    public final var configuration: OutlierDetectionConfiguration { self.core.configuration }

    /// The algorithms the detector runs.
    public final var algorithms: OutlierDetectionAlgorithms { self.core.algorithms }

    /// Makes the destination's endpoints exactly `endpoints`; see
    /// ``OutlierDetector/setEndpoints(_:now:)``.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints, in index order.
    ///   - now: The current time; work due by then runs first.
    public final func setEndpoints(_ endpoints: [EndpointID], now: MonotonicTime) {
        self.core.setEndpoints(endpoints, now: now)
    }

    /// Records one result; see ``OutlierDetector/record(_:endpointIndex:now:)``.
    ///
    /// - Complexity: O(1) and lock-free, unless an ejection may happen or ``nextDeadline`` has passed.
    /// - Parameters:
    ///   - result: What happened.
    ///   - endpointIndex: The endpoint's index; out-of-range indices are ignored.
    ///   - now: The current time.
    /// - Returns: `true` when the set of ejected endpoints changed.
    @discardableResult
    public final func record(_ result: OutlierResult, endpointIndex: Int, now: MonotonicTime) -> Bool {
        self.core.record(result, endpointIndex: endpointIndex, now: now)
    }

    /// The earliest instant at which ``advance(to:)`` has work to do (one atomic load).
    public final var nextDeadline: MonotonicTime { self.core.nextDeadline }

    /// Runs the work due at or before `now`; see ``OutlierDetector/advance(to:)``.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `true` when the set of ejected endpoints changed.
    @discardableResult
    public final func advance(to now: MonotonicTime) -> Bool {
        self.core.advance(to: now)
    }

    /// Whether the endpoint with this index is ejected (out-of-range indices: `false`).
    ///
    /// - Parameter endpointIndex: The endpoint's index.
    public final func isEjected(endpointIndex: Int) -> Bool {
        self.core.isEjected(endpointIndex: endpointIndex)
    }

    /// Ends the endpoint's ejection early; see ``OutlierDetector/readmit(endpointIndex:now:)``.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index; others are ignored.
    ///   - now: The current time.
    /// - Returns: `true` when the endpoint was ejected and is now re-admitted.
    @discardableResult
    public final func readmit(endpointIndex: Int, now: MonotonicTime) -> Bool {
        self.core.readmit(endpointIndex: endpointIndex, now: now)
    }

    /// The state of every endpoint and the counters.
    public final func snapshot() -> OutlierDetectorSnapshot {
        self.core.snapshot()
    }
}
