import Synchronization

/// The part of a detector's state that only changes under its lock: ejections, multipliers, the
/// interval clock, the statistics, the enforcement generator, and the storage the request path uses.
///
/// Every method is a plain state transition: it takes the time, appends the events it causes to
/// `events`, and returns whether the set of ejected endpoints changed. The caller holds the lock and
/// delivers the events after releasing it.
struct OutlierDetectorState {
    /// One endpoint's locked state.
    struct Endpoint {
        var id: EndpointID
        var isEjected = false
        var ejectedUntil: MonotonicTime?
        var multiplier = 0
        var ejectionCount = 0
        var lastReadmission: MonotonicTime?
        var lastInterval = OutlierRequestCounts()
        var successRate: Double?
        var localOriginSuccessRate: Double?

        init(id: EndpointID) {
            self.id = id
        }
    }

    /// The two families of interval statistics (Envoy's `SuccessRateMonitorType`).
    enum Origin: CaseIterable {
        case external
        case localOrigin

        var successRateType: OutlierEjectionType {
            self == .external ? .successRate : .successRateLocalOrigin
        }

        var failurePercentageType: OutlierEjectionType {
            self == .external ? .failurePercentage : .failurePercentageLocalOrigin
        }

        func successesAndTotal(_ counts: OutlierRequestCounts) -> (UInt64, UInt64) {
            switch self {
            case .external: return (counts.externalSuccesses, counts.externalTotal)
            case .localOrigin: return (counts.localOriginSuccesses, counts.localOriginTotal)
            }
        }
    }

    /// Bits of the consecutive detectors that fired on the request path.
    enum Fired {
        static let consecutiveGatewayFailure: UInt8 = 1 << 0
        static let consecutive5xx: UInt8 = 1 << 1
        static let consecutiveLocalOriginFailure: UInt8 = 1 << 2
    }

    static let never = MonotonicTime(nanoseconds: .max)

    /// The consecutive detectors in Envoy's order of handling (gateway failure before 5xx, as its
    /// `putHttpResponseCode` fires them): bit, type, counter word.
    private static let consecutiveDetectors: [(UInt8, OutlierEjectionType, Int)] = [
        (
            Fired.consecutiveGatewayFailure, .consecutiveGatewayFailure,
            OutlierSlotStorage.Word.consecutiveGatewayFailure
        ),
        (Fired.consecutive5xx, .consecutive5xx, OutlierSlotStorage.Word.consecutive5xx),
        (
            Fired.consecutiveLocalOriginFailure, .consecutiveLocalOriginFailure,
            OutlierSlotStorage.Word.consecutiveLocalOriginFailure
        ),
    ]

    let settings: OutlierDetectionSettings
    private(set) var endpoints: [Endpoint] = []
    /// The storage the request path uses now.
    private(set) var storage: OutlierSlotStorage
    /// The previous storage, reused by the next reconfiguration when it is large enough.
    private var spare: OutlierSlotStorage?
    /// Storages outgrown; kept because a thread may still hold one.
    private var retired: [OutlierSlotStorage] = []
    /// The end of the interval in progress.
    private(set) var nextTick: MonotonicTime
    private(set) var statistics = OutlierDetectionStatistics()
    private var random: SplitMix64
    private(set) var successRateAverage: [Double?] = [nil, nil]
    /// A buffer for events that no observer will receive, kept (emptied) between calls so that a
    /// detection on the request path allocates nothing (see `OutlierDetectorCore`).
    var unobservedEvents: [OutlierDetectionEvent] = []
    private(set) var successRateThreshold: [Double?] = [nil, nil]

    init(settings: OutlierDetectionSettings, origin: MonotonicTime, seed: UInt64) {
        self.settings = settings
        self.storage = OutlierSlotStorage(capacity: 1)
        self.nextTick = EjectionArithmetic.adding(settings.interval, to: origin)
        self.random = SplitMix64(seed: seed)
    }

    /// The earliest instant at which `advance(to:)` has work.
    var deadline: MonotonicTime {
        guard let expiry = self.earliestExpiry else { return self.nextTick }
        return min(expiry, self.nextTick)
    }

