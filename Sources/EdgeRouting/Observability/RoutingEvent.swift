/// Something the router did or noticed that an operator wants to know about.
///
/// The router does not log; it hands events to its ``RoutingObserver``, which may forward them to
/// swift-log, metrics, or a test recorder. Switch over ``kind`` (with a `default` case: new kinds may be
/// added in minor releases) and read the payload that goes with it:
///
/// ```swift
/// func observe(_ event: RoutingEvent) {
///     switch event.kind {
///     case .endpointEjected: logger.warning("\(event)")        // event.endpoint has the details
///     case .trafficShifted: logger.notice("\(event)")          // event.trafficShift
///     default: logger.debug("\(event)")
///     }
/// }
/// ```
public struct RoutingEvent: Sendable, CustomStringConvertible {
    /// What kind of event this is; an extensible set.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case endpointEjected
            case outlierDetected
            case endpointReadmitted
            case ejectionOverflowed
            case trafficShifted
            case reconfigured
            case reconfigurationRejected
            case retryScheduled
            case retryBudgetExhausted
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// Outlier detection ejected an endpoint (``RoutingEvent/endpoint``).
        public static let endpointEjected = Kind(.endpointEjected)
        /// Outlier detection found an outlier but did not eject it: its enforcement percentage said no,
        /// as for consecutive gateway failures by default (``RoutingEvent/endpoint``).
        public static let outlierDetected = Kind(.outlierDetected)
        /// An ejected endpoint's ejection expired; it takes traffic again (``RoutingEvent/endpoint``).
        public static let endpointReadmitted = Kind(.endpointReadmitted)
        /// An ejection was refused because the destination's ejection cap was reached
        /// (``RoutingEvent/endpoint``).
        public static let ejectionOverflowed = Kind(.ejectionOverflowed)
        /// The split of a destination's traffic across priority tiers changed, for example all traffic
        /// moving from the local region to a remote one (``RoutingEvent/trafficShift``).
        public static let trafficShifted = Kind(.trafficShifted)
        /// A new topology or Gateway was applied (``RoutingEvent/changes``).
        public static let reconfigured = Kind(.reconfigured)
        /// A new topology or Gateway was rejected; the previous configuration stays in force
        /// (``RoutingEvent/rejection``).
        public static let reconfigurationRejected = Kind(.reconfigurationRejected)
        /// A failed attempt will be retried (``RoutingEvent/retry``).
        public static let retryScheduled = Kind(.retryScheduled)
        /// A retry was not made because the retry budget was exhausted, flag `UO`
        /// (``RoutingEvent/retry``).
        public static let retryBudgetExhausted = Kind(.retryBudgetExhausted)

