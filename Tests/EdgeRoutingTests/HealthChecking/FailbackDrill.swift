import EdgeRouting
import Synchronization
import Testing

/// A deterministic model of the router's wiring for the guide's demo destination: endpoint 0 is
/// cluster-1's ingress (tier P0), endpoint 1 is cluster-2's (P1). It drives the real
/// ``DefaultOutlierDetector`` with client traffic at a fixed rate, a ``ThresholdHealthChecker`` with
/// probes, and consults ``HealthCombiner`` for every request, the way the router will:
///
/// - every ejection and re-admission the detector reports goes to the checker at once;
/// - a request goes to cluster-1 when its availability is healthy, otherwise to cluster-2; a failed
///   attempt at cluster-1 is retried on cluster-2 (so the client sees no error while cluster-2 works);
/// - due probes are collected at the checker's deadline and answered after `probeLatency`, from the
///   state of cluster-1 when they were sent;
/// - a probe result that ``HealthCombiner/readmits(after:isEjected:)`` is recorded as an early
///   re-admission action (the detector has no entry point for it yet; see the article).
///
/// Time advances in steps of one millisecond.
struct FailbackDrill {
    /// What is wrong with cluster-1 during the fault.
    enum Fault {
        /// The ingress gateway is scaled to zero: connections are refused.
        case ingressDown
        /// The upstream service is gone: the ingress answers 503.
        case upstream503
    }

    /// How the embedder takes part.
    enum Probing {
        /// No health checker at all: outlier detection alone (today's router).
        case none
        /// A health checker whose probes are never run.
        case neverRun
        /// Probes are run and reported.
        case run
    }

    /// Something that happened, for the timeline.
    struct Event: Hashable, CustomStringConvertible {
        var time: MonotonicTime
        var text: String

        var description: String { "\(self.time): \(self.text)" }
    }

    /// Cluster-1's ingress and cluster-2's.
    static let endpoints = [EndpointID(rawValue: 1), EndpointID(rawValue: 2)]

    let faultStart: MonotonicTime
    let faultEnd: MonotonicTime
    let fault: Fault
    let probing: Probing
    let requestInterval: Duration
    let probeLatency: Duration

    private(set) var detector: DefaultOutlierDetector
    private let recorder = DrillEventRecorder()
    private var handledEvents = 0
    private(set) var checker: ThresholdHealthChecker<EndpointID>
    private var random = SplitMix64(seed: 15)
    private var probeBuffer: [ProbeRequest<EndpointID>] = []
    private var probesInFlight: [(request: ProbeRequest<EndpointID>, result: ProbeResult, due: MonotonicTime)] = []

    /// The timeline: ejections, re-admissions, holds, probe transitions, early re-admission actions.
    private(set) var events: [Event] = []
    /// Per whole second: attempts sent to cluster-1.
    private(set) var attemptsToCluster1: [Int: Int] = [:]
    /// Per whole second: probes sent to cluster-1.
    private(set) var probesToCluster1: [Int: Int] = [:]
    /// Per whole second: whether cluster-1 was available at the start of the second.
    private(set) var availableAtSecond: [Int: Bool] = [:]
    /// Per whole second: the results of the probes of cluster-1 that arrived (`true`: passed).
    private(set) var probeResults: [Int: [Bool]] = [:]
    private var sawTraffic = false
    /// Attempts at cluster-1 that failed (each retried on cluster-2).
    private(set) var failedAttempts = 0
    /// Requests whose every attempt failed.
    private(set) var clientErrors = 0
    /// The first successful attempt at cluster-1 after the repair.
    private(set) var failbackTime: MonotonicTime?
    /// The instants at which the combiner asked for an early re-admission.
    private(set) var readmissionActions: [MonotonicTime] = []

    init(
        faultFrom start: Double,
        to end: Double,
        fault: Fault = .ingressDown,
        probing: Probing = .run,
        configuration: HealthCheckConfiguration = .defaults,
        outlierDetection: OutlierDetectionConfiguration = .defaults,
        requestInterval: Duration = .milliseconds(5),
        probeLatency: Duration = .milliseconds(1)
    ) {
        self.faultStart = at(start)
        self.faultEnd = at(end)
        self.fault = fault
        self.probing = probing
        self.requestInterval = requestInterval
        self.probeLatency = probeLatency
        var seed = SplitMix64(seed: 1)
        self.detector = DefaultOutlierDetector(
            configuration: outlierDetection,
            endpoints: Self.endpoints,
            now: .origin,
            random: &seed,
            observer: self.recorder.observer
        )
        var random = SplitMix64(seed: 7)
        self.checker = ThresholdHealthChecker(
            configuration: probing == .none ? Self.off(configuration) : configuration,
            endpoints: Self.endpoints,
            now: .origin,
            random: &random
        )
    }

    private static func off(_ configuration: HealthCheckConfiguration) -> HealthCheckConfiguration {
        var configuration = configuration
        configuration.scope = .off
        return configuration
    }

    /// Whether cluster-1 is broken at `time`.
    func isBroken(at time: MonotonicTime) -> Bool {
        time >= self.faultStart && time < self.faultEnd
    }

    /// Cluster-1's availability now, as the router would compute it.
    var cluster1Availability: EndpointAvailability {
        HealthCombiner.availability(
            isEjected: self.detector.isEjected(endpointIndex: 0),
            probeHealth: self.checker.health(endpointIndex: 0)
        )
    }

