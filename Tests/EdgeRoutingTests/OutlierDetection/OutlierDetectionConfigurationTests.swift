import EdgeRouting
import Foundation
import Testing

@Suite struct OutlierDetectionConfigurationTests {
    private struct Wrapper: Decodable {
        var outlierDetection: OutlierDetectionConfiguration
    }

    private func decode(_ json: String) throws -> OutlierDetectionConfiguration {
        try JSONDecoder().decode(Wrapper.self, from: Data(#"{"outlierDetection": \#(json)}"#.utf8)).outlierDetection
    }

    private func error(_ json: String) -> ConfigurationError? {
        do {
            _ = try self.decode(json)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func defaultsAreEnvoysExceptTheEjectionCap() throws {
        let defaults = OutlierDetectionConfiguration.defaults
        #expect(defaults.consecutive5xx == 5)
        #expect(defaults.consecutiveGatewayFailure == 5)
        #expect(defaults.consecutiveLocalOriginFailure == 5)
        #expect(defaults.enforcingConsecutive5xx == 100)
        #expect(defaults.enforcingConsecutiveGatewayFailure == 0)
        #expect(defaults.enforcingConsecutiveLocalOriginFailure == 100)
        #expect(!defaults.splitExternalLocalOriginErrors)
        #expect(defaults.interval == .seconds(10))
        #expect(defaults.baseEjectionTime == .seconds(30))
        #expect(defaults.maxEjectionTime == .seconds(300))
        #expect(defaults.maxEjectionTimeJitter == .zero)
        #expect(defaults.maxEjectionPercent == 100)
        #expect(defaults.alwaysEjectOneEndpoint)
        #expect(defaults.successRateMinimumHosts == 5)
        #expect(defaults.successRateRequestVolume == 100)
        #expect(defaults.successRateStdevFactor == 1900)
        #expect(defaults.enforcingSuccessRate == 100)
        #expect(defaults.enforcingLocalOriginSuccessRate == 100)
        #expect(defaults.failurePercentageThreshold == 85)
        #expect(defaults.enforcingFailurePercentage == 0)
        #expect(defaults.enforcingFailurePercentageLocalOrigin == 0)
        #expect(defaults.failurePercentageMinimumHosts == 5)
        #expect(defaults.failurePercentageRequestVolume == 50)
        #expect(try OutlierDetectionConfiguration() == defaults)
        #expect(try self.decode("{}") == defaults)
    }

    @Test func jsonRoundTrip() throws {
        let configuration = try OutlierDetectionConfiguration(
            consecutive5xx: 3,
            enforcingConsecutiveGatewayFailure: 100,
            splitExternalLocalOriginErrors: true,
            interval: .milliseconds(2500),
            baseEjectionTime: .seconds(10),
            maxEjectionTime: .seconds(90),
            maxEjectionTimeJitter: .milliseconds(250),
            maxEjectionPercent: 60,
            alwaysEjectOneEndpoint: false,
            successRateStdevFactor: 1500,
            enforcingFailurePercentage: 100
        )
        let data = try JSONEncoder().encode(configuration)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains(#""interval":"2500ms""#))
        #expect(text.contains(#""maxEjectionTimeJitter":"250ms""#))
        #expect(try JSONDecoder().decode(OutlierDetectionConfiguration.self, from: data) == configuration)
        let defaults = try JSONEncoder().encode(OutlierDetectionConfiguration.defaults)
        #expect(try JSONDecoder().decode(OutlierDetectionConfiguration.self, from: defaults) == .defaults)
    }

    @Test func decodesADocument() throws {
        let configuration = try self.decode(
            #"{"consecutive5xx": 3, "baseEjectionTime": "10s", "interval": "1m", "maxEjectionPercent": 50}"#
        )
        #expect(configuration.consecutive5xx == 3)
        #expect(configuration.baseEjectionTime == .seconds(10))
        #expect(configuration.interval == .seconds(60))
        #expect(configuration.maxEjectionPercent == 50)
        #expect(configuration.maxEjectionTime == .seconds(300))
    }

    @Test func absentMaximumFollowsALongerBase() throws {
        #expect(try self.decode(#"{"baseEjectionTime": "10m"}"#).maxEjectionTime == .seconds(600))
    }

    /// One invalid document per validation rule; the error names the field under its parent's path.
    @Test(arguments: [
        (#"{"consecutive5xx": -1}"#, "outlierDetection.consecutive5xx"),
        (#"{"consecutiveGatewayFailure": 4294967296}"#, "outlierDetection.consecutiveGatewayFailure"),
        (#"{"consecutiveLocalOriginFailure": -3}"#, "outlierDetection.consecutiveLocalOriginFailure"),
        (#"{"successRateMinimumHosts": -1}"#, "outlierDetection.successRateMinimumHosts"),
        (#"{"successRateRequestVolume": -1}"#, "outlierDetection.successRateRequestVolume"),
        (#"{"successRateStdevFactor": -1}"#, "outlierDetection.successRateStdevFactor"),
        (#"{"failurePercentageMinimumHosts": -1}"#, "outlierDetection.failurePercentageMinimumHosts"),
        (#"{"failurePercentageRequestVolume": -1}"#, "outlierDetection.failurePercentageRequestVolume"),
        (#"{"enforcingConsecutive5xx": 101}"#, "outlierDetection.enforcingConsecutive5xx"),
        (#"{"enforcingConsecutiveGatewayFailure": -1}"#, "outlierDetection.enforcingConsecutiveGatewayFailure"),
        (
            #"{"enforcingConsecutiveLocalOriginFailure": 200}"#,
            "outlierDetection.enforcingConsecutiveLocalOriginFailure"
        ),
        (#"{"maxEjectionPercent": 101}"#, "outlierDetection.maxEjectionPercent"),
        (#"{"enforcingSuccessRate": 101}"#, "outlierDetection.enforcingSuccessRate"),
        (#"{"enforcingLocalOriginSuccessRate": 101}"#, "outlierDetection.enforcingLocalOriginSuccessRate"),
        (#"{"failurePercentageThreshold": 101}"#, "outlierDetection.failurePercentageThreshold"),
        (#"{"enforcingFailurePercentage": 101}"#, "outlierDetection.enforcingFailurePercentage"),
        (#"{"enforcingFailurePercentageLocalOrigin": 101}"#, "outlierDetection.enforcingFailurePercentageLocalOrigin"),
        (#"{"interval": "0s"}"#, "outlierDetection.interval"),
        (#"{"baseEjectionTime": "0s"}"#, "outlierDetection.baseEjectionTime"),
        (#"{"maxEjectionTime": "0s", "baseEjectionTime": "0s"}"#, "outlierDetection.baseEjectionTime"),
        (#"{"maxEjectionTime": "10s"}"#, "outlierDetection.maxEjectionTime"),
        (#"{"interval": "10"}"#, "outlierDetection.interval"),
        (#"{"maxEjectionTimeJitter": "-1s"}"#, "outlierDetection.maxEjectionTimeJitter"),
    ])
    func rejectsInvalidValues(json: String, path: String) throws {
        let error = try #require(self.error(json))
        #expect(error.path == path)
        #expect(error.code == .invalidValue)
    }

    @Test func rejectsUnknownFields() throws {
        let error = try #require(self.error(#"{"consecutive5XX": 3}"#))
        #expect(error.code == .unknownField)
        #expect(error.path == "outlierDetection.consecutive5XX")
        #expect(error.message.contains("consecutive5xx"))
    }

    @Test(arguments: [
        (#"{"consecutive5xx": "five"}"#, "outlierDetection.consecutive5xx"),
        (#"{"consecutive5xx": 2.5}"#, "outlierDetection.consecutive5xx"),
        (#"{"splitExternalLocalOriginErrors": 1}"#, "outlierDetection.splitExternalLocalOriginErrors"),
        (#"{"interval": 10}"#, "outlierDetection.interval"),
    ])
    func rejectsWrongTypes(json: String, path: String) throws {
        let error = try #require(self.error(json))
        #expect(error.code == .malformedDocument)
        #expect(error.path == path)
    }

    @Test func throwingInitialiserNamesTheField() {
        #expect(
            throws: ConfigurationError(
                code: .invalidValue,
                path: "maxEjectionPercent",
                message: "must be a percentage in 0...100, got 120"
            )
        ) {
            try OutlierDetectionConfiguration(maxEjectionPercent: 120)
        }
        #expect(throws: ConfigurationError.self) {
            try OutlierDetectionConfiguration(baseEjectionTime: .seconds(60), maxEjectionTime: .seconds(30))
        }
        #expect(throws: ConfigurationError.self) {
            try OutlierDetectionConfiguration(interval: .seconds(-1))
        }
    }

    /// A configuration mutated out of range after validation is clamped by the detector, not trapped on.
    @Test func detectorClampsAnInvalidConfiguration() {
        var configuration = OutlierDetectionConfiguration.defaults
        configuration.interval = .zero
        configuration.baseEjectionTime = .seconds(-5)
        configuration.maxEjectionTime = .seconds(-10)
        configuration.maxEjectionPercent = 1000
        configuration.enforcingConsecutive5xx = -20
        configuration.consecutiveGatewayFailure = -1
        configuration.maxEjectionTimeJitter = .seconds(-1)
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        let (detector, _) = OutlierFixture.detector(configuration)
        OutlierFixture.record(.status(503), times: 10, on: detector, endpoint: 0, at: .origin)
        #expect(!detector.isEjected(endpointIndex: 0))  // enforcing clamped to 0
        #expect(detector.advance(to: .origin.advanced(by: .seconds(1))) == false)
        #expect(detector.snapshot().statistics.detected(.consecutive5xx) == 2)
    }
}
