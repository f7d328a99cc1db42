import EdgeRouting
import Synchronization

/// The results outlier detection was told, in order.
final class ResultLog: Sendable {
    private let storage = Mutex<[String]>([])

    var entries: [String] {
        self.storage.withLock { $0 }
    }

    func append(_ result: OutlierResult) {
        self.storage.withLock { $0.append(result.description) }
    }
}

/// An outlier detector that ejects nothing and logs every result it is given: for checking what the
/// middleware reports.
final class LoggingDetector: OutlierDetector {
    private let log: ResultLog
    private let endpoints: Mutex<[EndpointID]>

    init(endpoints: [EndpointID], log: ResultLog) {
        self.log = log
        self.endpoints = Mutex(endpoints)
    }

    func setEndpoints(_ endpoints: [EndpointID], now: MonotonicTime) {
        self.endpoints.withLock { $0 = endpoints }
    }

    func record(_ result: OutlierResult, endpointIndex: Int, now: MonotonicTime) -> Bool {
        self.log.append(result)
        return false
    }

    var nextDeadline: MonotonicTime { MonotonicTime(nanoseconds: .max) }

    func advance(to now: MonotonicTime) -> Bool { false }

    func isEjected(endpointIndex: Int) -> Bool { false }

    func snapshot() -> OutlierDetectorSnapshot {
        OutlierDetectorSnapshot(endpoints: self.endpoints.withLock { $0 }.map { .init(endpoint: $0) })
    }
}
