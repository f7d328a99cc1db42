@_spi(TestSupport) public import EdgeRouting

/// A ``/EdgeRouting/RoutingObserver`` that keeps every event and access-log record in memory, with throwing
/// `expect…` helpers for tests.
///
/// ```swift
/// let recorder = EventRecorder()
/// let router = try EdgeRouter(gateway: gateway, edge: edge, topology: topology,
///                             configuration: EdgeRouterConfiguration(shardCount: 1),
///                             clock: clock, observer: recorder)
/// // … drive the router through a failure …
/// try recorder.expectEjection(of: "cluster-1")
/// try recorder.expectTrafficShift(to: 1)          // everything moved to tier P1
/// try recorder.expectNoEvents(.reconfigured)
/// ```
///
/// Each helper throws an ``ExpectationFailure`` that lists what *was* recorded, so a failing test
/// explains itself.
///
/// **Thread-safety.** The recorder is `Sendable`; the router may call it from many threads at once.
/// Events and records are appended under a lock, in the order the calls took the lock.
public final class EventRecorder: RoutingObserver {
    /// The kinds of ``/EdgeRouting/RoutingEvent``, for filtering and for ``expectNoEvents(_:)``.
    public typealias Kind = RoutingEvent.Kind

    private struct Storage {
        var events: [RoutingEvent] = []
        var records: [AccessLogRecord] = []
    }

    private let storage = Locked(Storage())

    /// Whether the router should build access-log records for this recorder.
    public let wantsAccessLog: Bool

    /// Creates an empty recorder.
    ///
    /// - Parameter accessLog: Whether to ask the router for access-log records (`true` by default);
    ///   a recorder that only needs events can save the router that work.
    public init(accessLog: Bool = true) {
        self.wantsAccessLog = accessLog
    }

    /// Records an event.
    ///
    /// - Parameter event: The event.
    public func observe(_ event: RoutingEvent) {
        self.storage.withLock { $0.events.append(event) }
    }

    /// Records an access-log record.
    ///
    /// - Parameter record: The record.
    public func requestCompleted(_ record: AccessLogRecord) {
        self.storage.withLock { $0.records.append(record) }
    }

    // MARK: - What was recorded

    /// Every event so far, in order.
    public var events: [RoutingEvent] {
        self.storage.withLock { $0.events }
    }

    /// Every access-log record so far, in order.
    public var accessLog: [AccessLogRecord] {
        self.storage.withLock { $0.records }
    }

    /// The events of the given kinds, in order.
    ///
    /// - Parameter kinds: The kinds to keep.
    /// - Returns: The matching events.
    public func events(_ kinds: Kind...) -> [RoutingEvent] {
        let wanted = Set(kinds)
        return self.events.filter { wanted.contains($0.kind) }
    }

    /// The enforced ejections, in order.
    public var ejections: [EndpointHealthEvent] {
        self.events.filter { $0.kind == .endpointEjected }.compactMap(\.endpoint)
    }

    /// The re-admissions, in order.
    public var readmissions: [EndpointHealthEvent] {
        self.events.filter { $0.kind == .endpointReadmitted }.compactMap(\.endpoint)
    }

    /// The traffic shifts, in order.
    public var trafficShifts: [TrafficShift] {
        self.events.compactMap(\.trafficShift)
    }

    /// The scheduled retries, in order.
    public var retries: [RetryScheduled] {
        self.events.filter { $0.kind == .retryScheduled }.compactMap(\.retry)
    }

    /// The applied reconfigurations, in order.
    public var reconfigurations: [RouteTableChanges] {
        self.events.compactMap(\.changes)
    }

    /// Forgets everything recorded so far (for example after a warm-up phase).
    public func removeAll() {
        self.storage.withLock { $0 = Storage() }
    }

    // MARK: - Expectations

    /// Expects an enforced ejection of an endpoint of `cluster`.
    ///
    /// ```swift
    /// let ejection = try recorder.expectEjection(of: "cluster-1", reason: .consecutive5xx)
    /// #expect(ejection.detail.ejectedUntil == ejection.detail.time + .seconds(30))
    /// ```
    ///
    /// - Parameters:
    ///   - cluster: The cluster whose endpoint was ejected.
    ///   - reason: The ejection type, if it matters.
    /// - Returns: The first matching ejection.
    /// - Throws: ``ExpectationFailure`` listing the recorded events when there is none.
    @discardableResult
    public func expectEjection(
        of cluster: String,
        reason: OutlierEjectionType? = nil
    ) throws -> EndpointHealthEvent {
        let found = self.ejections.first { event in
            event.cluster == cluster && (reason == nil || event.detail.ejectionType == reason)
        }
        guard let found else {
            throw self.failure("an ejection of \(cluster)" + (reason.map { " (\($0))" } ?? ""))
        }
        return found
    }

