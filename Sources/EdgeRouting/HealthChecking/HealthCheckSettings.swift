/// Health checking and failback for every destination of a router: a default probe configuration,
/// per-hostname overrides, and the two ramps of returning traffic (both off by default).
///
/// A destination takes the configuration of the hostname its route serves (the server's `hostname` as
/// written in the Gateway, wildcards included), or the default. An override in a document names only
/// what differs from the default:
///
/// ```json
/// { "healthChecks": {
///     "default": { "interval": "1s", "healthyThreshold": 2, "unhealthyThreshold": 2 },
///     "hostnames": { "bookinfo.tse.tetratelabs.io": { "http": { "path": "/productpage" } } },
///     "failback": { "window": "10s" },
///     "slowStart": { "window": "30s", "aggression": 2 } } }
/// ```
public struct HealthCheckSettings: Hashable, Sendable {
    /// The configuration of destinations whose hostname has no override.
    public var defaultConfiguration: HealthCheckConfiguration
    /// Per-hostname configurations.
    public var hostnames: [Hostname: HealthCheckConfiguration]
    /// Gradual failback across tiers (``GradualFailback``); `nil` (the default) moves traffic back at
    /// once, as Envoy does.
    public var failback: SlowStartConfiguration?
    /// Envoy's slow start within a tier, for round robin and least request (``SlowStart``); `nil` (the
    /// default) turns it off, as in Envoy.
    public var slowStart: SlowStartConfiguration?

    /// Issue 15's probes of ejected endpoints for every destination; no failback ramp, no slow start.
    public static var defaults: HealthCheckSettings {
        HealthCheckSettings()
    }

    /// Creates settings.
    ///
    /// - Parameters:
    ///   - defaultConfiguration: The configuration of destinations without an override.
    ///   - hostnames: Per-hostname configurations.
    ///   - failback: The failback ramp, or `nil` for none.
    ///   - slowStart: The slow-start ramp, or `nil` for none.
    public init(
        defaultConfiguration: HealthCheckConfiguration = .defaults,
        hostnames: [Hostname: HealthCheckConfiguration] = [:],
        failback: SlowStartConfiguration? = nil,
        slowStart: SlowStartConfiguration? = nil
    ) {
        self.defaultConfiguration = defaultConfiguration
        self.hostnames = hostnames
        self.failback = failback
        self.slowStart = slowStart
    }

    /// The configuration of a destination whose route serves `hostname`.
    ///
    /// - Parameter hostname: The server's hostname, as written in the Gateway.
    /// - Returns: Its override, or the default.
    public func configuration(forHostname hostname: Hostname) -> HealthCheckConfiguration {
        self.hostnames[hostname] ?? self.defaultConfiguration
    }
}

extension HealthCheckSettings: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case `default`
        case hostnames
        case failback
        case slowStart
    }

    /// Decodes and validates settings; absent fields take their defaults. Each override is decoded over
    /// `default`; its key must be a valid hostname (normalised, so two spellings of one name collide).
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field, for example
    ///   `healthChecks.hostnames["bookinfo.tse.tetratelabs.io"].interval`.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var result = HealthCheckSettings()
            if container.contains(.default) {
                result.defaultConfiguration = try container.decode(HealthCheckConfiguration.self, forKey: .default)
            }
            if container.contains(.hostnames) {
                result.hostnames = try Self.decodeHostnames(
                    container.superDecoder(forKey: .hostnames),
                    base: result.defaultConfiguration
                )
            }
            result.failback = try container.decodeIfPresent(SlowStartConfiguration.self, forKey: .failback)
            result.slowStart = try container.decodeIfPresent(SlowStartConfiguration.self, forKey: .slowStart)
            self = result
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    private static func decodeHostnames(
        _ decoder: any Decoder,
        base: HealthCheckConfiguration
    ) throws -> [Hostname: HealthCheckConfiguration] {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var result: [Hostname: HealthCheckConfiguration] = [:]
        // Sorted so that the first error reported does not depend on hashing order.
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            let path = FieldPath.render(container.codingPath + [key])
            let hostname: Hostname
            do {
                hostname = try Hostname(key.stringValue)
            } catch let error as ConfigurationError {
                throw error.prefixed(by: path)
            }
            if result[hostname] != nil {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path,
                    message: "hostname \(hostname) has more than one health-check configuration"
                )
            }
            result[hostname] = try HealthCheckConfiguration(from: container.superDecoder(forKey: key), base: base)
        }
        return result
    }

    /// Encodes every field: the default in full, each override in full (unset fields as `null`, so that
    /// decoding it over the default gives it back), the ramps when set.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.defaultConfiguration, forKey: .default)
        var hostnames = container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .hostnames)
        for (hostname, configuration) in self.hostnames.sorted(by: { $0.key < $1.key }) {
            try configuration.encode(
                to: hostnames.superEncoder(forKey: AnyCodingKey(hostname.value)),
                writingNulls: true
            )
        }
        try container.encodeIfPresent(self.failback, forKey: .failback)
        try container.encodeIfPresent(self.slowStart, forKey: .slowStart)
    }
}
