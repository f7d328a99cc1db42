/// The default ``HealthChecker``: Envoy's active health checking with consecutive thresholds, extended
/// to probe the endpoints that outlier detection ejects.
///
/// Per endpoint it follows Envoy's `ActiveHealthCheckSession`:
///
/// - A healthy endpoint becomes unhealthy after ``HealthCheckConfiguration/unhealthyThreshold``
///   failures in a row — network failures, timeouts and retriable statuses — or at once on a status that
///   is neither expected nor retriable. A pass resets the failure count.
/// - An unhealthy endpoint becomes healthy after ``HealthCheckConfiguration/healthyThreshold`` passes
///   in a row; a failure resets the pass count.
/// - An endpoint that joins while every endpoint is probed starts unhealthy (or excluded, or healthy:
///   ``HealthCheckConfiguration/initialHealth``), its first probe is due at once (after
///   ``HealthCheckConfiguration/initialJitter``), and a first pass makes it healthy without waiting for
///   the threshold.
/// - The wait before each probe is Envoy's (``ProbeIntervals``), counted from the previous result.
///
/// and adds what the combination with outlier detection needs (see <doc:HealthCheckingAndFailback>):
///
/// - An ejection is an unhealthy verdict: the endpoint is probed (from one unhealthy interval later
///   when only ejected endpoints are probed) and needs the healthy threshold to be healthy again; the
///   router then re-admits it early (``HealthCombiner/readmits(after:isEjected:)``). Envoy instead
///   un-ejects at the first passing check of a host whose active check never failed
///   (`successful_active_health_check_uneject_host`).
/// - When the ejection expires while the most recent probe failed, the probes keep the endpoint out
///   until it passes the healthy threshold. Without probe results, nothing is held back.
/// - Verdicts lapse without fresh results, and lost probes are retried (see ``HealthChecker``).
///
/// ```swift
/// var random = SplitMix64(seed: 1)
/// var checker = ThresholdHealthChecker(endpoints: [ingress1, ingress2], now: .origin, random: &random)
/// checker.endpointEjected(0, now: .origin, random: &random)     // outlier detection ejected ingress1
/// var probes: [ProbeRequest<EndpointID>] = []
/// checker.collectDueProbes(now: .origin + .seconds(1), into: &probes)  // ingress1's first probe
/// let update = checker.record(.status(503), for: probes[0], now: .origin + .seconds(1), random: &random)
/// ```
public struct ThresholdHealthChecker<Endpoint: Hashable & Sendable>: HealthChecker {
    /// The destination's settings.
    public let configuration: HealthCheckConfiguration
    private var sessions: [ProbeSession<Endpoint>] = []
    private var indices: [Endpoint: Int] = [:]
    private var hasTraffic: Bool
    private var nextSequence: UInt64 = 1
    private var statistics = HealthCheckStatistics()
    /// The earliest deadline of any session, kept up to date by every mutation.
    public private(set) var nextDeadline = MonotonicTime(nanoseconds: .max)

    /// Creates a checker.
    ///
    /// - Parameters:
    ///   - configuration: The destination's settings.
    ///   - endpoints: The destination's endpoints, in index order.
    ///   - hasTraffic: Whether the destination has had traffic (see ``setHasTraffic(_:)``).
    ///   - now: The current time.
    ///   - random: The source of jitter draws for the first probes.
    public init(
        configuration: HealthCheckConfiguration = .defaults,
        endpoints: [Endpoint] = [],
        hasTraffic: Bool = false,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) {
        self.configuration = configuration
        self.hasTraffic = hasTraffic
        self.setEndpoints(endpoints, now: now, random: &random)
    }

    /// The number of endpoints.
    public var endpointCount: Int {
        self.sessions.count
    }