    /// Expects a re-admission of an endpoint of `cluster`.
    ///
    /// - Parameter cluster: The cluster whose endpoint came back.
    /// - Returns: The first matching re-admission.
    /// - Throws: ``ExpectationFailure`` listing the recorded events when there is none.
    @discardableResult
    public func expectReadmission(of cluster: String) throws -> EndpointHealthEvent {
        guard let found = self.readmissions.first(where: { $0.cluster == cluster }) else {
            throw self.failure("a re-admission of \(cluster)")
        }
        return found
    }

    /// Expects that no endpoint (of `cluster`, when given) was ejected.
    ///
    /// - Parameter cluster: The cluster to check, or `nil` for every cluster.
    /// - Throws: ``ExpectationFailure`` listing the recorded events when one was.
    public func expectNoEjection(of cluster: String? = nil) throws {
        if self.ejections.contains(where: { cluster == nil || $0.cluster == cluster }) {
            throw self.failure("no ejection" + (cluster.map { " of \($0)" } ?? ""))
        }
    }

    /// Expects a traffic shift after which tier `tier` takes `share` percent of the destination's
    /// traffic (all of it by default).
    ///
    /// ```swift
    /// try recorder.expectTrafficShift(to: 1)  // failover: P1 takes 100 %
    /// try recorder.expectTrafficShift(to: 0)  // and back
    /// ```
    ///
    /// - Parameters:
    ///   - tier: The priority tier (0 is the edge's own locality).
    ///   - share: The percentage the tier takes after the shift.
    /// - Returns: The first matching shift.
    /// - Throws: ``ExpectationFailure`` listing the recorded events when there is none.
    @discardableResult
    public func expectTrafficShift(to tier: Int, share: Int = 100) throws -> TrafficShift {
        guard let found = self.trafficShifts.first(where: { $0.after.load(ofTier: tier) == share }) else {
            throw self.failure("a traffic shift giving P\(tier) \(share)%")
        }
        return found
    }

    /// Expects a reconfiguration that removed `cluster` from some hostname's clusters (the guide's
    /// deleted Gateway).
    ///
    /// - Parameter cluster: The removed cluster.
    /// - Returns: The first matching change set.
    /// - Throws: ``ExpectationFailure`` listing the recorded events when there is none.
    @discardableResult
    public func expectReconfiguration(removing cluster: String) throws -> RouteTableChanges {
        let found = self.reconfigurations.first { changes in
            changes.hostnames.contains { $0.clustersRemoved.contains(cluster) }
        }
        guard let found else {
            throw self.failure("a reconfiguration removing \(cluster)")
        }
        return found
    }

    /// Expects a retry of an attempt that failed on `cluster` (and went to `nextCluster`, when given).
    ///
    /// - Parameters:
    ///   - cluster: The cluster of the failed attempt.
    ///   - nextCluster: The cluster of the retry, if it matters.
    /// - Returns: The first matching retry.
    /// - Throws: ``ExpectationFailure`` listing the recorded events when there is none.
    @discardableResult
    public func expectRetry(from cluster: String, to nextCluster: String? = nil) throws -> RetryScheduled {
        let found = self.retries.first { retry in
            retry.cluster == cluster && (nextCluster == nil || retry.nextCluster == nextCluster)
        }
        guard let found else {
            throw self.failure("a retry from \(cluster)" + (nextCluster.map { " to \($0)" } ?? ""))
        }
        return found
    }

    /// Expects that no event of the given kinds was recorded; with no kinds, no event at all.
    ///
    /// ```swift
    /// try recorder.expectNoEvents()                          // nothing happened
    /// try recorder.expectNoEvents(.endpointEjected, .trafficShifted)  // no failover
    /// ```
    ///
    /// - Parameter kinds: The kinds that must not occur.
    /// - Throws: ``ExpectationFailure`` listing the offending events.
    public func expectNoEvents(_ kinds: Kind...) throws {
        let wanted = Set(kinds)
        let offending = self.events.filter { kinds.isEmpty || wanted.contains($0.kind) }
        if !offending.isEmpty {
            let what = kinds.isEmpty ? "events" : kinds.map(\.description).joined(separator: " or ") + " events"
            throw ExpectationFailure(expected: "no \(what)", recorded: offending.map(\.description))
        }
    }

    /// Expects exactly `count` access-log records (with `status`, when given).
    ///
    /// - Parameters:
    ///   - count: The number of requests.
    ///   - status: The status they all have, if it matters.
    /// - Returns: The matching records.
    /// - Throws: ``ExpectationFailure`` listing the records when the count differs.
    @discardableResult
    public func expectRequests(count: Int, status: Int? = nil) throws -> [AccessLogRecord] {
        let records = self.accessLog
        let matching = records.filter { status == nil || $0.status == status }
        if matching.count != count {
            let formatter = AccessLogFormatter()
            throw ExpectationFailure(
                expected: "\(count) requests" + (status.map { " with status \($0)" } ?? "")
                    + ", found \(matching.count)",
                recorded: records.map(formatter.format)
            )
        }
        return matching
    }

    private func failure(_ expected: String) -> ExpectationFailure {
        ExpectationFailure(expected: expected, recorded: self.events.map(\.description))
    }
}
