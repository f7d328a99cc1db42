import EdgeRouting
import Testing

/// The instant `seconds` after the origin (millisecond precision).
func at(_ seconds: Double) -> MonotonicTime {
    .origin + .milliseconds(Int64((seconds * 1000).rounded()))
}

/// Drives a ``ThresholdHealthChecker`` the way an embedder does: collect the due probes, run them,
/// report each result.
struct CheckerDriver {
    var checker: ThresholdHealthChecker<String>
    var random = ScriptedRandom()
    /// Probes handed out and not yet reported.
    var inFlight: [ProbeRequest<String>] = []
    private var buffer: [ProbeRequest<String>] = []

    init(
        _ configuration: HealthCheckConfiguration = .defaults,
        endpoints: [String] = ["a", "b"],
        hasTraffic: Bool = true,
        now: MonotonicTime = .origin
    ) {
        var random = ScriptedRandom()
        self.checker = ThresholdHealthChecker(
            configuration: configuration,
            endpoints: endpoints,
            hasTraffic: hasTraffic,
            now: now,
            random: &random
        )
    }

    /// Collects the probes due at `now`; returns the indices of the endpoints probed.
    @discardableResult
    mutating func collect(at now: MonotonicTime) -> [Int] {
        self.buffer.removeAll(keepingCapacity: true)
        self.checker.collectDueProbes(now: now, into: &self.buffer)
        for probe in self.buffer {
            self.inFlight.removeAll { $0.endpointIndex == probe.endpointIndex }
        }
        self.inFlight.append(contentsOf: self.buffer)
        return self.buffer.map(\.endpointIndex)
    }

    /// Reports `result` for the probe in flight at `endpoint`.
    mutating func report(_ result: ProbeResult, endpoint: Int = 0, at now: MonotonicTime) throws -> HealthCheckUpdate {
        let index = try #require(self.inFlight.firstIndex { $0.endpointIndex == endpoint }, "no probe in flight")
        let probe = self.inFlight.remove(at: index)
        return try #require(self.checker.record(result, for: probe, now: now, random: &self.random))
    }

    /// Collects at `now`, expects a probe of `endpoint` in flight (handed out now or before), and
    /// reports `result` at the same instant.
    mutating func probe(
        _ result: ProbeResult,
        endpoint: Int = 0,
        at now: MonotonicTime,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> HealthCheckUpdate {
        self.collect(at: now)
        try #require(
            self.inFlight.contains { $0.endpointIndex == endpoint },
            "endpoint \(endpoint) not due at \(now)",
            sourceLocation: sourceLocation
        )
        return try self.report(result, endpoint: endpoint, at: now)
    }

    mutating func eject(_ endpoint: Int = 0, at now: MonotonicTime) {
        self.checker.endpointEjected(endpoint, now: now, random: &self.random)
    }

    mutating func readmit(_ endpoint: Int = 0, at now: MonotonicTime) {
        self.checker.endpointReadmitted(endpoint, now: now)
    }

    func health(_ endpoint: Int = 0) -> ProbeHealth {
        self.checker.health(endpointIndex: endpoint)
    }

    func state(_ endpoint: Int = 0) -> HealthCheckerSnapshot<String>.EndpointState {
        self.checker.snapshot().endpoints[endpoint]
    }
}
