// Strict `Codable` for the retry policy and its parts. Decoding validates through the public
// initialisers, so a document is held to the same rules as code, and every error names its field.

extension RetryPolicy: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case attempts
        case retryOn
        case retriableStatusCodes
        case perTryTimeout
        case backoff
        case rateLimitedBackoff
        case retryTarget
        case budget
    }

    /// Decodes and validates a policy; absent fields take their defaults.
    ///
    /// `retryOn` is Istio's text form; when present it replaces the default conditions and codes, as
    /// in Istio, and `retriableStatusCodes` adds codes to it (or to the default 503).
    ///
    /// - Parameter decoder: Any decoder (JSON, YAML, …).
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? 2
            let extraCodes = try container.decodeIfPresent([Int].self, forKey: .retriableStatusCodes) ?? []
            for (index, code) in extraCodes.enumerated() where !HTTPStatusCodeSet.range.contains(code) {
                throw ConfigurationError.invalid(
                    FieldPath.render(container.codingPath + [CodingKeys.retriableStatusCodes], FieldPath.index(index)),
                    "status code must be in 100...599, got \(code)"
                )
            }
            var conditions = RetryConditions.defaults
            var codes = HTTPStatusCodeSet([503])
            if let text = try container.decodeIfPresent(String.self, forKey: .retryOn) {
                do {
                    (conditions, codes) = try RetryConditions.parse(text)
                } catch let error as ConfigurationError {
                    throw error.prefixed(by: FieldPath.render(container.codingPath + [CodingKeys.retryOn]))
                }
            }
            for code in extraCodes {
                codes.insert(code)
            }
            let target = try container.decodeNamed(
                "retry target",
                forKey: .retryTarget,
                among: RetryTarget.all,
                parse: RetryTarget.init(name:)
            )
            let perTryTimeout = try container.decodeDuration(forKey: .perTryTimeout)
            let backoff = try container.decodeIfPresent(Backoff.self, forKey: .backoff) ?? .defaults
            let rateLimited = try container.decodeIfPresent(RateLimitedBackoff.self, forKey: .rateLimitedBackoff)
            let budget = try container.decodeIfPresent(Budget.self, forKey: .budget) ?? .defaults
            self = try decoder.validating {
                try RetryPolicy(
                    attempts: attempts,
                    retryOn: conditions,
                    retriableStatusCodes: codes.sorted,
                    perTryTimeout: perTryTimeout,
                    backoff: backoff,
                    rateLimitedBackoff: rateLimited,
                    retryTarget: target ?? .differentCluster,
                    budget: budget
                )
            }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes every field; conditions and codes are written together as `retryOn` text
    /// (`connect-failure,refused-stream,reset,503`), which decodes back to the same policy.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.attempts, forKey: .attempts)
        try container.encode(self.retryOnText, forKey: .retryOn)
        if let perTryTimeout = self.perTryTimeout {
            try container.encodeDuration(perTryTimeout, forKey: .perTryTimeout)
        }
        try container.encode(self.backoff, forKey: .backoff)
        try container.encodeIfPresent(self.rateLimitedBackoff, forKey: .rateLimitedBackoff)
        try container.encode(self.retryTarget.description, forKey: .retryTarget)
        try container.encode(self.budget, forKey: .budget)
    }
}

extension RetryPolicy.Backoff: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case baseInterval
        case maxInterval
        case strategy
    }

    /// Decodes and validates a back-off configuration; absent fields take their defaults.
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let base = try container.decodeDuration(forKey: .baseInterval) ?? .milliseconds(25)
            let maximum = try container.decodeDuration(forKey: .maxInterval)
            let strategy =
                try container.decodeNamed(
                    "back-off strategy",
                    forKey: .strategy,
                    among: Strategy.all,
                    parse: Strategy.init(name:)
                ) ?? .jitteredExponential
            self = try decoder.validating {
                try RetryPolicy.Backoff(baseInterval: base, maxInterval: maximum, strategy: strategy)
            }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes every field, durations as text (`"25ms"`).
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeDuration(self.baseInterval, forKey: .baseInterval)
        try container.encodeDuration(self.maxInterval, forKey: .maxInterval)
        try container.encode(self.strategy.description, forKey: .strategy)
    }
}

