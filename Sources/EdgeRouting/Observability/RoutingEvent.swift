/// Something the router did or noticed that an operator wants to know about.
///
/// The router does not log; it hands events to its ``RoutingObserver``, which may forward them to
/// swift-log, metrics, or a test recorder. New kinds of events may be added in minor releases: switch
/// over events with a `default` case.
public enum RoutingEvent: Sendable, CustomStringConvertible {
    /// Outlier detection ejected an endpoint.
    case endpointEjected(EndpointHealthEvent)
    /// Outlier detection found an outlier but did not eject it (its enforcement percentage said no,
    /// as for consecutive gateway failures by default).
    case outlierDetected(EndpointHealthEvent)
    /// An ejected endpoint's ejection expired; it takes traffic again.
    case endpointReadmitted(EndpointHealthEvent)
    /// An ejection was refused because the destination's ejection cap was reached.
    case ejectionOverflowed(EndpointHealthEvent)
    /// The split of a destination's traffic across priority tiers changed, for example all traffic
    /// moving from the local region to a remote one.
    case trafficShifted(TrafficShift)
    /// A new topology or Gateway was applied.
    case reconfigured(RouteTableChanges)
    /// A new topology or Gateway was rejected; the previous configuration stays in force.
    case reconfigurationRejected(ConfigurationError)
    /// A failed attempt will be retried.
    case retryScheduled(RetryScheduled)
    /// A retry was not made because the retry budget was exhausted (flag `UO`).
    case retryBudgetExhausted(RetryScheduled)

    /// One line describing the event.
    public var description: String {
        switch self {
        case .endpointEjected(let event): return "ejected \(event)"
        case .outlierDetected(let event): return "outlier detected (not ejected) \(event)"
        case .endpointReadmitted(let event): return "re-admitted \(event)"
        case .ejectionOverflowed(let event): return "ejection refused (cap reached) \(event)"
        case .trafficShifted(let shift): return "traffic shifted \(shift)"
        case .reconfigured(let changes): return "reconfigured: \(changes)"
        case .reconfigurationRejected(let error): return "reconfiguration rejected: \(error)"
        case .retryScheduled(let retry): return "retry scheduled \(retry)"
        case .retryBudgetExhausted(let retry): return "retry budget exhausted \(retry)"
        }
    }
}

/// An outlier-detection event, with the names an operator recognises.
public struct EndpointHealthEvent: Sendable, CustomStringConvertible {
    /// The destination (route) whose outlier detection acted, for example
    /// `bookinfo.tse.tetratelabs.io:80 automatic`.
    public let destination: String
    /// The endpoint's workload cluster.
    public let cluster: String
    /// The endpoint's address, `host:port`.
    public let address: String
    /// The detector's own event: reason, multiplier, ejection end, enforcement.
    public let detail: OutlierDetectionEvent

    /// `cluster-1 10.0.1.5:443 in bookinfo…: <detail>`.
    public var description: String {
        "\(self.cluster) \(self.address) in \(self.destination): \(self.detail)"
    }
}

/// A change of how a destination's traffic is split across its priority tiers.
public struct TrafficShift: Sendable, CustomStringConvertible {
    /// The destination, for example `bookinfo.tse.tetratelabs.io:80 automatic`.
    public let destination: String
    /// When the change happened.
    public let time: MonotonicTime
    /// The clusters of each tier.
    public let tiers: [[String]]
    /// The split before the change.
    public let before: PriorityLoads
    /// The split after the change.
    public let after: PriorityLoads

    /// `in DEST: P0 100% → 0%, P1 0% → 100%`.
    public var description: String {
        let parts = self.tiers.indices.map { tier in
            "P\(tier) \(self.before.load(ofTier: tier))% → \(self.after.load(ofTier: tier))%"
        }
        return "in \(self.destination): " + parts.joined(separator: ", ")
    }
}

/// A retry decision, as reported in events.
public struct RetryScheduled: Sendable, CustomStringConvertible {
    /// The request's authority and path.
    public let request: String
    /// The number of the attempt that failed.
    public let failedAttempt: Int
    /// How it failed.
    public let outcome: AttemptOutcome
    /// The cluster of the failed attempt.
    public let cluster: String
    /// The backoff before the retry (zero when no retry is made).
    public let delay: Duration
    /// The cluster the retry goes to, if one is made.
    public let nextCluster: String?

    /// `GET bookinfo…/productpage: attempt 1 failed (503) on cluster-1, retry on cluster-2 after 12 ms`.
    public var description: String {
        var text = "\(self.request): attempt \(self.failedAttempt) failed (\(self.outcome)) on \(self.cluster)"
        if let next = self.nextCluster {
            text += ", retry on \(next) after \(self.delay)"
        }
        return text
    }
}
