import EdgeRouting
import Testing

@Suite struct HealthCheckSettingsTests {
    static let bookinfo = try! Hostname("bookinfo.tse.tetratelabs.io")

    @Test func defaultsProbeEjectedEndpointsWithoutRamps() {
        let settings = HealthCheckSettings.defaults
        #expect(settings.defaultConfiguration == .defaults && settings.hostnames.isEmpty)
        #expect(settings.failback == nil && settings.slowStart == nil)
        #expect(settings.configuration(forHostname: Self.bookinfo) == .defaults)
    }

    /// An override names only what differs from the destination default.
    @Test func overridesAreDecodedOverTheDefault() throws {
        let settings = try HealthCheckCoding.decode(
            HealthCheckSettings.self,
            """
            {
              "default": { "interval": "2s", "unhealthyInterval": "500ms", "http": { "host": "health.internal" } },
              "hostnames": {
                "BookInfo.tse.tetratelabs.io": { "http": { "path": "/productpage" }, "healthyThreshold": 3 },
                "*.example.com": { "scope": "all", "unhealthyInterval": null, "http": { "host": null } }
              },
              "failback": { "window": "10s" },
              "slowStart": { "window": "30s", "aggression": 2 }
            }
            """
        )
        #expect(settings.defaultConfiguration.interval == .seconds(2))
        let bookinfo = settings.configuration(forHostname: Self.bookinfo)
        #expect(bookinfo.interval == .seconds(2) && bookinfo.unhealthyInterval == .milliseconds(500))
        #expect(bookinfo.healthyThreshold == 3 && bookinfo.http.path == "/productpage")
        #expect(bookinfo.http.host == "health.internal")
        let wildcard = settings.configuration(forHostname: try Hostname("*.example.com"))
        #expect(wildcard.scope == .allEndpoints && wildcard.unhealthyInterval == nil && wildcard.http.host == nil)
        #expect(settings.configuration(forHostname: try Hostname("other.example.com")) == settings.defaultConfiguration)
        #expect(settings.failback == .defaults)
        #expect(settings.slowStart == (try SlowStartConfiguration(window: .seconds(30), aggression: 2)))
        #expect(try HealthCheckCoding.roundTrip(settings) == settings)
    }

    @Test(arguments: [
        (#"{"hostnames": {"bad host": {}}}"#, #"hostnames["bad host"]"#, ConfigurationError.Code.invalidValue),
        (
            #"{"hostnames": {"a.example.com": {"interval": "0s"}}}"#, #"hostnames["a.example.com"].interval"#,
            .invalidValue
        ),
        (
            #"{"hostnames": {"a.example.com": {}, "A.example.com": {}}}"#, #"hostnames["a.example.com"]"#,
            .duplicateEntry
        ),
        (#"{"default": {"healthyThreshold": 0}}"#, "default.healthyThreshold", .invalidValue),
        (#"{"failback": {"window": "0s"}}"#, "failback.window", .invalidValue),
        (#"{"slowStart": {"aggression": "fast"}}"#, "slowStart.aggression", .malformedDocument),
        (#"{"defaults": {}}"#, "defaults", .unknownField),
        (#"{"hostnames": []}"#, "hostnames", .malformedDocument),
    ])
    func invalidSettingsAreRejectedAtTheirField(json: String, path: String, code: ConfigurationError.Code) throws {
        let error = try #require(HealthCheckCoding.rejection(HealthCheckSettings.self, json))
        #expect(error.path == path)
        #expect(error.code == code)
    }

    /// The router settings file carries the settings under `healthChecks`; absent, they are the defaults.
    @Test func routerConfigurationCarriesTheSettings() throws {
        let absent = try HealthCheckCoding.decode(EdgeRouterConfiguration.self, "{}")
        #expect(absent.healthChecks == .defaults)
        let configuration = try HealthCheckCoding.decode(
            EdgeRouterConfiguration.self,
            #"{"healthChecks": {"default": {"scope": "all"}, "failback": {"window": "5s"}}}"#
        )
        #expect(configuration.healthChecks.defaultConfiguration.scope == .allEndpoints)
        #expect(configuration.healthChecks.failback?.window == .seconds(5))
        let again = try HealthCheckCoding.roundTrip(configuration)
        #expect(again.healthChecks == configuration.healthChecks)
        let error = try #require(
            HealthCheckCoding.rejection(
                EdgeRouterConfiguration.self,
                #"{"healthChecks": {"default": {"timeout": "0s"}}}"#
            )
        )
        #expect(error.path == "healthChecks.default.timeout")
        #expect(
            EdgeRouterConfiguration(healthChecks: HealthCheckSettings(failback: .defaults)).healthChecks.failback
                == .defaults
        )
    }
}
