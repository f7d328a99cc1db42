/// A ramp of traffic over a window, with the fields of Envoy's `SlowStartConfig`: for Envoy's
/// per-endpoint slow start (``SlowStart``) and for EdgeRouting's gradual failback across tiers
/// (``GradualFailback``).
///
/// During the window a share grows with the time factor `t = max(elapsed, 1 ms) / window` as
/// `max(minWeightPercent / 100, t^(1 / aggression))`: linear with the default aggression 1, faster at
/// first with a larger one, slower at first with a smaller one. After the window the full share applies.
///
/// ```json
/// { "window": "10s", "aggression": 1.0, "minWeightPercent": 10 }
/// ```
public struct SlowStartConfiguration: Hashable, Sendable {
    /// How long the ramp lasts. Envoy's `slow_start_window`; must be at least 1 ms.
    public var window: Duration
    /// The curve's exponent's reciprocal: the share grows as `t^(1 / aggression)`. Default 1 (linear);
    /// must be positive and finite.
    public var aggression: Double
    /// The smallest share during the window, in percent (`0...100`). Default 10, as in Envoy.
    public var minWeightPercent: Double

    /// A window of 10 s, linear, from 10 %.
    public static var defaults: SlowStartConfiguration {
        SlowStartConfiguration(unchecked: .seconds(10), aggression: 1, minWeightPercent: 10)
    }

    /// Creates a validated configuration.
    ///
    /// - Parameters:
    ///   - window: How long the ramp lasts; at least 1 ms.
    ///   - aggression: The curve's aggression; positive and finite.
    ///   - minWeightPercent: The smallest share, in percent.
    /// - Throws: ``ConfigurationError`` naming the first invalid field.
    public init(window: Duration = .seconds(10), aggression: Double = 1, minWeightPercent: Double = 10) throws {
        self.init(unchecked: window, aggression: aggression, minWeightPercent: minWeightPercent)
        try self.validate()
    }

    private init(unchecked window: Duration, aggression: Double, minWeightPercent: Double) {
        self.window = window
        self.aggression = aggression
        self.minWeightPercent = minWeightPercent
    }

    /// The window in whole milliseconds, as Envoy measures it.
    var windowMilliseconds: Int64 {
        self.window.nanosecondsClamped / 1_000_000
    }

    /// Checks every field.
    ///
    /// Envoy logs an error and uses 1 for an aggression that is not positive; EdgeRouting rejects it.
    ///
    /// - Throws: ``ConfigurationError`` with code ``ConfigurationError/Code-swift.struct/invalidValue``.
    public func validate() throws {
        if self.windowMilliseconds < 1 {
            throw ConfigurationError.invalid(
                "window",
                "must be at least 1ms, got \(DurationFormat.format(self.window))"
            )
        }
        if !(self.aggression > 0) || !self.aggression.isFinite {
            throw ConfigurationError.invalid("aggression", "must be a positive number, got \(self.aggression)")
        }
        if !(0...100).contains(self.minWeightPercent) {
            throw ConfigurationError.invalid(
                "minWeightPercent",
                "must be a percentage in 0...100, got \(self.minWeightPercent)"
            )
        }
    }
}

extension SlowStartConfiguration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case window
        case aggression
        case minWeightPercent
    }

    /// Decodes and validates a configuration; absent fields take their defaults (10 s, 1, 10 %).
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var result = SlowStartConfiguration.defaults
            result.window = try container.decodeDuration(forKey: .window) ?? result.window
            result.aggression = try container.decodeIfPresent(Double.self, forKey: .aggression) ?? result.aggression
            result.minWeightPercent =
                try container.decodeIfPresent(Double.self, forKey: .minWeightPercent) ?? result.minWeightPercent
            try decoder.validating { try result.validate() }
            self = result
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes every field, the window as text (`"10s"`).
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeDuration(self.window, forKey: .window)
        try container.encode(self.aggression, forKey: .aggression)
        try container.encode(self.minWeightPercent, forKey: .minWeightPercent)
    }
}
