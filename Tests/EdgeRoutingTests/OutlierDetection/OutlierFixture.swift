import EdgeRouting
import Synchronization

/// Collects a detector's events; thread-safe.
final class OutlierEventRecorder: Sendable {
    private let storage = Mutex<[OutlierDetectionEvent]>([])

    var observer: @Sendable (OutlierDetectionEvent) -> Void {
        { [self] event in self.storage.withLock { $0.append(event) } }
    }

    var events: [OutlierDetectionEvent] {
        self.storage.withLock { $0 }
    }

    func events(_ kind: OutlierDetectionEvent.Kind) -> [OutlierDetectionEvent] {
        self.events.filter { $0.kind == kind }
    }

    func removeAll() {
        self.storage.withLock { $0.removeAll() }
    }
}

/// Builders shared by the outlier-detection tests.
enum OutlierFixture {
    static func identities(_ count: Int) -> [EndpointID] {
        (0..<count).map { EndpointID(rawValue: UInt64($0 + 1)) }
    }

    static func configuration(
        _ change: (inout OutlierDetectionConfiguration) -> Void = { _ in }
    )
        -> OutlierDetectionConfiguration
    {
        var configuration = OutlierDetectionConfiguration.defaults
        change(&configuration)
        return configuration
    }

    static func detector(
        _ configuration: OutlierDetectionConfiguration = .defaults,
        endpoints: Int = 2,
        now: MonotonicTime = .origin,
        seed: UInt64 = 1
    ) -> (DefaultOutlierDetector, OutlierEventRecorder) {
        let recorder = OutlierEventRecorder()
        var random = SplitMix64(seed: seed)
        let detector = DefaultOutlierDetector(
            configuration: configuration,
            endpoints: self.identities(endpoints),
            now: now,
            random: &random,
            observer: recorder.observer
        )
        return (detector, recorder)
    }

    /// Records `count` results at one endpoint and returns whether any call reported a change.
    @discardableResult
    static func record(
        _ result: OutlierResult,
        times count: Int,
        on detector: some OutlierDetector,
        endpoint: Int,
        at now: MonotonicTime
    ) -> Bool {
        var changed = false
        for _ in 0..<count {
            changed = detector.record(result, endpointIndex: endpoint, now: now) || changed
        }
        return changed
    }

    /// Records `successes` successes and `failures` 500s at one endpoint, the failures spread evenly
    /// among the successes so that consecutive detectors (threshold 5) do not fire while failures are
    /// fewer than successes.
    static func traffic(
        on detector: some OutlierDetector,
        endpoint: Int,
        successes: Int,
        failures: Int,
        at now: MonotonicTime
    ) {
        let total = successes + failures
        for index in 0..<total {
            let failing = (index + 1) * failures / total > index * failures / total
            detector.record(failing ? .status(500) : .status(200), endpointIndex: endpoint, now: now)
        }
    }

    /// The ejection end of the endpoint, from a snapshot.
    static func ejectedUntil(_ detector: some OutlierDetector, _ endpoint: Int) -> MonotonicTime? {
        detector.snapshot().endpoints[endpoint].ejectedUntil
    }
}
