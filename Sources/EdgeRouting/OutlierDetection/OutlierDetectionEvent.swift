/// Something outlier detection did: an ejection (enforced or detected only), a re-admission, or an
/// ejection refused by the cap.
///
/// A detector hands events to the observer given at its creation, on the thread whose call caused
/// them, after releasing its internal lock, in the order they happened. Fields that do not apply to an
/// event's ``kind`` are `nil`.
///
/// ```swift
/// let detector = DefaultOutlierDetector(now: .origin) { event in
///     if event.kind == .ejected, event.enforced {
///         print("\(event.endpoint) ejected until \(event.ejectedUntil!) for \(event.ejectionType!)")
///     }
/// }
/// ```
public struct OutlierDetectionEvent: Hashable, Sendable, CustomStringConvertible {
    /// The kind of event, an extensible set.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case ejected
            case readmitted
            case ejectionOverflowed
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// An endpoint was found to be an outlier and the cap allowed its ejection. When
        /// ``OutlierDetectionEvent/enforced`` is `false`, the enforcement percentage kept it in service
        /// (detection only).
        public static let ejected = Kind(.ejected)
        /// An ejected endpoint's ejection expired: it is back in service.
        public static let readmitted = Kind(.readmitted)
        /// An endpoint was found to be an outlier, but ejecting it would have exceeded
        /// ``OutlierDetectionConfiguration/maxEjectionPercent`` (counted as `ejections_overflow`).
        public static let ejectionOverflowed = Kind(.ejectionOverflowed)

        /// `ejected`, `readmitted` or `ejectionOverflowed`.
        public var description: String {
            switch self.wrapped {
            case .ejected: return "ejected"
            case .readmitted: return "readmitted"
            case .ejectionOverflowed: return "ejectionOverflowed"
            }
        }
    }

    /// What happened.
    public var kind: Kind
    /// The endpoint it happened to.
    public var endpoint: EndpointID
    /// When it happened: the `now` of the result that triggered an ejection, the end of the interval
    /// whose statistics did, or the exact expiry instant of a re-admission.
    public var time: MonotonicTime
    /// Why the endpoint is an outlier; `nil` for a re-admission.
    public var ejectionType: OutlierEjectionType?
    /// Whether the ejection took effect (`false`: detected only). Always `false` except for an
    /// enforced ``Kind-swift.struct/ejected`` event.
    public var enforced: Bool
    /// The ejection multiplier after this ejection (ejection *n* lasts `n × baseEjectionTime`, capped);
    /// for other events, the endpoint's current multiplier.
    public var multiplier: Int
    /// When an enforced ejection ends; `nil` otherwise.
    public var ejectedUntil: MonotonicTime?
    /// For success-rate and failure-percentage events: the endpoint's success rate in the last interval,
    /// in percent.
    public var successRate: Double?
    /// For success-rate events: the mean success rate of the qualifying endpoints, in percent.
    public var successRateAverage: Double?
    /// For success-rate events: the ejection threshold `mean − stdev × factor / 1000`, in percent.
    public var successRateEjectionThreshold: Double?

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - kind: What happened.
    ///   - endpoint: The endpoint it happened to.
    ///   - time: When it happened.
    ///   - ejectionType: Why the endpoint is an outlier, or `nil` for a re-admission.
    ///   - enforced: Whether an ejection took effect.
    ///   - multiplier: The ejection multiplier.
    ///   - ejectedUntil: When an enforced ejection ends.
    ///   - successRate: The endpoint's success rate in the last interval, for statistical types.
    ///   - successRateAverage: The mean success rate, for success-rate types.
    ///   - successRateEjectionThreshold: The ejection threshold, for success-rate types.
    public init(
        kind: Kind,
        endpoint: EndpointID,
        time: MonotonicTime,
        ejectionType: OutlierEjectionType? = nil,
        enforced: Bool = false,
        multiplier: Int = 0,
        ejectedUntil: MonotonicTime? = nil,
        successRate: Double? = nil,
        successRateAverage: Double? = nil,
        successRateEjectionThreshold: Double? = nil
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.time = time
        self.ejectionType = ejectionType
        self.enforced = enforced
        self.multiplier = multiplier
        self.ejectedUntil = ejectedUntil
        self.successRate = successRate
        self.successRateAverage = successRateAverage
        self.successRateEjectionThreshold = successRateEjectionThreshold
    }

    /// One line, for example `ejected endpoint#3 at 12.0 seconds (consecutive_5xx, enforced,
    /// multiplier 1, until 42.0 seconds)`.
    public var description: String {
        var text = "\(self.kind) \(self.endpoint) at \(self.time)"
        var details: [String] = []
        if let type = self.ejectionType { details.append(type.description) }
        if self.kind == .ejected { details.append(self.enforced ? "enforced" : "detected only") }
        if self.kind != .ejectionOverflowed { details.append("multiplier \(self.multiplier)") }
        if let until = self.ejectedUntil { details.append("until \(until)") }
        if let rate = self.successRate { details.append("success rate \(rate)") }
        if let threshold = self.successRateEjectionThreshold { details.append("threshold \(threshold)") }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }
}
