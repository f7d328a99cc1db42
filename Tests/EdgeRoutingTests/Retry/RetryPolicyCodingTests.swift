import Foundation
import Testing

@testable import EdgeRouting

@Suite struct RetryPolicyCodingTests {
    struct Route: Decodable {
        var retries: RetryPolicy
    }

    static func decode(_ json: String) throws -> RetryPolicy {
        try JSONDecoder().decode(RetryPolicy.self, from: Data(json.utf8))
    }

    static func roundTrip(_ policy: RetryPolicy) throws -> (RetryPolicy, String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(policy)
        return (try JSONDecoder().decode(RetryPolicy.self, from: data), String(decoding: data, as: UTF8.self))
    }

    @Test func emptyDocumentIsTheDefaults() throws {
        let policy = try Self.decode("{}")
        #expect(policy == RetryPolicy.defaults)
        #expect(policy.attempts == 2)
        #expect(policy.retryOn == [.connectFailure, .refusedStream, .reset, .retriableStatusCodes])
        #expect(policy.retriableStatusCodes == [503])
        #expect(policy.retryOnText == "connect-failure,refused-stream,reset,503")
        #expect(policy.perTryTimeout == nil)
        #expect(policy.backoff.baseInterval == .milliseconds(25) && policy.backoff.maxInterval == .milliseconds(250))
        #expect(policy.backoff.strategy == .jitteredExponential)
        #expect(policy.rateLimitedBackoff == nil)
        #expect(policy.retryTarget == .differentCluster)
        #expect(policy.budget == .defaults && policy.budget.isEnabled && !policy.budget.hasConcurrencyCap)
    }

    @Test func fullDocument() throws {
        let policy = try Self.decode(
            """
            {
              "attempts": 3,
              "retryOn": "gateway-error, connect-failure,429",
              "retriableStatusCodes": [409],
              "perTryTimeout": "2s",
              "backoff": { "baseInterval": "50ms", "strategy": "decorrelated-jitter" },
              "rateLimitedBackoff": {
                "resetHeaders": [{ "name": "Retry-After" }, { "name": "x-ratelimit-reset", "format": "unix-timestamp" }]
              },
              "retryTarget": "different-tier",
              "budget": { "retryPercent": 10, "window": "30s", "minRetryConcurrency": 5 }
            }
            """
        )
        #expect(policy.attempts == 3)
        #expect(policy.retryOn == [.gatewayError, .connectFailure, .retriableStatusCodes])
        #expect(policy.retriableStatusCodes == [409, 429])
        #expect(policy.perTryTimeout == .seconds(2))
        #expect(policy.backoff.maxInterval == .milliseconds(500) && policy.backoff.strategy == .decorrelatedJitter)
        let rateLimited = try #require(policy.rateLimitedBackoff)
        #expect(rateLimited.maxInterval == .seconds(300))
        #expect(rateLimited.resetHeaders.map(\.name) == ["retry-after", "x-ratelimit-reset"])
        #expect(rateLimited.resetHeaders.map(\.format) == [.seconds, .unixTimestamp])
        #expect(policy.retryTarget == .differentTier)
        #expect(policy.budget.retryPercent == 10 && policy.budget.minRetriesPerSecond == 10)
        #expect(policy.budget.window == .seconds(30) && policy.budget.minRetryConcurrency == 5)
    }

