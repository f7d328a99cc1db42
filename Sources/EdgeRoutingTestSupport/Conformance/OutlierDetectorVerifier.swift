@_spi(TestSupport) public import EdgeRouting

/// Runs an ``/EdgeRouting/OutlierDetector`` through its documented contract and throws a ``ConformanceViolation``
/// describing the first broken rule.
///
/// The verifier creates fresh detectors with the factory you pass and checks (see ``/EdgeRouting/OutlierDetector``):
///
/// - **indices**: results for an index outside the endpoint list are ignored — `record` returns
///   `false`, nothing changes, no event — and `isEjected` answers `false` for them; an empty
///   destination ejects nothing;
/// - **record and advance report changes**: whenever the set of ejected endpoints changed, the call
///   returned `true`;
/// - **deadlines**: after `record` or `advance(to:)` at `now`, ``/EdgeRouting/OutlierDetector/nextDeadline`` lies
///   after `now` (due work has run), and never after the end of a current ejection (or the router would
///   miss the re-admission); a re-admission happens at the exact instant the ejection ends, and its event
///   carries that instant even when the detector notices it later;
/// - **setEndpoints keeps state**: an ejected endpoint stays ejected (with its multiplier and counters)
///   when the list is reordered or grows; an endpoint removed and added again starts clean;
/// - **events after the lock**: events arrive in time order, only for endpoints of the destination, and
///   when an event arrives the detector already shows it: the observer calls back into the detector
///   (`isEjected`, `snapshot()`), as the contract allows, and an enforced ejection must already be
///   visible, a re-admission already done.
///
/// The checks drive endpoint 0 with connect failures and `503`s, so a detector that never ejects (such
/// as ``/EdgeRouting/NoOpOutlierDetector``) passes the rules that need no ejection and skips the others.
///
/// ```swift
/// try OutlierDetectorVerifier().verify { endpoints, now, observer in
///     MyDetector(endpoints: endpoints, now: now, observer: observer)
/// }
/// ```
///
/// A detector that calls its observer while holding a lock that the callback needs deadlocks (or traps)
/// in the verifier instead of throwing: that, too, is a contract violation, reported by the test
/// runner's time limit or crash.
public struct OutlierDetectorVerifier: Sendable {
    /// Creates a detector for a test: the destination's endpoints, the current time, and the observer
    /// that must receive its events.
    public typealias Factory = (
        _ endpoints: [EndpointID],
        _ now: MonotonicTime,
        _ observer: @escaping @Sendable (OutlierDetectionEvent) -> Void
    ) -> any OutlierDetector

    /// How many results to record while driving an endpoint towards ejection.
    public var results: Int

    /// Creates a verifier.
    ///
    /// - Parameter results: Results recorded per drive, 200 by default.
    public init(results: Int = 200) {
        self.results = max(10, results)
    }

    /// Checks the detectors `make` creates against the contract.
    ///
    /// - Parameter make: Creates a fresh detector.
    /// - Throws: ``ConformanceViolation`` for the first broken rule.
    public func verify(_ make: Factory) throws {
        try self.checkEmptyDestination(make)
        try self.checkIndexBounds(make)
        try self.checkDrive(make)
    }

    // MARK: - Rules

    private func checkEmptyDestination(_ make: Factory) throws {
        let probe = Probe()
        let detector = make([], .origin, probe.observe)
        probe.attach(detector, endpoints: [])
        let context = Context(subject: detector)
        var now = MonotonicTime.origin
        for index in [-1, 0, 1, 7, Int.max, Int.min] {
            for _ in 0..<10 {
                now = now + .milliseconds(10)
                if detector.record(.connectFailure, endpointIndex: index, now: now) {
                    throw context.violation(
                        "with no endpoints every index is out of range: record returns false",
                        "an empty destination, 10 connect failures at index \(index)",
                        "record returned true"
                    )
                }
                if detector.isEjected(endpointIndex: index) {
                    throw context.violation(
                        "with no endpoints nothing is ejected",
                        "an empty destination, connect failures at index \(index)",
                        "isEjected(endpointIndex: \(index)) is true"
                    )
                }
            }
        }
        detector.advance(to: now + .seconds(3600))
        if let event = probe.events.first {
            throw context.violation(
                "with no endpoints nothing happens",
                "an empty destination, failures at out-of-range indices",
                "event \(event)"
            )
        }
    }