        /// The kind's name, for example `endpointEjected`.
        public var description: String {
            switch self.wrapped {
            case .endpointEjected: return "endpointEjected"
            case .outlierDetected: return "outlierDetected"
            case .endpointReadmitted: return "endpointReadmitted"
            case .ejectionOverflowed: return "ejectionOverflowed"
            case .trafficShifted: return "trafficShifted"
            case .reconfigured: return "reconfigured"
            case .reconfigurationRejected: return "reconfigurationRejected"
            case .retryScheduled: return "retryScheduled"
            case .retryBudgetExhausted: return "retryBudgetExhausted"
            }
        }
    }

    private enum Payload: Sendable {
        case endpoint(EndpointHealthEvent)
        case trafficShift(TrafficShift)
        case changes(RouteTableChanges)
        case rejection(ConfigurationError)
        case retry(RetryScheduled)
    }

    /// What kind of event this is.
    public let kind: Kind
    private let payload: Payload

    private init(_ kind: Kind, _ payload: Payload) {
        self.kind = kind
        self.payload = payload
    }

    /// An endpoint was ejected.
    ///
    /// - Parameter event: The details.
    public static func endpointEjected(_ event: EndpointHealthEvent) -> RoutingEvent {
        RoutingEvent(.endpointEjected, .endpoint(event))
    }

    /// An outlier was detected but not ejected.
    ///
    /// - Parameter event: The details.
    public static func outlierDetected(_ event: EndpointHealthEvent) -> RoutingEvent {
        RoutingEvent(.outlierDetected, .endpoint(event))
    }

    /// An endpoint was re-admitted.
    ///
    /// - Parameter event: The details.
    public static func endpointReadmitted(_ event: EndpointHealthEvent) -> RoutingEvent {
        RoutingEvent(.endpointReadmitted, .endpoint(event))
    }

    /// An ejection was refused by the ejection cap.
    ///
    /// - Parameter event: The details.
    public static func ejectionOverflowed(_ event: EndpointHealthEvent) -> RoutingEvent {
        RoutingEvent(.ejectionOverflowed, .endpoint(event))
    }

    /// Traffic moved between priority tiers.
    ///
    /// - Parameter shift: The split before and after.
    public static func trafficShifted(_ shift: TrafficShift) -> RoutingEvent {
        RoutingEvent(.trafficShifted, .trafficShift(shift))
    }

    /// A reconfiguration was applied.
    ///
    /// - Parameter changes: What changed.
    public static func reconfigured(_ changes: RouteTableChanges) -> RoutingEvent {
        RoutingEvent(.reconfigured, .changes(changes))
    }

    /// A reconfiguration was rejected.
    ///
    /// - Parameter error: Why.
    public static func reconfigurationRejected(_ error: ConfigurationError) -> RoutingEvent {
        RoutingEvent(.reconfigurationRejected, .rejection(error))
    }

    /// A retry was scheduled.
    ///
    /// - Parameter retry: The details.
    public static func retryScheduled(_ retry: RetryScheduled) -> RoutingEvent {
        RoutingEvent(.retryScheduled, .retry(retry))
    }

    /// A retry was refused by the retry budget.
    ///
    /// - Parameter retry: The details.
    public static func retryBudgetExhausted(_ retry: RetryScheduled) -> RoutingEvent {
        RoutingEvent(.retryBudgetExhausted, .retry(retry))
    }

    /// The endpoint concerned, for the outlier-detection kinds.
    public var endpoint: EndpointHealthEvent? {
        if case .endpoint(let event) = self.payload { return event }
        return nil
    }

    /// The split before and after, for ``Kind-swift.struct/trafficShifted``.
    public var trafficShift: TrafficShift? {
        if case .trafficShift(let shift) = self.payload { return shift }
        return nil
    }

    /// What changed, for ``Kind-swift.struct/reconfigured``.
    public var changes: RouteTableChanges? {
        if case .changes(let changes) = self.payload { return changes }
        return nil
    }

    /// Why, for ``Kind-swift.struct/reconfigurationRejected``.
    public var rejection: ConfigurationError? {
        if case .rejection(let error) = self.payload { return error }
        return nil
    }

    /// The retry, for ``Kind-swift.struct/retryScheduled`` and ``Kind-swift.struct/retryBudgetExhausted``.
    public var retry: RetryScheduled? {
        if case .retry(let retry) = self.payload { return retry }
        return nil
    }

    /// One line describing the event.
    public var description: String {
        switch self.kind {
        case .endpointEjected: return "ejected \(self.payloadDescription)"
        case .outlierDetected: return "outlier detected (not ejected) \(self.payloadDescription)"
        case .endpointReadmitted: return "re-admitted \(self.payloadDescription)"
        case .ejectionOverflowed: return "ejection refused (cap reached) \(self.payloadDescription)"
        case .trafficShifted: return "traffic shifted \(self.payloadDescription)"
        case .reconfigured: return "reconfigured: \(self.payloadDescription)"
        case .reconfigurationRejected: return "reconfiguration rejected: \(self.payloadDescription)"
        case .retryScheduled: return "retry scheduled \(self.payloadDescription)"
        case .retryBudgetExhausted: return "retry budget exhausted \(self.payloadDescription)"
        default: return "\(self.kind) \(self.payloadDescription)"
        }
    }

    private var payloadDescription: String {
        switch self.payload {
        case .endpoint(let event): return "\(event)"
        case .trafficShift(let shift): return "\(shift)"
        case .changes(let changes): return "\(changes)"
        case .rejection(let error): return "\(error)"
        case .retry(let retry): return "\(retry)"
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
