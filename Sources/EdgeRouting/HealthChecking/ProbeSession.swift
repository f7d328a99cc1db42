/// One endpoint's probe state: Envoy's `ActiveHealthCheckSession` (`handleSuccess`, `setUnhealthy`) as
/// a value, extended with what outlier detection told it.
///
/// Every method is a plain state transition that takes the time and the configuration.
struct ProbeSession<Endpoint: Hashable & Sendable>: Sendable {
    /// The probes' verdict, with where it came from.
    enum Verdict: Hashable, Sendable {
        /// The endpoint passes (Envoy: `FAILED_ACTIVE_HC` clear).
        case healthy
        /// The endpoint joined while every endpoint is probed and has no result yet (Envoy: a new host
        /// marked `FAILED_ACTIVE_HC`, and `PENDING_ACTIVE_HC` when excluded until its first check).
        case initial
        /// Outlier detection ejected it; the ejection counts as an unhealthy verdict (Envoy's
        /// `setUnhealthy(PASSIVE)`), but only a failing probe makes the probes keep it out.
        case ejected
        /// The probes failed it (the unhealthy threshold, an immediate failure, or a failing probe at
        /// the end of an ejection).
        case failing
    }

    /// How many probe periods without a result make an unhealthy verdict lapse.
    static var lapsePeriods: Int64 { 3 }

    let endpoint: Endpoint
    private(set) var verdict: Verdict
    /// Whether probes are scheduled for the endpoint.
    private(set) var isProbed: Bool
    /// Whether outlier detection ejects it, as last told.
    private(set) var isEjected = false
    /// No result yet since the endpoint joined or was ejected (Envoy's `first_check_`).
    private(set) var awaitsFirstResult = true
    /// Envoy's `num_healthy_`.
    private(set) var passesTowardHealthy = 0
    /// Envoy's `num_unhealthy_`.
    private(set) var failuresTowardUnhealthy = 0
    private(set) var lastResult: ProbeResult?
    private(set) var lastPassed: Bool?
    private(set) var lastResultTime: MonotonicTime?
    /// When the verdict's evidence (the last result, or the start of the verdict) dates from.
    private var evidenceTime: MonotonicTime
    /// The base wait scheduled after the evidence: the lapse window is counted in these.
    private var evidenceWait: Duration
    /// Whether the verdict lapsed for lack of results.
    private(set) var isLapsed = false
    /// When the next probe is due; `never` while one is in flight or none is scheduled.
    private(set) var nextProbe: MonotonicTime
    /// The probe in flight: its number and when it counts as lost.
    private(set) var inFlight: (sequence: UInt64, lostAt: MonotonicTime)?
    /// When the probes last made the endpoint healthy.
    private(set) var healthySince: MonotonicTime?

    static var never: MonotonicTime { MonotonicTime(nanoseconds: .max) }

    /// A session for an endpoint that joins at `now`.
    init(
        endpoint: Endpoint,
        now: MonotonicTime,
        configuration: HealthCheckConfiguration,
        random: inout some RandomNumberGenerator
    ) {
        self.endpoint = endpoint
        self.evidenceTime = now
        self.evidenceWait = configuration.interval
        guard configuration.scope.probesEveryEndpoint else {
            self.verdict = .healthy
            self.isProbed = false
            self.nextProbe = Self.never
            return
        }
        self.verdict = configuration.initialHealth == .healthy ? .healthy : .initial
        self.isProbed = true
        self.nextProbe = now + ProbeIntervals.initialDelay(configuration: configuration, random: &random)
        self.evidenceWait = configuration.initialJitter + configuration.interval
    }

    // MARK: Health

    /// What the probes say now (see ``ProbeHealth``).
    func health(configuration: HealthCheckConfiguration) -> ProbeHealth {
        guard self.isProbed, !self.isLapsed else { return .unknown }
        switch self.verdict {
        case .healthy:
            return .healthy
        case .initial:
            return configuration.initialHealth == .excluded ? .excluded : .unhealthy
        case .ejected:
            return self.lastPassed == false ? .unhealthy : .unknown
        case .failing:
            return .unhealthy
        }
    }

