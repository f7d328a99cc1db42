extension RetryPolicy {
    /// The bound on retries across requests: `budget` in a policy document.
    ///
    /// ```json
    /// { "retryPercent": 20, "minRetriesPerSecond": 10, "window": "10s",
    ///   "maxConcurrentRetryPercent": 20, "minRetryConcurrency": 3 }
    /// ```
    ///
    /// or `{ "enabled": false }` for no budget. The first three fields configure a
    /// ``WindowedRetryBudget`` (always on while the budget is enabled); setting either of the last two
    /// adds Envoy's in-flight cap, a ``ConcurrentRetryBudget``, with the other at Envoy's default (20 %
    /// or 3), as Envoy turns its budget on when either `budget_percent` or `min_retry_concurrency` is set.
    public struct Budget: Hashable, Sendable {
        /// The largest accepted `minRetriesPerSecond`.
        public static let maximumRetriesPerSecond = 1_000_000
        /// The accepted window lengths.
        public static let windowRange = Duration.seconds(1)...Duration.seconds(3600)

        /// Whether retries are budgeted at all.
        public let isEnabled: Bool
        /// The share of the window's requests that may be retried, in percent (`0...100`); 20 by default.
        public let retryPercent: Double
        /// The retries per second always allowed; 10 by default.
        public let minRetriesPerSecond: Int
        /// The sliding window; 10 s by default.
        public let window: Duration
        /// The share of active requests that may be active retries, in percent, or `nil` for no
        /// in-flight cap unless ``minRetryConcurrency`` is set.
        public let maxConcurrentRetryPercent: Double?
        /// The active retries always allowed, or `nil` for no in-flight cap unless
        /// ``maxConcurrentRetryPercent`` is set.
        public let minRetryConcurrency: Int?

        /// Creates an enabled budget, validating every value.
        ///
        /// - Parameters:
        ///   - retryPercent: In `0...100`.
        ///   - minRetriesPerSecond: In `0...1_000_000`.
        ///   - window: Between 1 s and 1 h.
        ///   - maxConcurrentRetryPercent: In `0...100`, or `nil`.
        ///   - minRetryConcurrency: In `0...UInt32.max`, or `nil`.
        /// - Throws: ``ConfigurationError`` naming the offending field.
        public init(
            retryPercent: Double = 20,
            minRetriesPerSecond: Int = 10,
            window: Duration = .seconds(10),
            maxConcurrentRetryPercent: Double? = nil,
            minRetryConcurrency: Int? = nil
        ) throws {
            try Self.checkPercent(retryPercent, path: "retryPercent")
            guard (0...Self.maximumRetriesPerSecond).contains(minRetriesPerSecond) else {
                throw ConfigurationError.invalid(
                    "minRetriesPerSecond",
                    "must be in 0...\(Self.maximumRetriesPerSecond), got \(minRetriesPerSecond)"
                )
            }
            guard Self.windowRange.contains(window) else {
                throw ConfigurationError.invalid(
                    "window",
                    "must be between \(DurationFormat.format(Self.windowRange.lowerBound)) and "
                        + "\(DurationFormat.format(Self.windowRange.upperBound)), got \(DurationFormat.format(window))"
                )
            }
            if let maxConcurrentRetryPercent {
                try Self.checkPercent(maxConcurrentRetryPercent, path: "maxConcurrentRetryPercent")
            }
            if let minRetryConcurrency, !(0...Int(UInt32.max)).contains(minRetryConcurrency) {
                throw ConfigurationError.invalid(
                    "minRetryConcurrency",
                    "must be in 0...\(UInt32.max), got \(minRetryConcurrency)"
                )
            }
            self.isEnabled = true
            self.retryPercent = retryPercent
            self.minRetriesPerSecond = minRetriesPerSecond
            self.window = window
            self.maxConcurrentRetryPercent = maxConcurrentRetryPercent
            self.minRetryConcurrency = minRetryConcurrency
        }

        private init(disabled: Void) {
            self.isEnabled = false
            self.retryPercent = 20
            self.minRetriesPerSecond = 10
            self.window = .seconds(10)
            self.maxConcurrentRetryPercent = nil
            self.minRetryConcurrency = nil
        }

        /// 20 % of the requests of the last 10 s plus 10 retries per second; no in-flight cap.
        public static var defaults: Budget {
            // The arguments are valid.
            try! Budget()
        }

        /// No budget: only ``RetryPolicy/attempts`` limits retries.
        public static let disabled = Budget(disabled: ())

        /// Whether the budget includes Envoy's cap on retries in flight.
        public var hasConcurrencyCap: Bool {
            self.maxConcurrentRetryPercent != nil || self.minRetryConcurrency != nil
        }

        /// A new budget as this configuration describes: ``UnlimitedRetryBudget`` when disabled, a
        /// ``WindowedRetryBudget``, or a ``CombinedRetryBudget`` of a ``ConcurrentRetryBudget`` and a
        /// windowed one when an in-flight cap is configured.
        ///
        /// Each call creates a new, independent budget: call it once per scope that should share one
        /// (a route, for example) and keep the result.
        public func makeBudget() -> any RetryBudget {
            guard self.isEnabled else { return UnlimitedRetryBudget() }
            let windowed = WindowedRetryBudget(
                retryPercent: self.retryPercent,
                minRetriesPerSecond: self.minRetriesPerSecond,
                window: self.window
            )
            guard self.hasConcurrencyCap else { return windowed }
            let concurrent = ConcurrentRetryBudget(
                budgetPercent: self.maxConcurrentRetryPercent ?? 20,
                minRetryConcurrency: UInt32(clamping: self.minRetryConcurrency ?? 3)
            )
            return CombinedRetryBudget([concurrent, windowed])
        }

        private static func checkPercent(_ value: Double, path: String) throws {
            guard value.isFinite, (0...100).contains(value) else {
                throw ConfigurationError.invalid(path, "must be a percentage in 0...100, got \(value)")
            }
        }
    }
}
