import Synchronization

/// An outlier detector that never ejects: for destinations without outlier detection.
///
/// It remembers the endpoint list only for ``snapshot()``; every other method returns at once.
public final class NoOpOutlierDetector: OutlierDetector {
    private let endpoints: Locked<[EndpointID]>

    /// Creates a detector that never ejects.
    ///
    /// - Parameter endpoints: The destination's endpoints, for snapshots.
    public init(endpoints: [EndpointID] = []) {
        self.endpoints = Locked(endpoints)
    }

    /// Remembers the endpoints for snapshots.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints.
    ///   - now: Ignored.
    public func setEndpoints(_ endpoints: [EndpointID], now: MonotonicTime) {
        self.endpoints.withLock { $0 = endpoints }
    }

    /// Ignores the result.
    ///
    /// - Parameters:
    ///   - result: Ignored.
    ///   - endpointIndex: Ignored.
    ///   - now: Ignored.
    /// - Returns: `false`.
    @discardableResult
    public func record(_ result: OutlierResult, endpointIndex: Int, now: MonotonicTime) -> Bool {
        false
    }

    /// Never: `MonotonicTime(nanoseconds: .max)`.
    public var nextDeadline: MonotonicTime { MonotonicTime(nanoseconds: .max) }

    /// Does nothing.
    ///
    /// - Parameter now: Ignored.
    /// - Returns: `false`.
    @discardableResult
    public func advance(to now: MonotonicTime) -> Bool {
        false
    }

    /// `false`: nothing is ever ejected.
    ///
    /// - Parameter endpointIndex: Ignored.
    public func isEjected(endpointIndex: Int) -> Bool {
        false
    }

    /// Every endpoint, none ejected, zero counters.
    public func snapshot() -> OutlierDetectorSnapshot {
        OutlierDetectorSnapshot(endpoints: self.endpoints.withLock { $0 }.map { .init(endpoint: $0) })
    }
}