    /// Makes the destination's endpoints exactly `endpoints`; see
    /// ``HealthChecker/setEndpoints(_:now:random:)``.
    ///
    /// - Parameters:
    ///   - endpoints: The endpoints, in index order; a repeated endpoint keeps its state once, at its
    ///     first position.
    ///   - now: The current time.
    ///   - random: The source of jitter draws for added endpoints.
    /// - Complexity: O(n) with a hash of the old endpoints.
    public mutating func setEndpoints(
        _ endpoints: [Endpoint],
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) {
        var old = self.indices
        var sessions: [ProbeSession<Endpoint>] = []
        sessions.reserveCapacity(endpoints.count)
        var indices: [Endpoint: Int] = [:]
        indices.reserveCapacity(endpoints.count)
        for endpoint in endpoints {
            if indices[endpoint] == nil {
                indices[endpoint] = sessions.count
            }
            if let previous = old.removeValue(forKey: endpoint) {
                sessions.append(self.sessions[previous])
            } else {
                sessions.append(
                    ProbeSession(endpoint: endpoint, now: now, configuration: self.configuration, random: &random)
                )
            }
        }
        self.sessions = sessions
        self.indices = indices
        self.updateDeadline()
    }

    /// Records whether the destination has had traffic; see ``HealthChecker/setHasTraffic(_:)``.
    ///
    /// - Parameter hasTraffic: Whether the destination has had traffic.
    public mutating func setHasTraffic(_ hasTraffic: Bool) {
        self.hasTraffic = hasTraffic
    }

    /// Outlier detection ejected the endpoint; see ``HealthChecker/endpointEjected(_:now:random:)``.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index; others are ignored.
    ///   - now: The current time.
    ///   - random: The source of jitter draws.
    public mutating func endpointEjected(
        _ endpointIndex: Int,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) {
        guard self.sessions.indices.contains(endpointIndex) else { return }
        self.hasTraffic = true
        self.sessions[endpointIndex].ejected(now: now, configuration: self.configuration, random: &random)
        self.updateDeadline()
    }

    /// Outlier detection re-admitted the endpoint; see ``HealthChecker/endpointReadmitted(_:now:)``.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index; others are ignored.
    ///   - now: The current time.
    public mutating func endpointReadmitted(_ endpointIndex: Int, now: MonotonicTime) {
        guard self.sessions.indices.contains(endpointIndex) else { return }
        self.sessions[endpointIndex].readmitted(now: now, configuration: self.configuration)
        self.updateDeadline()
    }

    /// Lets verdicts without fresh results lapse; see ``HealthChecker/advance(to:)``.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `true` when the probe health of any endpoint changed.
    /// - Complexity: O(n) when work is due, O(1) otherwise.
    public mutating func advance(to now: MonotonicTime) -> Bool {
        guard now >= self.nextDeadline else { return false }
        var changed = false
        for index in self.sessions.indices {
            changed = self.sessions[index].lapse(at: now, configuration: self.configuration) || changed
        }
        self.updateDeadline()
        return changed
    }

    /// Hands out the probes due at `now`; see ``HealthChecker/collectDueProbes(now:into:)``.
    ///
    /// - Parameters:
    ///   - now: The current time.
    ///   - probes: The caller's buffer; appended to.
    /// - Complexity: O(n) when a probe is due, O(1) otherwise; no allocation beyond `probes`' growth.
    public mutating func collectDueProbes(now: MonotonicTime, into probes: inout [ProbeRequest<Endpoint>]) {
        guard now >= self.nextDeadline else { return }
        for index in self.sessions.indices where self.sessions[index].isDue(at: now) {
            let sequence = self.nextSequence
            self.nextSequence &+= 1
            if self.sessions[index].send(sequence: sequence, now: now, configuration: self.configuration) {
                self.statistics.lost &+= 1
            }
            self.statistics.attempts &+= 1
            probes.append(
                ProbeRequest(
                    endpointIndex: index,
                    endpoint: self.sessions[index].endpoint,
                    sequence: sequence,
                    sentAt: now,
                    deadline: now + self.configuration.effectiveTimeout
                )
            )
        }
        self.updateDeadline()
    }