    private var earliestExpiry: MonotonicTime? {
        var earliest: MonotonicTime?
        for endpoint in self.endpoints where endpoint.isEjected {
            if let until = endpoint.ejectedUntil, earliest.map({ until < $0 }) ?? true {
                earliest = until
            }
        }
        return earliest
    }

    // MARK: Time

    /// Runs everything due at or before `now`, in time order; at equal instants a re-admission comes
    /// before the interval work, as in Envoy's `onIntervalTimer`.
    ///
    /// When several interval ends have passed, the first one swaps and evaluates the buckets; the later
    /// ones find empty buckets (every result is counted after the due work it follows), so they only
    /// clear the last-interval data and decay multipliers, in bulk up to the next re-admission.
    mutating func advance(to now: MonotonicTime, events: inout [OutlierDetectionEvent]) -> Bool {
        var changed = false
        var evaluated = false
        while true {
            let expiry = self.earliestExpiry
            let tick = self.nextTick
            if let expiry, expiry <= tick, expiry <= now {
                self.readmit(at: expiry, events: &events)
                changed = true
                continue
            }
            guard tick <= now, tick != Self.never, expiry.map({ tick < $0 }) ?? true else { break }
            if !evaluated {
                evaluated = true
                changed = self.runInterval(at: tick, events: &events) || changed
                self.nextTick = EjectionArithmetic.adding(self.settings.interval, to: tick)
            } else {
                // Ticks strictly before the next re-admission, up to `now`.
                let limit = expiry.map { min(now, MonotonicTime(nanoseconds: $0.nanoseconds - 1)) } ?? now
                let span = Int128(limit.nanoseconds) - Int128(tick.nanoseconds)
                let count = Int64(clamping: span / Int128(self.settings.interval) + 1)
                self.runIdleIntervals(from: tick, count: count)
                let advanced = Int128(tick.nanoseconds) + Int128(count) * Int128(self.settings.interval)
                self.nextTick = MonotonicTime(nanoseconds: Int64(clamping: advanced))
            }
        }
        return changed
    }

    private mutating func readmit(at expiry: MonotonicTime, events: inout [OutlierDetectionEvent]) {
        for slot in self.endpoints.indices where self.endpoints[slot].isEjected {
            guard let until = self.endpoints[slot].ejectedUntil, until <= expiry else { continue }
            self.unejected(slot, at: until, events: &events)
        }
    }

    /// Ends an ejection before it expires (its probes passed); the multiplier stays.
    mutating func readmitEarly(_ slot: Int, now: MonotonicTime, events: inout [OutlierDetectionEvent]) -> Bool {
        guard self.endpoints.indices.contains(slot), self.endpoints[slot].isEjected else { return false }
        self.unejected(slot, at: now, events: &events)
        return true
    }

    /// Envoy's `unejectHost`: back in service at `time`, counters reset, multiplier kept.
    private mutating func unejected(_ slot: Int, at time: MonotonicTime, events: inout [OutlierDetectionEvent]) {
        self.endpoints[slot].isEjected = false
        self.endpoints[slot].ejectedUntil = nil
        self.endpoints[slot].lastReadmission = time
        self.statistics.ejectionsActive -= 1
        // Envoy resets the counters so that a few new errors do not re-eject at once.
        self.storage.store(slot, OutlierSlotStorage.Word.consecutive5xx, 0)
        self.storage.store(slot, OutlierSlotStorage.Word.consecutiveGatewayFailure, 0)
        self.storage.store(slot, OutlierSlotStorage.Word.consecutiveLocalOriginFailure, 0)
        self.storage.setEjected(slot, false)
        events.append(
            OutlierDetectionEvent(
                kind: .readmitted,
                endpoint: self.endpoints[slot].id,
                time: time,
                multiplier: self.endpoints[slot].multiplier
            )
        )
    }