    /// When the verdict lapses for lack of results, or `nil` when it cannot (it keeps nothing out).
    func lapseTime(configuration: HealthCheckConfiguration) -> MonotonicTime? {
        guard self.isProbed, !self.isLapsed else { return nil }
        switch self.verdict {
        case .healthy: return nil
        case .ejected where self.lastPassed != false: return nil
        case .initial, .ejected, .failing: break
        }
        let period =
            ProbeIntervals.longestWait(self.evidenceWait, configuration: configuration) + configuration.effectiveTimeout
        return self.evidenceTime + period * Self.lapsePeriods
    }

    /// Marks the verdict lapsed if its lapse time has come; returns whether the health changed.
    mutating func lapse(at now: MonotonicTime, configuration: HealthCheckConfiguration) -> Bool {
        guard let lapseTime = self.lapseTime(configuration: configuration), lapseTime <= now else { return false }
        let before = self.health(configuration: configuration)
        self.isLapsed = true
        return before != self.health(configuration: configuration)
    }

    // MARK: Outlier detection

    /// Outlier detection ejected the endpoint.
    mutating func ejected(
        now: MonotonicTime,
        configuration: HealthCheckConfiguration,
        random: inout some RandomNumberGenerator
    ) {
        self.isEjected = true
        guard configuration.scope.probesAnything else { return }
        if self.verdict != .failing || self.isLapsed {
            self.verdict = .ejected
            self.passesTowardHealthy = 0
            self.failuresTowardUnhealthy = 0
            self.lastResult = nil
            self.lastPassed = nil
            self.lastResultTime = nil
            self.awaitsFirstResult = true
            self.isLapsed = false
            self.evidenceTime = now
        }
        let wait = ProbeIntervals.wait(
            passed: false,
            pending: false,
            hasTraffic: true,
            configuration: configuration,
            random: &random
        )
        self.evidenceWait = ProbeIntervals.baseWait(
            passed: false,
            pending: false,
            hasTraffic: true,
            configuration: configuration
        )
        if !self.isProbed {
            self.isProbed = true
            self.nextProbe = now + wait
        } else if self.inFlight == nil {
            // Every endpoint is probed: keep the schedule, but probe no later than an unhealthy wait.
            self.nextProbe = min(self.nextProbe, now + wait)
        }
    }

    /// Outlier detection re-admitted the endpoint.
    mutating func readmitted(now: MonotonicTime, configuration: HealthCheckConfiguration) {
        self.isEjected = false
        guard configuration.scope.probesAnything else { return }
        if self.verdict == .ejected {
            if self.lastPassed == false && !self.isLapsed {
                // Held back: the most recent probe failed. Its evidence counts from that probe.
                self.verdict = .failing
            } else {
                self.verdict = .healthy
                self.passesTowardHealthy = 0
                self.failuresTowardUnhealthy = 0
            }
        }
        if self.verdict == .healthy || self.isLapsed, !configuration.scope.probesEveryEndpoint {
            self.stopProbing()
        }
    }

    private mutating func stopProbing() {
        self.isProbed = false
        self.isLapsed = false
        self.nextProbe = Self.never
        self.inFlight = nil
    }

    // MARK: Probes

    /// Whether a probe should be handed out at `now`: due, or lost in flight.
    func isDue(at now: MonotonicTime) -> Bool {
        guard self.isProbed else { return false }
        if let inFlight = self.inFlight { return inFlight.lostAt <= now }
        return self.nextProbe <= now
    }

    /// The next instant at which this session has work: a probe due or lost, a verdict lapsing.
    func deadline(configuration: HealthCheckConfiguration) -> MonotonicTime {
        guard self.isProbed else { return Self.never }
        let probe = self.inFlight?.lostAt ?? self.nextProbe
        guard let lapse = self.lapseTime(configuration: configuration) else { return probe }
        return min(probe, lapse)
    }