    private func checkIndexBounds(_ make: Factory) throws {
        let endpoints = Self.endpoints(3)
        let probe = Probe()
        let detector = make(endpoints, .origin, probe.observe)
        probe.attach(detector, endpoints: endpoints)
        let context = Context(subject: detector)
        let before = detector.snapshot().endpoints
        var now = MonotonicTime.origin
        for index in [-1, 3, 4, 100, Int.max, Int.min] {
            for _ in 0..<20 {
                now = now + .milliseconds(10)
                if detector.record(.status(503), endpointIndex: index, now: now) {
                    throw context.violation(
                        "a result for an index outside the endpoint list is ignored: record returns false",
                        "3 endpoints, 20 results of 503 at index \(index)",
                        "record returned true"
                    )
                }
            }
            if detector.isEjected(endpointIndex: index) {
                throw context.violation(
                    "isEjected answers false for an index outside the endpoint list",
                    "3 endpoints, index \(index)",
                    "true"
                )
            }
        }
        let ejected = (0..<3).filter { detector.isEjected(endpointIndex: $0) }
        if !ejected.isEmpty {
            throw context.violation(
                "a result for an index outside the endpoint list changes nothing",
                "3 endpoints, 120 results of 503 at out-of-range indices",
                "endpoints \(ejected) are ejected"
            )
        }
        let after = detector.snapshot().endpoints
        let changed = zip(before, after).filter { $0.consecutive5xx != $1.consecutive5xx }.map(\.1.endpoint)
        if !changed.isEmpty {
            throw context.violation(
                "a result for an index outside the endpoint list changes nothing",
                "3 endpoints, 120 results of 503 at out-of-range indices",
                "the consecutive-5xx counts of \(changed) changed"
            )
        }
        if let event = probe.events.first {
            throw context.violation(
                "a result for an index outside the endpoint list causes no event",
                "3 endpoints, results at out-of-range indices",
                "event \(event)"
            )
        }
    }

