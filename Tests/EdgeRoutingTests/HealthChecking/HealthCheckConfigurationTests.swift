import EdgeRouting
import Foundation
import Testing

/// Decoding and encoding helpers for the health-checking configuration tests.
enum HealthCheckCoding {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try self.decode(T.self, self.encode(value))
    }

    /// The error a document is rejected with, or `nil` if it is accepted.
    static func rejection<T: Decodable>(_ type: T.Type, _ json: String) -> ConfigurationError? {
        do {
            _ = try self.decode(type, json)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return ConfigurationError(code: .malformedDocument, path: "?", message: "\(error)")
        }
    }
}

@Suite struct HealthCheckConfigurationTests {
    @Test func defaultsAreIssue15s() throws {
        let configuration = HealthCheckConfiguration.defaults
        #expect(configuration.scope == .ejectedEndpoints)
        #expect(configuration.timeout == .seconds(1))
        #expect(configuration.interval == .seconds(1))
        #expect(configuration.effectiveUnhealthyInterval == .seconds(1))
        #expect(configuration.healthyThreshold == 2 && configuration.unhealthyThreshold == 2)
        #expect(configuration.initialJitter == .zero && configuration.intervalJitter == .zero)
        #expect(configuration.intervalJitterPercent == 0)
        #expect(configuration.initialHealth == .unhealthy)
        #expect(configuration.http.path == "/" && configuration.http.method == "GET" && configuration.http.host == nil)
        #expect(configuration.http.expectedStatuses == [try HTTPStatusRange(start: 100, end: 500)])
        #expect(configuration.http.retriableStatuses.isEmpty)
        #expect(
            configuration.http.hostHeader(forRouteHostname: "bookinfo.tse.tetratelabs.io")
                == "bookinfo.tse.tetratelabs.io"
        )
    }

    @Test func emptyDocumentIsTheDefaults() throws {
        #expect(try HealthCheckCoding.decode(HealthCheckConfiguration.self, "{}") == .defaults)
        #expect(try HealthCheckConfiguration() == .defaults)
    }

    /// Envoy's defaults for unset intervals: unhealthy = interval, unhealthy edge = unhealthy, healthy
    /// edge = interval, no traffic = 60 s, no-traffic healthy = no traffic.
    @Test func unsetIntervalsFollowEnvoysDefaults() throws {
        var configuration = try HealthCheckConfiguration(interval: .seconds(5))
        #expect(configuration.effectiveUnhealthyInterval == .seconds(5))
        #expect(configuration.effectiveUnhealthyEdgeInterval == .seconds(5))
        #expect(configuration.effectiveHealthyEdgeInterval == .seconds(5))
        #expect(configuration.effectiveNoTrafficInterval == .seconds(60))
        #expect(configuration.effectiveNoTrafficHealthyInterval == .seconds(60))
        configuration.unhealthyInterval = .seconds(2)
        configuration.noTrafficInterval = .seconds(30)
        #expect(configuration.effectiveUnhealthyEdgeInterval == .seconds(2))
        #expect(configuration.effectiveHealthyEdgeInterval == .seconds(5))
        #expect(configuration.effectiveNoTrafficHealthyInterval == .seconds(30))
    }

    @Test func fullDocument() throws {
        let configuration = try HealthCheckCoding.decode(
            HealthCheckConfiguration.self,
            """
            {
              "scope": "all", "timeout": "500ms", "interval": "5s", "initialJitter": "1s",
              "intervalJitter": "100ms", "intervalJitterPercent": 10,
              "unhealthyThreshold": 3, "healthyThreshold": 1,
              "unhealthyInterval": "1s", "unhealthyEdgeInterval": "250ms", "healthyEdgeInterval": "500ms",
              "noTrafficInterval": "30s", "noTrafficHealthyInterval": "2m", "initialHealth": "excluded",
              "http": {
                "path": "/healthz", "host": "health.example.com:8080", "method": "HEAD",
                "expectedStatuses": [{ "start": 200, "end": 300 }],
                "retriableStatuses": [{ "start": 503, "end": 504 }]
              }
            }
            """
        )
        #expect(configuration.scope == .allEndpoints)
        #expect(configuration.timeout == .milliseconds(500) && configuration.interval == .seconds(5))
        #expect(configuration.initialJitter == .seconds(1) && configuration.intervalJitter == .milliseconds(100))
        #expect(configuration.intervalJitterPercent == 10)
        #expect(configuration.unhealthyThreshold == 3 && configuration.healthyThreshold == 1)
        #expect(configuration.unhealthyInterval == .seconds(1))
        #expect(configuration.unhealthyEdgeInterval == .milliseconds(250))
        #expect(configuration.healthyEdgeInterval == .milliseconds(500))
        #expect(
            configuration.noTrafficInterval == .seconds(30) && configuration.noTrafficHealthyInterval == .seconds(120)
        )
        #expect(configuration.initialHealth == .excluded)
        #expect(configuration.http.path == "/healthz" && configuration.http.method == "HEAD")
        #expect(configuration.http.hostHeader(forRouteHostname: "bookinfo.example.com") == "health.example.com:8080")
        #expect(configuration.http.expectedStatuses == [try HTTPStatusRange(start: 200, end: 300)])
        #expect(configuration.http.retriableStatuses == [try HTTPStatusRange(start: 503, end: 504)])
        #expect(try HealthCheckCoding.roundTrip(configuration) == configuration)
    }

    @Test func encodingWritesDurationsAsTextAndLeavesUnsetIntervalsOut() throws {
        let text = try HealthCheckCoding.encode(HealthCheckConfiguration.defaults)
        #expect(
            text
                == #"{"healthyThreshold":2,"http":{"expectedStatuses":[{"end":500,"start":100}],"method":"GET","path":"\/","#
                + #""retriableStatuses":[]},"initialHealth":"unhealthy","initialJitter":"0s","interval":"1s","#
                + #""intervalJitter":"0s","intervalJitterPercent":0,"scope":"ejected","timeout":"1s","unhealthyThreshold":2}"#
        )
        #expect(try HealthCheckCoding.roundTrip(HealthCheckConfiguration.defaults) == .defaults)
    }

    @Test(
        arguments: [
            (#"{"interval": "0s"}"#, "interval", "must be a positive duration, got 0s"),
            (#"{"timeout": "-1s"}"#, "timeout", #"expected a duration such as "30s" or "250ms", got "-1s""#),
            (#"{"interval": 1}"#, "interval", nil),
            (#"{"unhealthyInterval": "0ms"}"#, "unhealthyInterval", "must be a positive duration, got 0s"),
            (#"{"noTrafficHealthyInterval": "soon"}"#, "noTrafficHealthyInterval", nil),
            (
                #"{"healthyThreshold": 0}"#, "healthyThreshold",
                "healthyThreshold must be a whole number in 1...4294967295, got 0"
            ),
            (#"{"unhealthyThreshold": 1.5}"#, "unhealthyThreshold", nil),
            (#"{"intervalJitterPercent": 101}"#, "intervalJitterPercent", nil),
            (#"{"scope": "some"}"#, "scope", #"unknown scope "some"; expected one of: off, ejected, all"#),
            (#"{"initialHealth": "maybe"}"#, "initialHealth", nil),
            (#"{"intervall": "1s"}"#, "intervall", nil),
            (#"{"http": {"path": "healthz"}}"#, "http.path", #"must start with "/", got "healthz""#),
            (#"{"http": {"path": "/a b"}}"#, "http.path", nil),
            (#"{"http": {"method": "CONNECT"}}"#, "http.method", "CONNECT cannot be used for a probe"),
            (#"{"http": {"method": "G T"}}"#, "http.method", nil),
            (#"{"http": {"host": "*.example.com"}}"#, "http.host", nil),
            (#"{"http": {"host": "example.com:0"}}"#, "http.host", nil),
            (#"{"http": {"host": "exa mple.com"}}"#, "http.host", nil),
            (#"{"http": {"expectedStatuses": []}}"#, "http.expectedStatuses", nil),
            (#"{"http": {"expectedStatuses": [{"start": 200, "end": 200}]}}"#, "http.expectedStatuses[0].end", nil),
            (#"{"http": {"expectedStatuses": [{"start": 99, "end": 200}]}}"#, "http.expectedStatuses[0].start", nil),
            (#"{"http": {"retriableStatuses": [{"start": 500, "end": 601}]}}"#, "http.retriableStatuses[0].end", nil),
            (#"{"http": {"retriableStatuses": [{"start": 500}]}}"#, "http.retriableStatuses[0].end", nil),
            (
                #"{"http": {"expectedStatuses": [{"start": 200, "end": 300, "step": 1}]}}"#,
                "http.expectedStatuses[0].step", nil
            ),
            (#"{"http": {"headers": {}}}"#, "http.headers", nil),
        ] as [(String, String, String?)]
    )
    func invalidDocumentIsRejectedAtItsField(json: String, path: String, message: String?) throws {
        let error = try #require(HealthCheckCoding.rejection(HealthCheckConfiguration.self, json))
        #expect(error.path == path)
        if let message {
            #expect(error.message == message)
        }
    }

    @Test func initialiserValidatesLikeTheDecoder() {
        #expect(throws: ConfigurationError.invalid("timeout", "must be a positive duration, got 0s")) {
            try HealthCheckConfiguration(timeout: .zero)
        }
        #expect(throws: ConfigurationError.self) { try HealthCheckConfiguration(initialJitter: .seconds(-1)) }
        #expect(throws: ConfigurationError.self) { try HealthCheckConfiguration(unhealthyThreshold: -2) }
        #expect(throws: ConfigurationError.self) { try HTTPHealthCheck(expectedStatuses: []) }
        #expect(throws: ConfigurationError.self) { try HTTPStatusRange(start: 600, end: 601) }
    }

    @Test func nullUnsetsAnOptionalInterval() throws {
        let configuration = try HealthCheckCoding.decode(HealthCheckConfiguration.self, #"{"unhealthyInterval": null}"#)
        #expect(configuration.unhealthyInterval == nil)
    }
}

extension ConfigurationError {
    fileprivate static func invalid(_ path: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, path: path, message: message)
    }
}
