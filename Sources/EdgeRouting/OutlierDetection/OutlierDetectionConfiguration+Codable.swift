extension OutlierDetectionConfiguration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case consecutive5xx
        case consecutiveGatewayFailure
        case consecutiveLocalOriginFailure
        case enforcingConsecutive5xx
        case enforcingConsecutiveGatewayFailure
        case enforcingConsecutiveLocalOriginFailure
        case splitExternalLocalOriginErrors
        case interval
        case baseEjectionTime
        case maxEjectionTime
        case maxEjectionTimeJitter
        case maxEjectionPercent
        case alwaysEjectOneEndpoint
        case successRateMinimumHosts
        case successRateRequestVolume
        case successRateStdevFactor
        case enforcingSuccessRate
        case enforcingLocalOriginSuccessRate
        case failurePercentageThreshold
        case enforcingFailurePercentage
        case enforcingFailurePercentageLocalOrigin
        case failurePercentageMinimumHosts
        case failurePercentageRequestVolume
    }

    /// Decodes and validates a configuration; absent fields take their default values.
    ///
    /// Durations are text (`"30s"`, `"250ms"`). Unknown fields are rejected. An absent
    /// `maxEjectionTime` is 300 s, or `baseEjectionTime` when that is longer (Envoy's rule).
    ///
    /// - Parameter decoder: Any decoder (JSON, YAML, …).
    /// - Throws: ``ConfigurationError`` naming the offending field, for example
    ///   `outlierDetection.baseEjectionTime`.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var result = OutlierDetectionConfiguration.defaults
            func int(_ key: CodingKeys, _ value: inout Int) throws {
                do {
                    if let decoded = try container.decodeIfPresent(Int.self, forKey: key) {
                        value = decoded
                    }
                } catch {
                    // Some decoders (Foundation's JSONDecoder on Linux) report a fractional number as
                    // an invalid document without a path, through an internal error; name the field.
                    guard let number = try? container.decodeIfPresent(Double.self, forKey: key) else { throw error }
                    throw ConfigurationError(
                        code: .malformedDocument,
                        path: FieldPath.render(container.codingPath + [key]),
                        message: "expected a whole number, got \(number)",
                        cause: error
                    )
                }
            }
            func bool(_ key: CodingKeys, _ value: inout Bool) throws {
                if let decoded = try container.decodeIfPresent(Bool.self, forKey: key) {
                    value = decoded
                }
            }
            try int(.consecutive5xx, &result.consecutive5xx)
            try int(.consecutiveGatewayFailure, &result.consecutiveGatewayFailure)
            try int(.consecutiveLocalOriginFailure, &result.consecutiveLocalOriginFailure)
            try int(.enforcingConsecutive5xx, &result.enforcingConsecutive5xx)
            try int(.enforcingConsecutiveGatewayFailure, &result.enforcingConsecutiveGatewayFailure)
            try int(.enforcingConsecutiveLocalOriginFailure, &result.enforcingConsecutiveLocalOriginFailure)
            try bool(.splitExternalLocalOriginErrors, &result.splitExternalLocalOriginErrors)
            result.interval = try container.decodeDuration(forKey: .interval) ?? result.interval
            result.baseEjectionTime = try container.decodeDuration(forKey: .baseEjectionTime) ?? result.baseEjectionTime
            result.maxEjectionTime =
                try container.decodeDuration(forKey: .maxEjectionTime)
                ?? Self.defaultMaxEjectionTime(base: result.baseEjectionTime)
            result.maxEjectionTimeJitter =
                try container.decodeDuration(forKey: .maxEjectionTimeJitter) ?? result.maxEjectionTimeJitter
            try int(.maxEjectionPercent, &result.maxEjectionPercent)
            try bool(.alwaysEjectOneEndpoint, &result.alwaysEjectOneEndpoint)
            try int(.successRateMinimumHosts, &result.successRateMinimumHosts)
            try int(.successRateRequestVolume, &result.successRateRequestVolume)
            try int(.successRateStdevFactor, &result.successRateStdevFactor)
            try int(.enforcingSuccessRate, &result.enforcingSuccessRate)
            try int(.enforcingLocalOriginSuccessRate, &result.enforcingLocalOriginSuccessRate)
            try int(.failurePercentageThreshold, &result.failurePercentageThreshold)
            try int(.enforcingFailurePercentage, &result.enforcingFailurePercentage)
            try int(.enforcingFailurePercentageLocalOrigin, &result.enforcingFailurePercentageLocalOrigin)
            try int(.failurePercentageMinimumHosts, &result.failurePercentageMinimumHosts)
            try int(.failurePercentageRequestVolume, &result.failurePercentageRequestVolume)
            try decoder.validating { try result.validate() }
            self = result
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes every field, durations as text (`"30s"`), so that decoding gives back an equal value.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.consecutive5xx, forKey: .consecutive5xx)
        try container.encode(self.consecutiveGatewayFailure, forKey: .consecutiveGatewayFailure)
        try container.encode(self.consecutiveLocalOriginFailure, forKey: .consecutiveLocalOriginFailure)
        try container.encode(self.enforcingConsecutive5xx, forKey: .enforcingConsecutive5xx)
        try container.encode(self.enforcingConsecutiveGatewayFailure, forKey: .enforcingConsecutiveGatewayFailure)
        try container.encode(
            self.enforcingConsecutiveLocalOriginFailure,
            forKey: .enforcingConsecutiveLocalOriginFailure
        )
        try container.encode(self.splitExternalLocalOriginErrors, forKey: .splitExternalLocalOriginErrors)
        try container.encodeDuration(self.interval, forKey: .interval)
        try container.encodeDuration(self.baseEjectionTime, forKey: .baseEjectionTime)
        try container.encodeDuration(self.maxEjectionTime, forKey: .maxEjectionTime)
        try container.encodeDuration(self.maxEjectionTimeJitter, forKey: .maxEjectionTimeJitter)
        try container.encode(self.maxEjectionPercent, forKey: .maxEjectionPercent)
        try container.encode(self.alwaysEjectOneEndpoint, forKey: .alwaysEjectOneEndpoint)
        try container.encode(self.successRateMinimumHosts, forKey: .successRateMinimumHosts)
        try container.encode(self.successRateRequestVolume, forKey: .successRateRequestVolume)
        try container.encode(self.successRateStdevFactor, forKey: .successRateStdevFactor)
        try container.encode(self.enforcingSuccessRate, forKey: .enforcingSuccessRate)
        try container.encode(self.enforcingLocalOriginSuccessRate, forKey: .enforcingLocalOriginSuccessRate)
        try container.encode(self.failurePercentageThreshold, forKey: .failurePercentageThreshold)
        try container.encode(self.enforcingFailurePercentage, forKey: .enforcingFailurePercentage)
        try container.encode(
            self.enforcingFailurePercentageLocalOrigin,
            forKey: .enforcingFailurePercentageLocalOrigin
        )
        try container.encode(self.failurePercentageMinimumHosts, forKey: .failurePercentageMinimumHosts)
        try container.encode(self.failurePercentageRequestVolume, forKey: .failurePercentageRequestVolume)
    }
}