    private func checkDrive(_ make: Factory) throws {
        let endpoints = Self.endpoints(3)
        let probe = Probe()
        let detector = make(endpoints, .origin, probe.observe)
        probe.attach(detector, endpoints: endpoints)
        let context = Context(subject: detector)
        var now = MonotonicTime.origin
        var ejectedAt: MonotonicTime?

        // Two failures, then a reorder: the counters must travel with the endpoint.
        for _ in 0..<2 {
            now = now + .milliseconds(100)
            try self.record(.status(503), 0, now, detector, context)
        }
        let counted = detector.snapshot()[endpoints[0]]
        detector.setEndpoints([endpoints[2], endpoints[0], endpoints[1]], now: now)
        probe.setEndpoints([endpoints[2], endpoints[0], endpoints[1]])
        let moved = detector.snapshot()[endpoints[0]]
        if let counted, moved?.consecutive5xx != counted.consecutive5xx {
            throw context.violation(
                "setEndpoints keeps the state of endpoints that remain",
                "2 results of 503 for \(endpoints[0]), then the list reordered",
                "consecutive 5xx \(counted.consecutive5xx) before, \(moved.map { String($0.consecutive5xx) } ?? "missing") after"
            )
        }
        detector.setEndpoints(endpoints, now: now)
        probe.setEndpoints(endpoints)

        // Drive endpoint 0 towards ejection.
        for step in 0..<self.results {
            now = now + .milliseconds(100)
            let result: OutlierResult = step % 2 == 0 ? .connectFailure : .status(503)
            try self.record(result, 0, now, detector, context)
            if detector.isEjected(endpointIndex: 0) {
                ejectedAt = now
                break
            }
        }
        try probe.check(context)
        guard ejectedAt != nil else { return }

        // While ejected, the next deadline must not lie after the ejection's end.
        let state = detector.snapshot()[endpoints[0]]
        if let until = state?.ejectedUntil, detector.nextDeadline > until {
            throw context.violation(
                "nextDeadline is never after the end of a current ejection",
                "\(endpoints[0]) ejected until \(until)",
                "nextDeadline \(detector.nextDeadline)"
            )
        }

        // Reordering and growing the list keeps the ejection and the multiplier.
        let extra = EndpointID(rawValue: 9_999)
        let reordered = [endpoints[1], extra, endpoints[0], endpoints[2]]
        probe.setEndpoints(reordered)
        detector.setEndpoints(reordered, now: now)
        let kept = detector.snapshot()[endpoints[0]]
        if !detector.isEjected(endpointIndex: 2) || detector.isEjected(endpointIndex: 0)
            || detector.isEjected(endpointIndex: 1)
        {
            throw context.violation(
                "setEndpoints keeps an ejected endpoint ejected, under its new index",
                "\(endpoints[0]) ejected at index 0, then the list \(reordered)",
                "isEjected by index: \((0..<4).map { detector.isEjected(endpointIndex: $0) })"
            )
        }
        if let state, kept?.multiplier != state.multiplier {
            throw context.violation(
                "setEndpoints keeps the multiplier of endpoints that remain",
                "\(endpoints[0]) ejected with multiplier \(state.multiplier), then the list reordered",
                "multiplier \(kept.map { String($0.multiplier) } ?? "missing")"
            )
        }

        // The re-admission happens at the exact end of the ejection.
        if let until = kept?.ejectedUntil ?? state?.ejectedUntil {
            let justBefore = until - .nanoseconds(1)
            if justBefore > now {
                try self.advance(to: justBefore, detector, context)
                if !detector.isEjected(endpointIndex: 2) {
                    throw context.violation(
                        "an ejection lasts until its end",
                        "\(endpoints[0]) ejected until \(until), advanced to 1 ns before",
                        "re-admitted early"
                    )
                }
            }
            try self.advance(to: until, detector, context)
            if detector.isEjected(endpointIndex: 2) {
                throw context.violation(
                    "an ejection ends at the exact instant it was due",
                    "\(endpoints[0]) ejected until \(until), advanced to \(until)",
                    "still ejected"
                )
            }
            now = until
        }
        try probe.check(context)

        // Removed and added again: the endpoint starts clean.
        for _ in 0..<4 {
            now = now + .milliseconds(100)
            try self.record(.status(503), 2, now, detector, context)
        }
        let without = [endpoints[1], extra, endpoints[2]]
        probe.setEndpoints(without)
        detector.setEndpoints(without, now: now)
        let back = [endpoints[1], extra, endpoints[2], endpoints[0]]
        probe.setEndpoints(back)
        detector.setEndpoints(back, now: now)
        if let fresh = detector.snapshot()[endpoints[0]], fresh.consecutive5xx != 0 || fresh.isEjected {
            throw context.violation(
                "an endpoint removed and added again starts clean",
                "\(endpoints[0]) with 4 consecutive 503s, removed, added again",
                "consecutive 5xx \(fresh.consecutive5xx), ejected \(fresh.isEjected)"
            )
        }

        // Noticed late: the re-admission still happens at the instant the ejection ended.
        for step in 0..<self.results {
            now = now + .milliseconds(100)
            try self.record(step % 2 == 0 ? .status(503) : .connectFailure, 3, now, detector, context)
            if detector.isEjected(endpointIndex: 3) { break }
        }
        if let until = detector.snapshot()[endpoints[0]]?.ejectedUntil {
            try self.advance(to: until + .seconds(5), detector, context)
        }
        try probe.check(context)
    }

    // MARK: - Helpers

    private func record(
        _ result: OutlierResult,
        _ index: Int,
        _ now: MonotonicTime,
        _ detector: any OutlierDetector,
        _ context: Context
    ) throws {
        let before = Self.ejectedSet(detector)
        let changed = detector.record(result, endpointIndex: index, now: now)
        let after = Self.ejectedSet(detector)
        if before != after && !changed {
            throw context.violation(
                "record returns true when the set of ejected endpoints changed",
                "\(result) for index \(index) at \(now)",
                "ejected \(before) before, \(after) after, record returned false"
            )
        }
        if detector.nextDeadline <= now {
            throw context.violation(
                "after record at now, due work has run: nextDeadline lies after now",
                "\(result) for index \(index) at \(now)",
                "nextDeadline \(detector.nextDeadline)"
            )
        }
    }

