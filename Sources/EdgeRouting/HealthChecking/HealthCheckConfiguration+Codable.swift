extension HealthCheckConfiguration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case scope
        case timeout
        case interval
        case initialJitter
        case intervalJitter
        case intervalJitterPercent
        case unhealthyThreshold
        case healthyThreshold
        case unhealthyInterval
        case unhealthyEdgeInterval
        case healthyEdgeInterval
        case noTrafficInterval
        case noTrafficHealthyInterval
        case initialHealth
        case http
    }

    /// Decodes and validates a configuration whose absent fields take the values of `base`: a
    /// per-hostname override is decoded over the destination default, so it names only what differs.
    ///
    /// An optional interval written as `null` is unset (it takes its Envoy default again).
    ///
    /// - Parameters:
    ///   - decoder: Any decoder.
    ///   - base: The values of absent fields.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    init(from decoder: any Decoder, base: HealthCheckConfiguration) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var result = base
            func duration(_ key: CodingKeys, _ value: inout Duration) throws {
                value = try container.decodeDuration(forKey: key) ?? value
            }
            func optionalDuration(_ key: CodingKeys, _ value: inout Duration?) throws {
                guard container.contains(key) else { return }
                value = try container.decodeNil(forKey: key) ? nil : container.decodeDuration(forKey: key)
            }
            func integer(_ key: CodingKeys, _ value: inout Int, in range: ClosedRange<Int>) throws {
                value = try container.decodeInteger(Int.self, forKey: key, in: range, what: key.stringValue) ?? value
            }
            result.scope =
                try container.decodeNamedValue(HealthCheckScope.self, forKey: .scope, what: "scope") ?? result.scope
            try duration(.timeout, &result.timeout)
            try duration(.interval, &result.interval)
            try duration(.initialJitter, &result.initialJitter)
            try duration(.intervalJitter, &result.intervalJitter)
            try integer(.intervalJitterPercent, &result.intervalJitterPercent, in: 0...100)
            try integer(.unhealthyThreshold, &result.unhealthyThreshold, in: 1...Int(UInt32.max))
            try integer(.healthyThreshold, &result.healthyThreshold, in: 1...Int(UInt32.max))
            try optionalDuration(.unhealthyInterval, &result.unhealthyInterval)
            try optionalDuration(.unhealthyEdgeInterval, &result.unhealthyEdgeInterval)
            try optionalDuration(.healthyEdgeInterval, &result.healthyEdgeInterval)
            try optionalDuration(.noTrafficInterval, &result.noTrafficInterval)
            try optionalDuration(.noTrafficHealthyInterval, &result.noTrafficHealthyInterval)
            result.initialHealth =
                try container.decodeNamedValue(InitialProbeHealth.self, forKey: .initialHealth, what: "initial health")
                ?? result.initialHealth
            if container.contains(.http) {
                result.http = try HTTPHealthCheck(from: container.superDecoder(forKey: .http), base: base.http)
            }
            try decoder.validating { try result.validate() }
            self = result
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Decodes and validates a configuration; absent fields take their defaults
    /// (``HealthCheckConfiguration/defaults``).
    ///
    /// Durations are text (`"1s"`, `"250ms"`), the scope and initial health are names (`"ejected"`,
    /// `"unhealthy"`), and unknown fields are rejected.
    ///
    /// - Parameter decoder: Any decoder (JSON, YAML, …).
    /// - Throws: ``ConfigurationError`` naming the offending field, for example
    ///   `healthChecks.default.unhealthyThreshold`.
    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, base: .defaults)
    }

    /// Encodes every field, durations as text; unset optional intervals are left out, so that decoding
    /// gives back an equal value.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        try self.encode(to: encoder, writingNulls: false)
    }

    /// Encodes every field; with `writingNulls`, unset optional fields are written as `null`, so that
    /// decoding over another configuration (a per-hostname override over the default) gives back an
    /// equal value.
    func encode(to encoder: any Encoder, writingNulls: Bool) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.scope.description, forKey: .scope)
        try container.encodeDuration(self.timeout, forKey: .timeout)
        try container.encodeDuration(self.interval, forKey: .interval)
        try container.encodeDuration(self.initialJitter, forKey: .initialJitter)
        try container.encodeDuration(self.intervalJitter, forKey: .intervalJitter)
        try container.encode(self.intervalJitterPercent, forKey: .intervalJitterPercent)
        try container.encode(self.unhealthyThreshold, forKey: .unhealthyThreshold)
        try container.encode(self.healthyThreshold, forKey: .healthyThreshold)
        let optional: [(CodingKeys, Duration?)] = [
            (.unhealthyInterval, self.unhealthyInterval),
            (.unhealthyEdgeInterval, self.unhealthyEdgeInterval),
            (.healthyEdgeInterval, self.healthyEdgeInterval),
            (.noTrafficInterval, self.noTrafficInterval),
            (.noTrafficHealthyInterval, self.noTrafficHealthyInterval),
        ]
        for (key, value) in optional {
            if let value {
                try container.encodeDuration(value, forKey: key)
            } else if writingNulls {
                try container.encodeNil(forKey: key)
            }
        }
        try container.encode(self.initialHealth.description, forKey: .initialHealth)
        try self.http.encode(to: container.superEncoder(forKey: .http), writingNulls: writingNulls)
    }
}
