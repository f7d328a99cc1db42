extension RetryPolicy {
    /// The back-off between attempts: `backoff` in a policy document.
    ///
    /// ```json
    /// { "baseInterval": "25ms", "maxInterval": "250ms", "strategy": "jittered-exponential" }
    /// ```
    ///
    /// Intervals are used in whole milliseconds, as Envoy reads them: truncated, and at least 1 ms.
    public struct Backoff: Hashable, Sendable {
        /// Which formula turns the intervals into a delay.
        ///
        /// A struct over a private enum, so that strategies can be added later without breaking callers.
        public struct Strategy: Hashable, Sendable, CustomStringConvertible {
            private enum Wrapped: Hashable, Sendable {
                case jitteredExponential
                case equalJitter
                case decorrelatedJitter
            }

            private let wrapped: Wrapped

            private init(_ wrapped: Wrapped) {
                self.wrapped = wrapped
            }

            /// `jitteredExponential`, Envoy's: see ``JitteredExponentialBackoff`` (the default).
            public static let jitteredExponential = Strategy(.jitteredExponential)
            /// `equal-jitter`: see ``EqualJitterBackoff``.
            public static let equalJitter = Strategy(.equalJitter)
            /// `decorrelated-jitter`: see ``DecorrelatedJitterBackoff``.
            public static let decorrelatedJitter = Strategy(.decorrelatedJitter)

            static let all: [Strategy] = [.jitteredExponential, .equalJitter, .decorrelatedJitter]

            /// The strategy with the given configuration name, or `nil`.
            ///
            /// - Parameter name: `jittered-exponential`, `equal-jitter` or `decorrelated-jitter`.
            public init?(name: String) {
                guard let strategy = Self.all.first(where: { $0.description == name }) else { return nil }
                self = strategy
            }

            /// The configuration name, for example `jittered-exponential`.
            public var description: String {
                switch self.wrapped {
                case .jitteredExponential: return "jittered-exponential"
                case .equalJitter: return "equal-jitter"
                case .decorrelatedJitter: return "decorrelated-jitter"
                }
            }
        }

        /// The first retry's bound (or, for decorrelated jitter, the smallest delay); 25 ms by default.
        public let baseInterval: Duration
        /// The largest bound or delay; 10 × ``baseInterval`` by default, as Envoy.
        public let maxInterval: Duration
        /// The formula; ``Strategy/jitteredExponential`` by default.
        public let strategy: Strategy

        /// Creates a back-off configuration, validating it as Envoy does.
        ///
        /// - Parameters:
        ///   - baseInterval: Above zero and at most 24 hours.
        ///   - maxInterval: Above zero, at most 24 hours, and, in whole milliseconds, not below
        ///     `baseInterval`; `nil` means 10 × `baseInterval`.
        ///   - strategy: The formula.
        /// - Throws: ``ConfigurationError`` naming `baseInterval` or `maxInterval`.
        public init(
            baseInterval: Duration = .milliseconds(25),
            maxInterval: Duration? = nil,
            strategy: Strategy = .jitteredExponential
        ) throws {
            try RetryPolicy.checkInterval(baseInterval, path: "baseInterval")
            let maximum: Duration
            if let maxInterval {
                try RetryPolicy.checkInterval(maxInterval, path: "maxInterval")
                // Envoy compares the intervals after rounding each to whole milliseconds (at least 1).
                let base = BackoffMath.intervalMilliseconds(baseInterval)
                guard BackoffMath.intervalMilliseconds(maxInterval) >= base else {
                    throw ConfigurationError.invalid(
                        "maxInterval",
                        "must be greater than or equal to baseInterval (\(DurationFormat.format(baseInterval))), "
                            + "got \(DurationFormat.format(maxInterval))"
                    )
                }
                maximum = maxInterval
            } else {
                maximum = baseInterval * 10
            }
            self.baseInterval = baseInterval
            self.maxInterval = maximum
            self.strategy = strategy
        }

        /// 25 ms base, 250 ms cap, jittered exponential.
        public static var defaults: Backoff {
            // The arguments are valid.
            try! Backoff()
        }

        /// The strategy this configuration describes, for ``DefaultRetryPlanner``.
        public func makeStrategy() -> any BackoffStrategy {
            switch self.strategy {
            case .equalJitter:
                return EqualJitterBackoff(baseInterval: self.baseInterval, maxInterval: self.maxInterval)
            case .decorrelatedJitter:
                return DecorrelatedJitterBackoff(baseInterval: self.baseInterval, maxInterval: self.maxInterval)
            default:
                return JitteredExponentialBackoff(baseInterval: self.baseInterval, maxInterval: self.maxInterval)
            }
        }
    }
}