    /// Hands out a probe; returns whether the previous one in flight was lost.
    mutating func send(sequence: UInt64, now: MonotonicTime, configuration: HealthCheckConfiguration) -> Bool {
        let lost = self.inFlight != nil
        self.inFlight = (sequence, now + configuration.effectiveTimeout * 2)
        self.nextProbe = Self.never
        return lost
    }

    /// Whether `sequence` is the probe in flight.
    func isInFlight(_ sequence: UInt64) -> Bool {
        self.inFlight?.sequence == sequence
    }

    /// Applies a result (Envoy's `handleSuccess` / `handleFailure`) and schedules the next probe.
    mutating func record(
        _ result: ProbeResult,
        classification: ProbeClassification,
        now: MonotonicTime,
        hasTraffic: Bool,
        configuration: HealthCheckConfiguration,
        random: inout some RandomNumberGenerator
    ) -> HealthCheckUpdate.Outcome {
        let before = self.health(configuration: configuration)
        let isFirstResult = self.awaitsFirstResult
        var transition = HealthTransition.unchanged
        if classification.passed {
            self.failuresTowardUnhealthy = 0
            if self.verdict != .healthy {
                // Envoy: `first_check_ || ++num_healthy_ == healthy_threshold`, the first check only for
                // an endpoint that joined unchecked.
                let firstCheck = self.verdict == .initial && isFirstResult
                if firstCheck {
                    transition = .becameHealthy
                } else {
                    self.passesTowardHealthy += 1
                    // `>=` with a threshold of at least 1 is Envoy's `==` for every valid threshold, and
                    // keeps a threshold set out of range after validation from never being reached.
                    transition =
                        self.passesTowardHealthy >= max(1, configuration.healthyThreshold) ? .becameHealthy : .pending
                }
                if transition == .becameHealthy {
                    self.verdict = .healthy
                    self.healthySince = now
                }
            }
        } else {
            self.passesTowardHealthy = 0
            switch self.verdict {
            case .healthy:
                // Envoy: `(!network && !retriable) || ++num_unhealthy_ == unhealthy_threshold`.
                if classification == .immediateFailure {
                    transition = .becameUnhealthy
                } else {
                    self.failuresTowardUnhealthy += 1
                    transition =
                        self.failuresTowardUnhealthy >= max(1, configuration.unhealthyThreshold)
                        ? .becameUnhealthy : .pending
                }
                if transition == .becameUnhealthy {
                    self.verdict = .failing
                }
            case .initial:
                // Already unhealthy; the first result clears Envoy's `PENDING_ACTIVE_HC`.
                self.verdict = .failing
            case .ejected, .failing:
                break
            }
        }
        self.awaitsFirstResult = false
        self.lastResult = result
        self.lastPassed = classification.passed
        self.lastResultTime = now
        self.isLapsed = false
        self.inFlight = nil
        let pending = transition == .pending
        self.evidenceTime = now
        self.evidenceWait = ProbeIntervals.baseWait(
            passed: classification.passed,
            pending: pending,
            hasTraffic: hasTraffic,
            configuration: configuration
        )
        self.nextProbe =
            now
            + ProbeIntervals.wait(
                passed: classification.passed,
                pending: pending,
                hasTraffic: hasTraffic,
                configuration: configuration,
                random: &random
            )
        let after = self.health(configuration: configuration)
        if before == .excluded && after == .unhealthy {
            // The first failure of an endpoint excluded until then: it now counts, as unhealthy.
            transition = .becameUnhealthy
        }
        if self.verdict == .healthy && !self.isEjected && !configuration.scope.probesEveryEndpoint {
            self.stopProbing()
        }
        return HealthCheckUpdate.Outcome(
            transition: transition,
            previousHealth: before,
            health: after,
            isFirstResult: isFirstResult
        )
    }
}

extension HealthCheckUpdate {
    /// What a result did to one session.
    struct Outcome: Hashable, Sendable {
        var transition: HealthTransition
        var previousHealth: ProbeHealth
        var health: ProbeHealth
        var isFirstResult: Bool
    }
}
