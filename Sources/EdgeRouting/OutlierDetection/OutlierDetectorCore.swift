import Synchronization

/// The one ejection core behind every EdgeRouting detector: lock-free counting on the request path,
/// a lock around ``OutlierDetectorState`` for everything that may eject or re-admit, and event delivery
/// after the lock is released.
final class OutlierDetectorCore: @unchecked Sendable {
    // @unchecked: `statusTable` is written once in `init` and only read afterwards; everything else is
    // `Sendable`, atomic, or behind the mutex.

    let configuration: OutlierDetectionConfiguration
    let algorithms: OutlierDetectionAlgorithms
    private let settings: OutlierDetectionSettings
    /// `OutlierResponseClass.tableCode` for every status `0...999`.
    private let statusTable: UnsafeMutablePointer<UInt8>
    private let published: Atomic<Unmanaged<OutlierSlotStorage>>
    private let deadline: Atomic<Int64>
    private let state: Locked<OutlierDetectorState>
    private let observer: (@Sendable (OutlierDetectionEvent) -> Void)?

    private static let statusCount = 1000
    private static let successCode = OutlierResponseClass.success.tableCode
    private static let gatewayFailureCode = OutlierResponseClass.gatewayFailure.tableCode

    init(
        configuration: OutlierDetectionConfiguration,
        algorithms: OutlierDetectionAlgorithms,
        classifier: any ResponseClassifier,
        endpoints: [EndpointID],
        now: MonotonicTime,
        seed: UInt64,
        observer: (@Sendable (OutlierDetectionEvent) -> Void)?
    ) {
        self.configuration = configuration
        self.algorithms = algorithms
        let settings = OutlierDetectionSettings(configuration, algorithms: algorithms)
        self.settings = settings
        self.statusTable = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.statusCount)
        for code in 0..<Self.statusCount {
            (self.statusTable + code).initialize(to: classifier.classify(statusCode: code).tableCode)
        }
        var state = OutlierDetectorState(settings: settings, origin: now, seed: seed)
        let storage = state.setEndpoints(endpoints)
        self.published = Atomic(Unmanaged.passUnretained(storage))
        self.deadline = Atomic(state.deadline.nanoseconds)
        self.state = Locked(state)
        self.observer = observer
    }

    deinit {
        self.statusTable.deallocate()
    }

    // MARK: Request path

    /// Counts one result; see ``OutlierDetector/record(_:endpointIndex:now:)``.
    @inline(__always)
    func record(_ result: OutlierResult, endpointIndex slot: Int, now: MonotonicTime) -> Bool {
        // The storage outlives this call (the state keeps every storage), so no reference counting.
        self.published.load(ordering: .acquiring)._withUnsafeGuaranteedRef { storage in
            guard storage.contains(slot) else { return false }
            var changed = false
            if now.nanoseconds >= self.deadline.load(ordering: .relaxed) {
                changed = self.advanceIfUncontended(to: now)
            }
            let fired: UInt8
            switch result.kind {
            case .status(let code):
                fired = self.external(self.statusTable[Int(min(code, 999))], storage, slot)
            case .connectFailure, .timeout, .reset:
                if self.settings.split {
                    fired = self.localOriginFailure(storage, slot)
                } else {
                    // Envoy maps these to 503 and 504: gateway failures.
                    fired = self.external(Self.gatewayFailureCode, storage, slot)
                }
            case .connectSuccess:
                guard self.settings.split else { return changed }
                if self.settings.consecutiveLocalOriginFailure != 0 {
                    storage.clear(slot, OutlierSlotStorage.Word.consecutiveLocalOriginFailure)
                }
                storage.countResult(slot, OutlierSlotStorage.Bucket.localOriginSuccess)
                fired = 0
            }
            if fired != 0 {
                changed = self.consecutiveFired(fired, storage: storage, slot: slot, now: now) || changed
            }
            return changed
        }
    }

    /// Envoy's `putHttpResponseCode` on the atomics: returns the detectors whose counter reached its
    /// threshold with this result.
    @inline(__always)
    private func external(_ code: UInt8, _ storage: OutlierSlotStorage, _ slot: Int) -> UInt8 {
        let settings = self.settings
        if code == Self.successCode {
            if settings.consecutive5xx != 0 { storage.clear(slot, OutlierSlotStorage.Word.consecutive5xx) }
            if settings.consecutiveGatewayFailure != 0 {
                storage.clear(slot, OutlierSlotStorage.Word.consecutiveGatewayFailure)
            }
            storage.countResult(slot, OutlierSlotStorage.Bucket.externalSuccess)
            return 0
        }
        var fired: UInt8 = 0
        if settings.consecutiveGatewayFailure != 0 {
            if code == Self.gatewayFailureCode {
                let count = storage.increment(slot, OutlierSlotStorage.Word.consecutiveGatewayFailure)
                if count == settings.consecutiveGatewayFailure {
                    fired |= OutlierDetectorState.Fired.consecutiveGatewayFailure
                }
            } else {
                storage.clear(slot, OutlierSlotStorage.Word.consecutiveGatewayFailure)
            }
        }
        if settings.consecutive5xx != 0
            && storage.increment(slot, OutlierSlotStorage.Word.consecutive5xx) == settings.consecutive5xx
        {
            fired |= OutlierDetectorState.Fired.consecutive5xx
        }
        storage.countResult(slot, OutlierSlotStorage.Bucket.externalFailure)
        return fired
    }

    /// Envoy's `localOriginFailure` (split mode).
    @inline(__always)
    private func localOriginFailure(_ storage: OutlierSlotStorage, _ slot: Int) -> UInt8 {
        let threshold = self.settings.consecutiveLocalOriginFailure
        var fired: UInt8 = 0
        if threshold != 0
            && storage.increment(slot, OutlierSlotStorage.Word.consecutiveLocalOriginFailure) == threshold
        {
            fired = OutlierDetectorState.Fired.consecutiveLocalOriginFailure
        }
        storage.countResult(slot, OutlierSlotStorage.Bucket.localOriginFailure)
        return fired
    }

    /// Whether the endpoint is ejected; one acquiring load after the bounds check.
    @inline(__always)
    func isEjected(endpointIndex slot: Int) -> Bool {
        self.published.load(ordering: .acquiring)._withUnsafeGuaranteedRef { storage in
            storage.contains(slot) && storage.isEjected(slot)
        }
    }

    /// The earliest instant at which `advance(to:)` has work.
    var nextDeadline: MonotonicTime {
        MonotonicTime(nanoseconds: self.deadline.load(ordering: .relaxed))
    }

    // MARK: Locked paths

    private func consecutiveFired(_ fired: UInt8, storage: OutlierSlotStorage, slot: Int, now: MonotonicTime) -> Bool {
        var events: [OutlierDetectionEvent] = []
        let changed = self.state.withLock { state in
            // A reconfiguration between the count and the lock moved the endpoint: drop the detection.
            guard state.storage === storage else { return false }
            return self.collectingEvents(in: &state, into: &events) { state, events in
                var changed = state.advance(to: now, events: &events)
                changed = state.consecutiveFired(fired, slot: slot, now: now, events: &events) || changed
                self.publishDeadline(of: state)
                return changed
            }
        }
        self.deliver(events)
        return changed
    }

    /// Runs due work unless another thread holds the lock (it is running it, or about to eject).
    private func advanceIfUncontended(to now: MonotonicTime) -> Bool {
        var events: [OutlierDetectionEvent] = []
        let changed =
            self.state.withLockIfAvailable { state in
                self.collectingEvents(in: &state, into: &events) { state, events in
                    let changed = state.advance(to: now, events: &events)
                    self.publishDeadline(of: state)
                    return changed
                }
            } ?? false
        self.deliver(events)
        return changed
    }

    func advance(to now: MonotonicTime) -> Bool {
        var events: [OutlierDetectionEvent] = []
        let changed = self.state.withLock { state in
            self.collectingEvents(in: &state, into: &events) { state, events in
                let changed = state.advance(to: now, events: &events)
                self.publishDeadline(of: state)
                return changed
            }
        }
        self.deliver(events)
        return changed
    }

    /// Runs `body` (under the lock) with the buffer its events go to: `events`, delivered after the
    /// lock is released, when there is an observer; otherwise the state's own buffer, emptied
    /// afterwards and kept, so that detections nobody observes (an unenforced consecutive-gateway-failure
    /// detection every few failures, say) do not allocate an array each time.
    @inline(__always)
    private func collectingEvents(
        in state: inout OutlierDetectorState,
        into events: inout [OutlierDetectionEvent],
        _ body: (inout OutlierDetectorState, inout [OutlierDetectionEvent]) -> Bool
    ) -> Bool {
        if self.observer != nil {
            return body(&state, &events)
        }
        var unobserved: [OutlierDetectionEvent] = []
        swap(&unobserved, &state.unobservedEvents)
        let changed = body(&state, &unobserved)
        unobserved.removeAll(keepingCapacity: true)
        swap(&unobserved, &state.unobservedEvents)
        return changed
    }

    func readmit(endpointIndex slot: Int, now: MonotonicTime) -> Bool {
        var events: [OutlierDetectionEvent] = []
        let changed = self.state.withLock { state in
            self.collectingEvents(in: &state, into: &events) { state, events in
                var changed = state.advance(to: now, events: &events)
                changed = state.readmitEarly(slot, now: now, events: &events) || changed
                self.publishDeadline(of: state)
                return changed
            }
        }
        self.deliver(events)
        return changed
    }

    func setEndpoints(_ endpoints: [EndpointID], now: MonotonicTime) {
        var events: [OutlierDetectionEvent] = []
        self.state.withLock { state in
            _ = state.advance(to: now, events: &events)
            let storage = state.setEndpoints(endpoints)
            self.published.store(Unmanaged.passUnretained(storage), ordering: .releasing)
            self.publishDeadline(of: state)
        }
        self.deliver(events)
    }

    func snapshot() -> OutlierDetectorSnapshot {
        self.state.withLock { state in state.snapshot() }
    }

    private func publishDeadline(of state: borrowing OutlierDetectorState) {
        self.deadline.store(state.deadline.nanoseconds, ordering: .relaxed)
    }

    private func deliver(_ events: [OutlierDetectionEvent]) {
        guard let observer = self.observer else { return }
        for event in events {
            observer(event)
        }
    }
}