    /// One interval end: swap the buckets, evaluate them, decay the multipliers.
    private mutating func runInterval(at tick: MonotonicTime, events: inout [OutlierDetectionEvent]) -> Bool {
        for slot in self.endpoints.indices {
            self.endpoints[slot].lastInterval = self.storage.takeCounts(slot)
            self.endpoints[slot].successRate = nil
            self.endpoints[slot].localOriginSuccessRate = nil
        }
        self.successRateAverage = [nil, nil]
        self.successRateThreshold = [nil, nil]
        var changed = false
        if self.settings.successRate || self.settings.failurePercentage {
            for origin in Origin.allCases {
                changed = self.evaluate(origin, at: tick, events: &events) || changed
            }
        }
        for slot in self.endpoints.indices
        where !self.endpoints[slot].isEjected && self.endpoints[slot].multiplier > 0
            && EjectionArithmetic.decays(
                at: tick,
                lastReadmission: self.endpoints[slot].lastReadmission,
                interval: self.settings.interval
            )
        {
            self.endpoints[slot].multiplier -= 1
        }
        return changed
    }

    /// `count` interval ends from `first` with no results in between and no re-admission among them.
    private mutating func runIdleIntervals(from first: MonotonicTime, count: Int64) {
        self.successRateAverage = [nil, nil]
        self.successRateThreshold = [nil, nil]
        for slot in self.endpoints.indices {
            self.endpoints[slot].lastInterval = OutlierRequestCounts()
            self.endpoints[slot].successRate = nil
            self.endpoints[slot].localOriginSuccessRate = nil
            guard !self.endpoints[slot].isEjected, self.endpoints[slot].multiplier > 0 else { continue }
            let decrements = EjectionArithmetic.decrementingTicks(
                first: first,
                count: count,
                interval: self.settings.interval,
                lastReadmission: self.endpoints[slot].lastReadmission
            )
            let multiplier = Int64(self.endpoints[slot].multiplier)
            self.endpoints[slot].multiplier = Int(multiplier - min(multiplier, decrements))
        }
    }

    /// Success rate and failure percentage over the last interval (Envoy's
    /// `processSuccessRateEjections`), for endpoints not ejected, in index order.
    private mutating func evaluate(
        _ origin: Origin,
        at tick: MonotonicTime,
        events: inout [OutlierDetectionEvent]
    ) -> Bool {
        let settings = self.settings
        let total = self.endpoints.count
        let successRateRuns = settings.successRate && total >= settings.successRateMinimumHosts
        let failurePercentageRuns = settings.failurePercentage && total >= settings.failurePercentageMinimumHosts
        guard successRateRuns || failurePercentageRuns else { return false }
        var diagnosticVolume = UInt64.max
        if settings.successRate { diagnosticVolume = min(diagnosticVolume, settings.successRateRequestVolume) }
        if settings.failurePercentage {
            diagnosticVolume = min(diagnosticVolume, settings.failurePercentageRequestVolume)
        }
        var successRateHosts: [(slot: Int, rate: Double)] = []
        var failurePercentageHosts: [(slot: Int, rate: Double)] = []
        for slot in self.endpoints.indices where !self.endpoints[slot].isEjected {
            let (successes, volume) = origin.successesAndTotal(self.endpoints[slot].lastInterval)
            guard volume > 0 else { continue }
            let rate = EjectionArithmetic.successRate(successes: min(successes, volume), total: volume)
            if volume >= diagnosticVolume {
                switch origin {
                case .external: self.endpoints[slot].successRate = rate
                case .localOrigin: self.endpoints[slot].localOriginSuccessRate = rate
                }
            }
            if settings.successRate && volume >= settings.successRateRequestVolume {
                successRateHosts.append((slot, rate))
            }
            if settings.failurePercentage && volume >= settings.failurePercentageRequestVolume {
                failurePercentageHosts.append((slot, rate))
            }
        }
        var changed = false
        let originIndex = origin == .external ? 0 : 1
        if successRateRuns && !successRateHosts.isEmpty && successRateHosts.count >= settings.successRateMinimumHosts {
            let (mean, threshold) = EjectionArithmetic.successRateThreshold(
                rates: successRateHosts.map(\.rate),
                stdevFactor: settings.successRateStdevFactor
            )
            self.successRateAverage[originIndex] = mean
            self.successRateThreshold[originIndex] = threshold
            for host in successRateHosts where host.rate < threshold {
                let type = origin.successRateType
                self.statistics.countDetected(type)
                let details = (host.rate, mean as Double?, threshold as Double?)
                changed = self.eject(host.slot, type, at: tick, details: details, events: &events) || changed
            }
        }
        if failurePercentageRuns && !failurePercentageHosts.isEmpty
            && failurePercentageHosts.count >= settings.failurePercentageMinimumHosts
        {
            for host in failurePercentageHosts
            where EjectionArithmetic.isFailurePercentageOutlier(
                successRate: host.rate,
                threshold: settings.failurePercentageThreshold
            ) {
                // Ejected a moment ago by the success rate: Envoy would eject it a second time.
                if self.endpoints[host.slot].isEjected { continue }
                let type = origin.failurePercentageType
                self.statistics.countDetected(type)
                let details = (host.rate, nil as Double?, nil as Double?)
                changed = self.eject(host.slot, type, at: tick, details: details, events: &events) || changed
            }
        }
        return changed
    }

