@_spi(TestSupport) import EdgeRouting
import EdgeRoutingTestSupport

// Deliberately broken implementations: each breaks one rule of its protocol's contract, so the tests can
// show that the verifiers catch it.

/// Ignores its input's size: one tier, always (wrong for no tiers and for several).
struct OneTierPolicy: LoadBalancingPolicy {
    func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        .allTraffic(toTier: 0, tierCount: 1)
    }
}

/// Returns no tiers for a single tier whose endpoints are all excluded.
struct ForgetsExcludedPolicy: LoadBalancingPolicy {
    func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        if tiers.count == 1, let only = tiers.first, only.total > 0, only.counted == 0 {
            return PriorityLoads()
        }
        return PriorityFailoverPolicy.defaults.loads(for: tiers)
    }
}

/// Confuses a slice's indices with tier numbers: for a slice that does not start at 0 it treats the
/// first tier as missing (a real bug would read out of bounds and trap).
struct IndexFromZeroPolicy: LoadBalancingPolicy {
    func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        if let slice = tiers as? ArraySlice<TierHealth>, slice.startIndex > 0, slice.count > 1 {
            return PriorityFailoverPolicy.defaults.loads(for: [TierHealth.empty] + slice.dropFirst())
        }
        return PriorityFailoverPolicy.defaults.loads(for: tiers)
    }
}

/// Remembers calls and sends every other one to the last tier: not a pure function of its input.
final class FlakyPolicy: LoadBalancingPolicy {
    private let calls = Locked(0)

    func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        let call = self.calls.withLock { value in
            value += 1
            return value
        }
        if call % 2 == 0 && tiers.count > 1 {
            return .allTraffic(toTier: tiers.count - 1, tierCount: tiers.count)
        }
        return PriorityFailoverPolicy.defaults.loads(for: tiers)
    }
}

/// A small consecutive-failure detector (3 failures eject for 10 s) whose bugs can be switched on.
final class ToyDetector: OutlierDetector {
    enum Bug: CaseIterable {
        /// Out-of-range indices are wrapped onto the list.
        case wrapsIndices
        /// setEndpoints forgets everything.
        case forgetsOnSetEndpoints
        /// nextDeadline is never due: the router would never re-admit.
        case deadlineNever
        /// The ejection event is sent before the state changes.
        case eventBeforeState
        /// The re-admission is stamped with the time it was noticed, not the time it was due.
        case readmissionStampedWhenNoticed
    }

    struct Entry {
        var endpoint: EndpointID
        var failures = 0
        var ejectedUntil: MonotonicTime?
        var multiplier = 0
    }

    private let bug: Bug?
    private let observer: @Sendable (OutlierDetectionEvent) -> Void
    private let state: Locked<[Entry]>

    init(bug: Bug?, endpoints: [EndpointID], observer: @escaping @Sendable (OutlierDetectionEvent) -> Void) {
        self.bug = bug
        self.observer = observer
        self.state = Locked(endpoints.map { Entry(endpoint: $0) })
    }

    func setEndpoints(_ endpoints: [EndpointID], now: MonotonicTime) {
        self.advance(to: now)
        self.state.withLock { entries in
            let old = Dictionary(uniqueKeysWithValues: entries.map { ($0.endpoint, $0) })
            entries = endpoints.map {
                self.bug == .forgetsOnSetEndpoints ? Entry(endpoint: $0) : old[$0] ?? Entry(endpoint: $0)
            }
        }
    }

    func record(_ result: OutlierResult, endpointIndex: Int, now: MonotonicTime) -> Bool {
        var changed = self.advance(to: now)
        var index = endpointIndex
        let count = self.state.withLock { $0.count }
        if self.bug == .wrapsIndices, count > 0 {
            index = ((endpointIndex % count) + count) % count
        }
        guard (0..<count).contains(index) else { return changed }
        let failed = result.isLocalOrigin || (result.statusCode ?? 0) >= 500
        let until = now + .seconds(10)
        let endpoint = self.state.withLock { $0[index].endpoint }
        let event = OutlierDetectionEvent(
            kind: .ejected,
            endpoint: endpoint,
            time: now,
            ejectionType: .consecutive5xx,
            enforced: true,
            multiplier: 1,
            ejectedUntil: until
        )
        let willEject = self.state.withLock { entries in
            entries[index].failures = failed ? entries[index].failures + 1 : 0
            return entries[index].failures >= 3 && entries[index].ejectedUntil == nil
        }
        guard willEject else { return changed }
        if self.bug == .eventBeforeState {
            self.observer(event)
        }
        self.state.withLock { entries in
            entries[index].ejectedUntil = until
            entries[index].multiplier = 1
            entries[index].failures = 0
        }
        if self.bug != .eventBeforeState {
            self.observer(event)
        }
        changed = true
        return changed
    }