extension RetryPolicy.RateLimitedBackoff: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case resetHeaders
        case maxInterval
    }

    /// Decodes and validates the configuration; `resetHeaders` is required.
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let headers = try container.decode([RetryPolicy.ResetHeader].self, forKey: .resetHeaders)
            let maximum = try container.decodeDuration(forKey: .maxInterval) ?? .seconds(300)
            self = try decoder.validating {
                try RetryPolicy.RateLimitedBackoff(resetHeaders: headers, maxInterval: maximum)
            }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes every field.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.resetHeaders, forKey: .resetHeaders)
        try container.encodeDuration(self.maxInterval, forKey: .maxInterval)
    }
}

extension RetryPolicy.ResetHeader: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case format
    }

    /// Decodes and validates a reset header; `name` is required, `format` defaults to `seconds`.
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let name = try container.decode(String.self, forKey: .name)
            let format =
                try container.decodeNamed(
                    "reset header format",
                    forKey: .format,
                    among: Format.all,
                    parse: Format.init(name:)
                ) ?? .seconds
            self = try decoder.validating { try RetryPolicy.ResetHeader(name: name, format: format) }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes the name (lower case) and the format.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.format.description, forKey: .format)
    }
}

extension RetryPolicy.Budget: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case retryPercent
        case minRetriesPerSecond
        case window
        case maxConcurrentRetryPercent
        case minRetryConcurrency
    }

    /// Decodes and validates a budget; absent fields take their defaults. `enabled: false` disables the
    /// budget and cannot be combined with any other field.
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if try container.decodeIfPresent(Bool.self, forKey: .enabled) == false {
                if let other = CodingKeys.allCases.first(where: { $0 != .enabled && container.contains($0) }) {
                    throw ConfigurationError(
                        code: .conflictingFields,
                        path: FieldPath.render(container.codingPath + [other]),
                        message: "cannot be set when the budget is disabled (enabled: false)"
                    )
                }
                self = .disabled
                return
            }
            let percent = try container.decodeIfPresent(Double.self, forKey: .retryPercent) ?? 20
            let perSecond = try container.decodeIfPresent(Int.self, forKey: .minRetriesPerSecond) ?? 10
            let window = try container.decodeDuration(forKey: .window) ?? .seconds(10)
            let concurrentPercent = try container.decodeIfPresent(Double.self, forKey: .maxConcurrentRetryPercent)
            let concurrency = try container.decodeIfPresent(Int.self, forKey: .minRetryConcurrency)
            self = try decoder.validating {
                try RetryPolicy.Budget(
                    retryPercent: percent,
                    minRetriesPerSecond: perSecond,
                    window: window,
                    maxConcurrentRetryPercent: concurrentPercent,
                    minRetryConcurrency: concurrency
                )
            }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes `{"enabled": false}` for a disabled budget, otherwise every set field.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        guard self.isEnabled else {
            try container.encode(false, forKey: .enabled)
            return
        }
        try container.encode(self.retryPercent, forKey: .retryPercent)
        try container.encode(self.minRetriesPerSecond, forKey: .minRetriesPerSecond)
        try container.encodeDuration(self.window, forKey: .window)
        try container.encodeIfPresent(self.maxConcurrentRetryPercent, forKey: .maxConcurrentRetryPercent)
        try container.encodeIfPresent(self.minRetryConcurrency, forKey: .minRetryConcurrency)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional value written by name (`differentCluster`, `equalJitter`); an unknown name
    /// is an error at the field that lists the known ones.
    fileprivate func decodeNamed<Value: CustomStringConvertible>(
        _ what: String,
        forKey key: Key,
        among all: [Value],
        parse: (String) -> Value?
    ) throws -> Value? {
        guard let name = try self.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = parse(name) else {
            throw ConfigurationError.invalid(
                FieldPath.render(self.codingPath + [key]),
                "unknown \(what) '\(name)'; expected one of: " + all.map(\.description).joined(separator: ", ")
            )
        }
        return value
    }
}