    /// Records a probe's result; see ``HealthChecker/record(_:for:now:random:)``.
    ///
    /// - Parameters:
    ///   - result: What the probe found.
    ///   - probe: The request, as it was handed out.
    ///   - now: The current time.
    ///   - random: The source of jitter draws.
    /// - Returns: What the result did, or `nil` when it matched no probe in flight.
    /// - Complexity: O(n) (the deadline is recomputed).
    public mutating func record(
        _ result: ProbeResult,
        for probe: ProbeRequest<Endpoint>,
        now: MonotonicTime,
        random: inout some RandomNumberGenerator
    ) -> HealthCheckUpdate? {
        guard let index = self.index(of: probe) else {
            self.statistics.ignored &+= 1
            return nil
        }
        let classification = self.configuration.http.classify(result)
        if classification.passed {
            self.statistics.successes &+= 1
        } else {
            self.statistics.failures &+= 1
            if result.isNetworkFailure { self.statistics.networkFailures &+= 1 }
        }
        let outcome = self.sessions[index].record(
            result,
            classification: classification,
            now: now,
            hasTraffic: self.hasTraffic,
            configuration: self.configuration,
            random: &random
        )
        self.updateDeadline()
        let session = self.sessions[index]
        return HealthCheckUpdate(
            endpointIndex: index,
            time: now,
            result: result,
            passed: classification.passed,
            transition: outcome.transition,
            previousHealth: outcome.previousHealth,
            health: outcome.health,
            isFirstResult: outcome.isFirstResult,
            passesTowardHealthy: session.passesTowardHealthy,
            failuresTowardUnhealthy: session.failuresTowardUnhealthy
        )
    }

    /// What the probes say about the endpoint; see ``HealthChecker/health(endpointIndex:)``.
    ///
    /// - Parameter endpointIndex: The endpoint's index; others answer ``ProbeHealth/unknown``.
    public func health(endpointIndex: Int) -> ProbeHealth {
        guard self.sessions.indices.contains(endpointIndex) else { return .unknown }
        return self.sessions[endpointIndex].health(configuration: self.configuration)
    }

    /// When the probes last made the endpoint healthy; see ``HealthChecker/healthySince(endpointIndex:)``.
    ///
    /// - Parameter endpointIndex: The endpoint's index.
    /// - Returns: The instant, or `nil` if the probes never did or the index is out of range.
    public func healthySince(endpointIndex: Int) -> MonotonicTime? {
        guard self.sessions.indices.contains(endpointIndex) else { return nil }
        return self.sessions[endpointIndex].healthySince
    }

    /// The state of every endpoint and the counters.
    public func snapshot() -> HealthCheckerSnapshot<Endpoint> {
        HealthCheckerSnapshot(
            endpoints: self.sessions.map { session in
                HealthCheckerSnapshot.EndpointState(
                    endpoint: session.endpoint,
                    health: session.health(configuration: self.configuration),
                    isProbed: session.isProbed,
                    isEjected: session.isEjected,
                    passesTowardHealthy: session.passesTowardHealthy,
                    failuresTowardUnhealthy: session.failuresTowardUnhealthy,
                    nextProbe: session.isProbed && session.inFlight == nil ? session.nextProbe : nil,
                    probeInFlight: session.inFlight != nil,
                    lastResult: session.lastResult,
                    lastResultTime: session.lastResultTime,
                    healthySince: session.healthySince
                )
            },
            statistics: self.statistics,
            hasTraffic: self.hasTraffic
        )
    }

    /// The session a result belongs to: at the probe's index, or wherever its endpoint moved since.
    private func index(of probe: ProbeRequest<Endpoint>) -> Int? {
        if self.sessions.indices.contains(probe.endpointIndex),
            self.sessions[probe.endpointIndex].isInFlight(probe.sequence)
        {
            return probe.endpointIndex
        }
        guard let index = self.indices[probe.endpoint], self.sessions[index].isInFlight(probe.sequence) else {
            return nil
        }
        return index
    }

    private mutating func updateDeadline() {
        var earliest = ProbeSession<Endpoint>.never
        for session in self.sessions {
            earliest = min(earliest, session.deadline(configuration: self.configuration))
        }
        self.nextDeadline = earliest
    }
}