    var nextDeadline: MonotonicTime {
        if self.bug == .deadlineNever { return MonotonicTime(nanoseconds: .max) }
        return self.state.withLock { entries in
            entries.compactMap(\.ejectedUntil).min() ?? MonotonicTime(nanoseconds: .max)
        }
    }

    @discardableResult
    func advance(to now: MonotonicTime) -> Bool {
        let readmitted: [OutlierDetectionEvent] = self.state.withLock { entries in
            var events: [OutlierDetectionEvent] = []
            for index in entries.indices {
                if let until = entries[index].ejectedUntil, until <= now {
                    entries[index].ejectedUntil = nil
                    events.append(
                        OutlierDetectionEvent(
                            kind: .readmitted,
                            endpoint: entries[index].endpoint,
                            time: self.bug == .readmissionStampedWhenNoticed ? now : until,
                            multiplier: entries[index].multiplier
                        )
                    )
                }
            }
            return events
        }
        for event in readmitted {
            self.observer(event)
        }
        return !readmitted.isEmpty
    }

    func isEjected(endpointIndex: Int) -> Bool {
        self.state.withLock { entries in
            (0..<entries.count).contains(endpointIndex) && entries[endpointIndex].ejectedUntil != nil
        }
    }

    func snapshot() -> OutlierDetectorSnapshot {
        OutlierDetectorSnapshot(
            endpoints: self.state.withLock { entries in
                entries.map { entry in
                    OutlierDetectorSnapshot.EndpointState(
                        endpoint: entry.endpoint,
                        isEjected: entry.ejectedUntil != nil,
                        ejectedUntil: entry.ejectedUntil,
                        multiplier: entry.multiplier,
                        consecutive5xx: entry.failures
                    )
                }
            }
        )
    }
}

/// A planner with a retry limit whose bugs can be switched on.
struct ToyPlanner: RetryPlanner {
    enum Bug: CaseIterable {
        /// Retries every outcome, successes included.
        case retriesSuccesses
        /// Ignores its retry limit.
        case unbounded
        /// Forgets earlier exclusions.
        case forgetsExclusions
        /// Waits a negative time.
        case negativeDelay
        /// Excludes the cluster of a weighted destination.
        case leavesWeightedCluster
        /// Jitters with the system's generator instead of the one passed in.
        case hiddenRandomness
    }

    var bug: Bug?
    var retries = 2

    func requestStarted(at now: MonotonicTime) {}
    func retryAbandoned() {}
    func requestFinished() {}

    func decide(_ context: RetryContext, now: MonotonicTime, random: inout some RandomNumberGenerator) -> RetryDecision
    {
        let failed = context.outcome.isLocalOrigin || (context.outcome.statusCode ?? 0) >= 500
        if !failed && self.bug != .retriesSuccesses {
            return .done
        }
        if context.attempt > self.retries && self.bug != .unbounded {
            let response: RetryStop.Response =
                context.outcome.statusCode.map { .upstream(status: $0, flags: .upstreamRetryLimitExceeded) }
                ?? .local(.noHealthyUpstream)
            return .stop(RetryStop(reason: .retryLimitReached, response: response))
        }
        var excluded = self.bug == .forgetsExclusions ? ExclusionSet() : context.excluded
        excluded.insert(endpoint: context.endpoint)
        if !context.isWeighted || self.bug == .leavesWeightedCluster {
            excluded.insert(cluster: context.cluster)
        }
        var delay = Duration.milliseconds(Int64(random.next() % 25))
        if self.bug == .hiddenRandomness {
            var system = SystemRandomNumberGenerator()
            delay = .milliseconds(Int64(system.next() % 1_000_000))
        }
        if self.bug == .negativeDelay {
            delay = .milliseconds(-1)
        }
        return .retry(RetryPlan(delay: delay, excluded: excluded, attempt: context.attempt + 1))
    }
}