    private func advance(to now: MonotonicTime, _ detector: any OutlierDetector, _ context: Context) throws {
        let before = Self.ejectedSet(detector)
        let changed = detector.advance(to: now)
        let after = Self.ejectedSet(detector)
        if before != after && !changed {
            throw context.violation(
                "advance(to:) returns true when the set of ejected endpoints changed",
                "advance(to: \(now))",
                "ejected \(before) before, \(after) after, advance returned false"
            )
        }
        if detector.nextDeadline <= now {
            throw context.violation(
                "after advance(to: now), due work has run: nextDeadline lies after now",
                "advance(to: \(now))",
                "nextDeadline \(detector.nextDeadline)"
            )
        }
    }

    private static func ejectedSet(_ detector: any OutlierDetector) -> [Int] {
        (0..<8).filter { detector.isEjected(endpointIndex: $0) }
    }

    static func endpoints(_ count: Int) -> [EndpointID] {
        (0..<count).map { EndpointID(rawValue: UInt64(100 + $0)) }
    }

    private struct Context {
        var subject: String

        init(subject: any OutlierDetector) {
            self.subject = String(describing: type(of: subject))
        }

        func violation(_ rule: String, _ input: String, _ found: String) -> ConformanceViolation {
            ConformanceViolation(
                contract: "OutlierDetector",
                subject: self.subject,
                rule: rule,
                input: input,
                found: found
            )
        }
    }

    /// Receives a detector's events and checks, from inside the callback, that the detector already
    /// shows them.
    private final class Probe: Sendable {
        struct State {
            var detector: (any OutlierDetector)?
            var endpoints: [EndpointID] = []
            var events: [OutlierDetectionEvent] = []
            var problems: [(String, String)] = []
            var ejectedUntil: [EndpointID: MonotonicTime] = [:]
        }

        private let state = Locked(State())

        func attach(_ detector: any OutlierDetector, endpoints: [EndpointID]) {
            self.state.withLock {
                $0.detector = detector
                $0.endpoints = endpoints
            }
        }

        func setEndpoints(_ endpoints: [EndpointID]) {
            self.state.withLock { $0.endpoints = endpoints }
        }

        var events: [OutlierDetectionEvent] {
            self.state.withLock { $0.events }
        }

        @Sendable func observe(_ event: OutlierDetectionEvent) {
            let (detector, endpoints, previous) = self.state.withLock { ($0.detector, $0.endpoints, $0.events.last) }
            var problems: [(String, String)] = []
            if let previous, event.time < previous.time {
                problems.append(("events arrive in time order", "\(event) after \(previous)"))
            }
            if let detector {
                // Calling back into the detector is allowed; it must not deadlock, and it must already
                // show what the event says.
                let snapshot = detector.snapshot()
                if let index = endpoints.firstIndex(of: event.endpoint) {
                    let ejected = detector.isEjected(endpointIndex: index)
                    if event.kind == .ejected && event.enforced && !ejected {
                        problems.append(
                            ("an event is delivered after the state changed", "\(event) while isEjected is false")
                        )
                    }
                    if event.kind == .readmitted && ejected {
                        problems.append(
                            ("an event is delivered after the state changed", "\(event) while isEjected is true")
                        )
                    }
                    if event.kind == .ejected, event.enforced, snapshot[event.endpoint]?.isEjected == false {
                        problems.append(
                            (
                                "an event is delivered after the state changed",
                                "\(event) while the snapshot is not ejected"
                            )
                        )
                    }
                } else {
                    problems.append(("events concern endpoints of the destination", "\(event) for an unknown endpoint"))
                }
            }
            self.state.withLock { state in
                if event.kind == .readmitted, let until = state.ejectedUntil[event.endpoint], until != event.time {
                    problems.append(
                        ("a re-admission happens at the exact end of the ejection", "\(event); ejected until \(until)")
                    )
                }
                if event.kind == .ejected, event.enforced, let until = event.ejectedUntil {
                    state.ejectedUntil[event.endpoint] = until
                }
                state.events.append(event)
                state.problems.append(contentsOf: problems)
            }
        }

        func check(_ context: Context) throws {
            let (problems, events) = self.state.withLock { ($0.problems, $0.events) }
            if let (rule, found) = problems.first {
                throw context.violation(rule, "events: \(events.map(\.description))", found)
            }
        }
    }
}