    @Test func retryOnReplacesTheDefaultCodesAsInIstio() throws {
        let policy = try Self.decode(#"{"retryOn": "connect-failure"}"#)
        #expect(policy.retryOn == [.connectFailure] && policy.retriableStatusCodes.isEmpty)
        #expect(!policy.isRetriable(.status(503)))
        let extra = try Self.decode(#"{"retriableStatusCodes": [502]}"#)
        #expect(extra.retriableStatusCodes == [502, 503])
        let enabling = try Self.decode(#"{"retryOn": "5xx", "retriableStatusCodes": [429]}"#)
        #expect(enabling.retryOn == [.serverError, .retriableStatusCodes] && enabling.isRetriable(.status(429)))
    }

    @Test(arguments: [
        RetryPolicy.defaults,
        try! RetryPolicy(attempts: 0),
        try! RetryPolicy(
            attempts: 5,
            retryOn: [.serverError, .retriable4xx],
            retriableStatusCodes: [429, 503],
            perTryTimeout: .milliseconds(1500),
            backoff: RetryPolicy.Backoff(
                baseInterval: .milliseconds(10),
                maxInterval: .seconds(1),
                strategy: .equalJitter
            ),
            rateLimitedBackoff: RetryPolicy.RateLimitedBackoff(
                resetHeaders: [
                    RetryPolicy.ResetHeader(name: "Retry-After", format: .seconds),
                    RetryPolicy.ResetHeader(name: "Retry-After", format: .httpDate),
                ],
                maxInterval: .seconds(60)
            ),
            retryTarget: .differentEndpoint,
            budget: RetryPolicy.Budget(
                retryPercent: 12.5,
                minRetriesPerSecond: 0,
                window: .seconds(60),
                maxConcurrentRetryPercent: 25,
                minRetryConcurrency: 1
            )
        ),
        try! RetryPolicy(retryOn: [.retriableStatusCodes], retriableStatusCodes: [], budget: .disabled),
    ])
    func roundTrips(policy: RetryPolicy) throws {
        let (decoded, _) = try Self.roundTrip(policy)
        #expect(decoded == policy)
    }

    @Test func encodesRetryOnAsIstioText() throws {
        let (_, json) = try Self.roundTrip(.defaults)
        #expect(json.contains(#""retryOn":"connect-failure,refused-stream,reset,503""#))
        #expect(
            json.contains(#""backoff":{"baseInterval":"25ms","maxInterval":"250ms","strategy":"jittered-exponential"}"#)
        )
        #expect(json.contains(#""retryTarget":"different-cluster""#))
        let (_, disabled) = try Self.roundTrip(try RetryPolicy(budget: .disabled))
        #expect(disabled.contains(#""budget":{"enabled":false}"#))
    }

    @Test(
        arguments: [
            (#"{"attempts": -1}"#, "attempts", ConfigurationError.Code.invalidValue),
            (#"{"attempts": 101}"#, "attempts", .invalidValue),
            (#"{"attempts": "2"}"#, "attempts", .malformedDocument),
            (#"{"retries": 3}"#, "retries", .unknownField),
            (#"{"retryOn": "connect-failure,bogus"}"#, "retryOn", .invalidValue),
            (#"{"retryOn": "unavailable"}"#, "retryOn", .invalidValue),
            (#"{"retryOn": "600"}"#, "retryOn", .invalidValue),
            (#"{"retryOn": " , "}"#, "retryOn", .invalidValue),
            (#"{"retriableStatusCodes": [503, 99]}"#, "retriableStatusCodes[1]", .invalidValue),
            (#"{"perTryTimeout": "0s"}"#, "perTryTimeout", .invalidValue),
            (#"{"perTryTimeout": "25h"}"#, "perTryTimeout", .invalidValue),
            (#"{"perTryTimeout": "soon"}"#, "perTryTimeout", .invalidValue),
            (#"{"backoff": {"baseInterval": "0s"}}"#, "backoff.baseInterval", .invalidValue),
            (#"{"backoff": {"baseInterval": "100ms", "maxInterval": "50ms"}}"#, "backoff.maxInterval", .invalidValue),
            (#"{"backoff": {"maxInterval": "0s"}}"#, "backoff.maxInterval", .invalidValue),
            (#"{"backoff": {"strategy": "linear"}}"#, "backoff.strategy", .invalidValue),
            (#"{"backoff": {"base": "1s"}}"#, "backoff.base", .unknownField),
            (#"{"rateLimitedBackoff": {}}"#, "rateLimitedBackoff.resetHeaders", .missingField),
            (#"{"rateLimitedBackoff": {"resetHeaders": []}}"#, "rateLimitedBackoff.resetHeaders", .invalidValue),
            (
                #"{"rateLimitedBackoff": {"resetHeaders": [{"name": "retry after"}]}}"#,
                "rateLimitedBackoff.resetHeaders[0].name", .invalidValue
            ),
            (
                #"{"rateLimitedBackoff": {"resetHeaders": [{"name": "a"}, {"name": "b", "format": "minutes"}]}}"#,
                "rateLimitedBackoff.resetHeaders[1].format", .invalidValue
            ),
            (
                #"{"rateLimitedBackoff": {"resetHeaders": [{"name": "Retry-After"}, {"name": "retry-after"}]}}"#,
                "rateLimitedBackoff.resetHeaders[1]", .duplicateEntry
            ),
            (
                #"{"rateLimitedBackoff": {"resetHeaders": [{"name": "a"}], "maxInterval": "0s"}}"#,
                "rateLimitedBackoff.maxInterval", .invalidValue
            ),
            (
                #"{"rateLimitedBackoff": {"resetHeaders": [{"nom": "a"}]}}"#, "rateLimitedBackoff.resetHeaders[0].nom",
                .unknownField
            ),
            (#"{"retryTarget": "anywhere"}"#, "retryTarget", .invalidValue),
            (#"{"budget": {"retryPercent": 101}}"#, "budget.retryPercent", .invalidValue),
            (#"{"budget": {"minRetriesPerSecond": -1}}"#, "budget.minRetriesPerSecond", .invalidValue),
            (#"{"budget": {"window": "500ms"}}"#, "budget.window", .invalidValue),
            (#"{"budget": {"window": "2h"}}"#, "budget.window", .invalidValue),
            (#"{"budget": {"maxConcurrentRetryPercent": -1}}"#, "budget.maxConcurrentRetryPercent", .invalidValue),
            (#"{"budget": {"minRetryConcurrency": -1}}"#, "budget.minRetryConcurrency", .invalidValue),
            (#"{"budget": {"enabled": false, "retryPercent": 10}}"#, "budget.retryPercent", .conflictingFields),
            (#"{"budget": {"percent": 10}}"#, "budget.percent", .unknownField),
        ] as [(String, String, ConfigurationError.Code)]
    )
    func rejectsInvalidDocuments(json: String, path: String, code: ConfigurationError.Code) {
        let error = #expect(throws: ConfigurationError.self) { try Self.decode(json) }
        #expect(error?.path == path)
        #expect(error?.code == code)
        #expect(error?.message.isEmpty == false)
    }

    @Test(arguments: [
        (
            #"{"retryTarget": "anywhere"}"#,
            "unknown retry target 'anywhere'; expected one of: different-endpoint, different-cluster, different-tier"
        ),
        (
            #"{"backoff": {"strategy": "linear"}}"#,
            "unknown back-off strategy 'linear'; expected one of: jittered-exponential, equal-jitter, "
                + "decorrelated-jitter"
        ),
        (
            #"{"rateLimitedBackoff": {"resetHeaders": [{"name": "a", "format": "minutes"}]}}"#,
            "unknown reset header format 'minutes'; expected one of: seconds, unix-timestamp, http-date"
        ),
    ])
    func unknownNamesListTheKnownOnes(json: String, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try Self.decode(json) }
        #expect(error?.message == message)
    }

    @Test func errorPathsIncludeTheEnclosingDocument() {
        let json = #"{"retries": {"backoff": {"baseInterval": "100ms", "maxInterval": "50ms"}}}"#
        let error = #expect(throws: ConfigurationError.self) {
            try JSONDecoder().decode(Route.self, from: Data(json.utf8))
        }
        #expect(error?.path == "retries.backoff.maxInterval")
        #expect(error?.message == "must be greater than or equal to baseInterval (100ms), got 50ms")
    }

    @Test func initialisersValidateLikeDecoding() {
        let attempts = #expect(throws: ConfigurationError.self) { try RetryPolicy(attempts: 101) }
        #expect(attempts?.path == "attempts")
        let codes = #expect(throws: ConfigurationError.self) { try RetryPolicy(retriableStatusCodes: [503, 700]) }
        #expect(codes?.path == "retriableStatusCodes[1]")
        let empty = #expect(throws: ConfigurationError.self) { try RetryPolicy(retryOn: []) }
        #expect(empty?.path == "retryOn")
        let timeout = #expect(throws: ConfigurationError.self) { try RetryPolicy(perTryTimeout: .seconds(-1)) }
        #expect(timeout?.path == "perTryTimeout")
        let percent = #expect(throws: ConfigurationError.self) { try RetryPolicy.Budget(retryPercent: .nan) }
        #expect(percent?.path == "retryPercent")
        let header = #expect(throws: ConfigurationError.self) { try RetryPolicy.ResetHeader(name: "") }
        #expect(header?.path == "name")
        // Envoy compares whole milliseconds: 1.9 ms and 1.2 ms are both 1 ms, so this is accepted.
        #expect(throws: Never.self) {
            try RetryPolicy.Backoff(baseInterval: .microseconds(1900), maxInterval: .microseconds(1200))
        }
    }

    @Test func emptyRetryOnListIsAllowedWhenCodesAreGiven() throws {
        let policy = try RetryPolicy(retryOn: [], retriableStatusCodes: [503])
        #expect(policy.retryOn == [.retriableStatusCodes])
    }
}