    // MARK: Ejection

    /// Handles consecutive detectors that fired for `slot` on the request path (Envoy's
    /// `onConsecutiveErrorWorker`): an endpoint already ejected is left alone and its counter not reset;
    /// otherwise the detection is counted, the ejection attempted, and the counter reset whatever came of
    /// it.
    mutating func consecutiveFired(
        _ fired: UInt8,
        slot: Int,
        now: MonotonicTime,
        events: inout [OutlierDetectionEvent]
    ) -> Bool {
        guard slot >= 0 && slot < self.endpoints.count else { return false }
        var changed = false
        for (bit, type, word) in Self.consecutiveDetectors where fired & bit != 0 {
            if self.endpoints[slot].isEjected { continue }
            self.statistics.countDetected(type)
            changed = self.eject(slot, type, at: now, details: nil, events: &events) || changed
            self.storage.store(slot, word, 0)
        }
        return changed
    }

    /// Envoy's `ejectHost`: the cap, then the enforcement draw, then the ejection with its duration.
    private mutating func eject(
        _ slot: Int,
        _ type: OutlierEjectionType,
        at time: MonotonicTime,
        details: (rate: Double, average: Double?, threshold: Double?)?,
        events: inout [OutlierDetectionEvent]
    ) -> Bool {
        let settings = self.settings
        var event = OutlierDetectionEvent(
            kind: .ejected,
            endpoint: self.endpoints[slot].id,
            time: time,
            ejectionType: type,
            multiplier: self.endpoints[slot].multiplier,
            successRate: details?.rate,
            successRateAverage: details?.average,
            successRateEjectionThreshold: details?.threshold
        )
        let allowed = EjectionArithmetic.ejectionAllowed(
            active: self.statistics.ejectionsActive,
            total: self.endpoints.count,
            maxPercent: settings.maxEjectionPercent,
            alwaysEjectOne: settings.alwaysEjectOne
        )
        guard allowed else {
            self.statistics.ejectionsOverflow &+= 1
            event.kind = .ejectionOverflowed
            events.append(event)
            return false
        }
        // Envoy's runtime `featureEnabled`: random % 100 < percentage.
        guard self.random.next() % 100 < UInt64(settings.enforcing[type.index]) else {
            events.append(event)
            return false
        }
        self.statistics.ejectionsActive += 1
        self.statistics.countEnforced(type)
        var endpoint = self.endpoints[slot]
        endpoint.isEjected = true
        endpoint.ejectionCount += 1
        endpoint.multiplier = EjectionArithmetic.multiplierAfterEjection(
            endpoint.multiplier,
            base: settings.baseEjectionTime,
            max: settings.maxEjectionTime
        )
        let duration = EjectionArithmetic.ejectionNanoseconds(
            multiplier: endpoint.multiplier,
            base: settings.baseEjectionTime,
            max: settings.maxEjectionTime
        )
        var until = EjectionArithmetic.adding(duration, to: time)
        if settings.maxEjectionTimeJitter > 0 {
            let jitter = self.random.next() % (UInt64(settings.maxEjectionTimeJitter) + 1)
            until = EjectionArithmetic.adding(Int64(jitter), to: until)
        }
        endpoint.ejectedUntil = until
        self.endpoints[slot] = endpoint
        self.storage.setEjected(slot, true)
        event.enforced = true
        event.multiplier = endpoint.multiplier
        event.ejectedUntil = until
        events.append(event)
        return true
    }

    // MARK: Endpoints

