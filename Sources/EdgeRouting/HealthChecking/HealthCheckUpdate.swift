/// What one probe result did: the small value a ``HealthChecker`` returns for each result it accepts.
///
/// The router turns updates into its own events and actions: a ``HealthTransition/becameHealthy``
/// update of an endpoint that outlier detection still ejects re-admits it early
/// (``HealthCombiner/readmits(after:isEjected:)``); any change makes it rebuild the destination's
/// health view.
///
/// ```swift
/// if let update = checker.record(.status(200), for: probe, now: now, random: &random), update.transition.isChange {
///     print(update)  // endpoint 0 probe 200 at 41.061 seconds: became healthy
/// }
/// ```
public struct HealthCheckUpdate: Hashable, Sendable, CustomStringConvertible {
    /// The endpoint's index.
    public var endpointIndex: Int
    /// When the result arrived.
    public var time: MonotonicTime
    /// What the probe found.
    public var result: ProbeResult
    /// Whether the probe passed.
    public var passed: Bool
    /// What the result did to the endpoint's health.
    public var transition: HealthTransition
    /// The endpoint's probe health before the result.
    public var previousHealth: ProbeHealth
    /// The endpoint's probe health right after the result. (An endpoint that is then no longer probed,
    /// because it is healthy and not ejected, reads ``ProbeHealth/unknown`` from
    /// ``HealthChecker/health(endpointIndex:)`` afterwards.)
    public var health: ProbeHealth
    /// Whether this is the first result since the endpoint joined, or since it was ejected.
    public var isFirstResult: Bool
    /// Consecutive passes counted towards the healthy threshold while the endpoint is unhealthy
    /// (Envoy's `num_healthy_`; not counted while it is healthy).
    public var passesTowardHealthy: Int
    /// Consecutive failures counted towards the unhealthy threshold while the endpoint is healthy
    /// (Envoy's `num_unhealthy_`; not counted while it is unhealthy).
    public var failuresTowardUnhealthy: Int

    /// Creates an update.
    ///
    /// - Parameters:
    ///   - endpointIndex: The endpoint's index.
    ///   - time: When the result arrived.
    ///   - result: What the probe found.
    ///   - passed: Whether the probe passed.
    ///   - transition: What the result did.
    ///   - previousHealth: The probe health before the result.
    ///   - health: The probe health after the result.
    ///   - isFirstResult: Whether this is the first result since the endpoint joined or was ejected.
    ///   - passesTowardHealthy: Passes counted towards the healthy threshold.
    ///   - failuresTowardUnhealthy: Failures counted towards the unhealthy threshold.
    public init(
        endpointIndex: Int,
        time: MonotonicTime,
        result: ProbeResult,
        passed: Bool,
        transition: HealthTransition,
        previousHealth: ProbeHealth,
        health: ProbeHealth,
        isFirstResult: Bool,
        passesTowardHealthy: Int,
        failuresTowardUnhealthy: Int
    ) {
        self.endpointIndex = endpointIndex
        self.time = time
        self.result = result
        self.passed = passed
        self.transition = transition
        self.previousHealth = previousHealth
        self.health = health
        self.isFirstResult = isFirstResult
        self.passesTowardHealthy = passesTowardHealthy
        self.failuresTowardUnhealthy = failuresTowardUnhealthy
    }

    /// Whether the probe health changed: a transition, or a verdict that starts or stops keeping the
    /// endpoint out (the first failing probe of an ejected endpoint, say).
    public var healthChanged: Bool {
        self.previousHealth != self.health
    }

    /// One line, for example `endpoint 0 probe 503 at 12.0 seconds: unchanged (unhealthy, first result)`.
    public var description: String {
        var details = [self.transition == .unchanged || self.transition == .pending ? "\(self.health)" : ""]
        if self.transition == .pending {
            details[0] =
                self.passed
                ? "\(self.passesTowardHealthy) passes toward healthy"
                : "\(self.failuresTowardUnhealthy) failures toward unhealthy"
        }
        if self.isFirstResult { details.append("first result") }
        let text = "endpoint \(self.endpointIndex) probe \(self.result) at \(self.time): \(self.transition)"
        let shown = details.filter { !$0.isEmpty }
        return shown.isEmpty ? text : text + " (" + shown.joined(separator: ", ") + ")"
    }
}