    /// Runs until `end`.
    mutating func run(until end: Double) {
        let end = at(end)
        var now = MonotonicTime.origin
        let step = Duration.milliseconds(1)
        let requestEvery = self.requestInterval.nanosecondsClampedForTests
        while now < end {
            let second = Int(now.nanoseconds / 1_000_000_000)
            if now.nanoseconds % 1_000_000_000 == 0 {
                self.advanceDetector(to: now)
                self.availableAtSecond[second] = self.cluster1Availability.takesTraffic
            }
            self.advanceDetector(to: now)
            self.runProbes(at: now, second: second)
            if now.nanoseconds % requestEvery == 0 {
                self.request(at: now, second: second)
            }
            now = now + step
        }
    }

    private mutating func advanceDetector(to now: MonotonicTime) {
        if now >= self.detector.nextDeadline {
            self.detector.advance(to: now)
        }
        self.forwardDetectorEvents(at: now)
    }

    /// Hands the detector's new events to the checker, as the router's observer would.
    private mutating func forwardDetectorEvents(at now: MonotonicTime) {
        let all = self.recorder.events
        while self.handledEvents < all.count {
            let event = all[self.handledEvents]
            self.handledEvents += 1
            guard let index = Self.endpoints.firstIndex(of: event.endpoint) else { continue }
            if event.kind == .ejected && event.enforced {
                self.checker.endpointEjected(index, now: event.time, random: &self.random)
                let until = event.ejectedUntil.map(FailbackTimeline.seconds) ?? "?"
                self.events.append(
                    Event(time: event.time, text: "ejected (multiplier \(event.multiplier), until \(until))")
                )
            } else if event.kind == .readmitted {
                self.checker.endpointReadmitted(index, now: event.time)
                let held = self.checker.health(endpointIndex: index) == .unhealthy
                self.events.append(
                    Event(time: event.time, text: held ? "ejection expired; held back by its probes" : "re-admitted")
                )
            }
        }
    }

    private mutating func runProbes(at now: MonotonicTime, second: Int) {
        guard self.probing == .run else { return }
        var index = 0
        while index < self.probesInFlight.count {
            guard self.probesInFlight[index].due <= now else {
                index += 1
                continue
            }
            let (request, result, _) = self.probesInFlight.remove(at: index)
            guard let update = self.checker.record(result, for: request, now: now, random: &self.random) else {
                continue
            }
            if request.endpointIndex == 0 {
                self.probeResults[second, default: []].append(update.passed)
            }
            if update.transition.isChange {
                self.events.append(Event(time: now, text: "probe \(result): \(update.transition)"))
            }
            if HealthCombiner.readmits(after: update, isEjected: self.detector.isEjected(endpointIndex: 0)) {
                self.readmissionActions.append(now)
                self.events.append(Event(time: now, text: "early re-admission requested"))
            }
        }
        _ = self.checker.advance(to: now)
        guard now >= self.checker.nextDeadline else { return }
        self.probeBuffer.removeAll(keepingCapacity: true)
        self.checker.collectDueProbes(now: now, into: &self.probeBuffer)
        for request in self.probeBuffer {
            let result: ProbeResult
            if request.endpointIndex == 0 && self.isBroken(at: now) {
                result = self.fault == .ingressDown ? .connectFailure : .status(503)
            } else {
                result = .status(200)
            }
            if request.endpointIndex == 0 {
                self.probesToCluster1[second, default: 0] += 1
            }
            self.probesInFlight.append((request, result, now + self.probeLatency))
        }
    }

    private mutating func request(at now: MonotonicTime, second: Int) {
        if !self.sawTraffic {
            // The router tells the checker once, at the destination's first request.
            self.sawTraffic = true
            self.checker.setHasTraffic(true)
        }
        if self.cluster1Availability.takesTraffic {
            self.attemptsToCluster1[second, default: 0] += 1
            let broken = self.isBroken(at: now)
            let result: OutlierResult =
                broken ? (self.fault == .ingressDown ? .connectFailure : .status(503)) : .status(200)
            self.detector.record(result, endpointIndex: 0, now: now)
            self.forwardDetectorEvents(at: now)
            guard broken else {
                if now >= self.faultEnd && self.failbackTime == nil { self.failbackTime = now }
                return
            }
            self.failedAttempts += 1
        }
        // The first attempt, or the retry: cluster-2 answers.
        self.detector.record(.status(200), endpointIndex: 1, now: now)
        self.forwardDetectorEvents(at: now)
    }

    /// Everything the outlier detector reported.
    var outlierEvents: [OutlierDetectionEvent] {
        self.recorder.events
    }

    /// Attempts sent to cluster-1 while it was broken.
    var attemptsDuringFault: Int {
        let first = Int(self.faultStart.nanoseconds / 1_000_000_000)
        let last = Int((self.faultEnd.nanoseconds - 1) / 1_000_000_000)
        return (first...last).reduce(0) { $0 + (self.attemptsToCluster1[$1] ?? 0) }
    }

    /// Probes sent to cluster-1 in all.
    var probesSent: Int {
        self.probesToCluster1.values.reduce(0, +)
    }

    /// How long after the repair traffic came back to cluster-1.
    var failbackDelay: Duration? {
        self.failbackTime.map { $0 - self.faultEnd }
    }
}

extension Duration {
    /// Whole nanoseconds (tests only deal in small durations).
    var nanosecondsClampedForTests: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Collects the detector's events; thread-safe (the detector's observer must be `Sendable`).
final class DrillEventRecorder: Sendable {
    private let storage = Mutex<[OutlierDetectionEvent]>([])

    var observer: @Sendable (OutlierDetectionEvent) -> Void {
        { [self] event in self.storage.withLock { $0.append(event) } }
    }

    var events: [OutlierDetectionEvent] {
        self.storage.withLock { $0 }
    }
}