    /// Replaces the endpoint list. Survivors keep their state (locked and atomic, including the current
    /// bucket), removed endpoints leave `ejections_active`, new ones start clean. Returns the storage to
    /// publish.
    mutating func setEndpoints(_ identities: [EndpointID]) -> OutlierSlotStorage {
        let old = self.endpoints
        let oldStorage = self.storage
        let target: OutlierSlotStorage
        if let spare = self.spare, spare.capacity >= identities.count {
            target = spare
        } else {
            let largest = max(oldStorage.capacity, self.spare?.capacity ?? 0)
            target = OutlierSlotStorage(capacity: max(identities.count, 2 * largest))
            if let spare = self.spare { self.retired.append(spare) }
        }
        target.reset(slots: identities.count)
        var kept = Array(repeating: false, count: old.count)
        var endpoints: [Endpoint] = []
        endpoints.reserveCapacity(identities.count)
        // Endpoints mostly keep their order, so try the slot after the last one kept before building
        // an index of the old slots (the first slot of each identity).
        var oldSlots: [EndpointID: Int]?
        var cursor = 0
        for (slot, identity) in identities.enumerated() {
            var oldSlot: Int?
            if cursor < old.count, old[cursor].id == identity, !kept[cursor] {
                oldSlot = cursor
            } else {
                if oldSlots == nil { oldSlots = Self.firstSlots(of: old) }
                oldSlot = oldSlots?[identity]
            }
            guard let oldSlot, !kept[oldSlot] else {
                endpoints.append(Endpoint(id: identity))
                continue
            }
            kept[oldSlot] = true
            cursor = oldSlot + 1
            endpoints.append(old[oldSlot])
            for word in OutlierSlotStorage.Word.streaks {
                target.store(slot, word, oldStorage.load(oldSlot, word))
            }
            target.setEjected(slot, old[oldSlot].isEjected)
            target.addCounts(slot, oldStorage.takeCounts(oldSlot))
        }
        for (slot, endpoint) in old.enumerated() where !kept[slot] && endpoint.isEjected {
            self.statistics.ejectionsActive -= 1
        }
        target.count.store(identities.count, ordering: .releasing)
        self.endpoints = endpoints
        self.spare = oldStorage
        self.storage = target
        return target
    }

    private static func firstSlots(of endpoints: [Endpoint]) -> [EndpointID: Int] {
        var slots: [EndpointID: Int] = [:]
        slots.reserveCapacity(endpoints.count)
        for (slot, endpoint) in endpoints.enumerated() where slots[endpoint.id] == nil {
            slots[endpoint.id] = slot
        }
        return slots
    }

    // MARK: Diagnostics

    func snapshot() -> OutlierDetectorSnapshot {
        var states: [OutlierDetectorSnapshot.EndpointState] = []
        states.reserveCapacity(self.endpoints.count)
        for (slot, endpoint) in self.endpoints.enumerated() {
            states.append(
                OutlierDetectorSnapshot.EndpointState(
                    endpoint: endpoint.id,
                    isEjected: endpoint.isEjected,
                    ejectedUntil: endpoint.ejectedUntil,
                    multiplier: endpoint.multiplier,
                    ejectionCount: endpoint.ejectionCount,
                    lastReadmission: endpoint.lastReadmission,
                    consecutive5xx: Int(self.storage.load(slot, OutlierSlotStorage.Word.consecutive5xx)),
                    consecutiveGatewayFailure: Int(
                        self.storage.load(slot, OutlierSlotStorage.Word.consecutiveGatewayFailure)
                    ),
                    consecutiveLocalOriginFailure: Int(
                        self.storage.load(slot, OutlierSlotStorage.Word.consecutiveLocalOriginFailure)
                    ),
                    currentInterval: self.storage.currentCounts(slot),
                    lastInterval: endpoint.lastInterval,
                    successRate: endpoint.successRate,
                    localOriginSuccessRate: endpoint.localOriginSuccessRate
                )
            )
        }
        return OutlierDetectorSnapshot(
            endpoints: states,
            statistics: self.statistics,
            nextIntervalEnd: self.nextTick,
            successRateAverage: self.successRateAverage[0],
            successRateEjectionThreshold: self.successRateThreshold[0],
            localOriginSuccessRateAverage: self.successRateAverage[1],
            localOriginSuccessRateEjectionThreshold: self.successRateThreshold[1]
        )
    }
}
