import Foundation
import Testing

@testable import EdgeRouting

/// Every validation rule has a failing document whose error names the field.
@Suite struct GatewayValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let code: ConfigurationError.Code
        let path: String
        let messageContains: String
        var testDescription: String { self.fixture }
    }

    private static let destination = "spec.http[0].routing.rules[0].route.clusterDestination"

    static let cases: [Case] = [
        Case(
            fixture: "mixed-weights",
            code: .conflictingFields,
            path: "\(destination).clusters[1].weight",
            messageContains: "either every entry has a weight or none does"
        ),
        Case(
            fixture: "negative-weight",
            code: .invalidValue,
            path: "\(destination).clusters[0].weight",
            messageContains: "got -1"
        ),
        Case(
            fixture: "fractional-weight",
            code: .invalidValue,
            path: "\(destination).clusters[0].weight",
            messageContains: "got 12.5"
        ),
        Case(
            fixture: "overflowing-weight",
            code: .invalidValue,
            path: "\(destination).clusters[0].weight",
            messageContains: "got 4294967296"
        ),
        Case(
            fixture: "weight-sum-overflow",
            code: .invalidValue,
            path: "\(destination).clusters[1].weight",
            messageContains: "more than 4294967295"
        ),
        Case(
            fixture: "all-weights-zero",
            code: .invalidValue,
            path: "\(destination).clusters",
            messageContains: "every weight is 0"
        ),
        Case(
            fixture: "duplicate-cluster-name",
            code: .duplicateEntry,
            path: "\(destination).clusters[1].name",
            messageContains: "cluster-1"
        ),
        Case(
            fixture: "name-and-labels",
            code: .conflictingFields,
            path: "\(destination).clusters[0]",
            messageContains: "not both"
        ),
        Case(
            fixture: "neither-name-nor-labels",
            code: .missingField,
            path: "\(destination).clusters[0]",
            messageContains: "exactly one of 'name' or 'labels'"
        ),
        Case(
            fixture: "empty-label-selector",
            code: .invalidValue,
            path: "\(destination).clusters[0].labels",
            messageContains: "at least one label"
        ),
        Case(fixture: "port-zero", code: .invalidValue, path: "spec.http[0].port", messageContains: "1...65535, got 0"),
        Case(
            fixture: "port-too-large",
            code: .invalidValue,
            path: "spec.http[0].port",
            messageContains: "got 65536"
        ),
        Case(
            fixture: "port-wrong-type",
            code: .malformedDocument,
            path: "spec.http[0].port",
            messageContains: "got the string \"80\""
        ),
        Case(
            fixture: "huge-port",
            code: .malformedDocument,
            path: "spec.http[0].port",
            messageContains: "not a representable number"
        ),
        Case(
            fixture: "empty-hostname",
            code: .invalidValue,
            path: "spec.http[0].hostname",
            messageContains: "it is empty"
        ),
        Case(
            fixture: "invalid-hostname",
            code: .invalidValue,
            path: "spec.http[0].hostname",
            messageContains: "\"_\" is not allowed"
        ),
        Case(
            fixture: "misplaced-wildcard",
            code: .invalidValue,
            path: "spec.http[0].hostname",
            messageContains: "whole first label"
        ),
        Case(
            fixture: "duplicate-server-name",
            code: .duplicateEntry,
            path: "spec.http[1].name",
            messageContains: "\"bookinfo\" is used twice"
        ),
        Case(
            fixture: "duplicate-hostname-port",
            code: .duplicateEntry,
            path: "spec.http[1].hostname",
            messageContains: "bookinfo.tse.tetratelabs.io on port 80"
        ),
        Case(
            fixture: "mixed-destinations",
            code: .conflictingFields,
            path: "spec.http[1].routing.rules[0].route",
            messageContains: "either to clusters or to services"
        ),
        Case(
            fixture: "route-without-destination",
            code: .missingField,
            path: "spec.http[0].routing.rules[0].route",
            messageContains: "needs a 'clusterDestination' or a 'serviceDestination'"
        ),
        Case(
            fixture: "route-with-both-destinations",
            code: .conflictingFields,
            path: "spec.http[0].routing.rules[0].route",
            messageContains: "not both"
        ),
        Case(
            fixture: "guide-named-as-printed",
            code: .unknownField,
            path: "spec.http[0].routing.rules[0].clusterDestination",
            messageContains: "belongs inside 'route'"
        ),
        Case(
            fixture: "unknown-field",
            code: .unknownField,
            path: "spec.http[0].hostnme",
            messageContains: "unknown field 'hostnme'"
        ),
        Case(
            fixture: "no-rules",
            code: .missingField,
            path: "spec.http[0].routing.rules",
            messageContains: "at least one routing rule"
        ),
        Case(
            fixture: "regex-match",
            code: .unknownField,
            path: "spec.http[0].routing.rules[0].match[0].uri.regex",
            messageContains: "not supported"
        ),
        Case(
            fixture: "failover-to-itself",
            code: .conflictingFields,
            path: "spec.http[0].failoverSettings.regionalFailover[0].to",
            messageContains: "itself"
        ),
        Case(fixture: "wrong-kind", code: .invalidValue, path: "kind", messageContains: "VirtualService"),
        Case(fixture: "truncated", code: .malformedDocument, path: "", messageContains: "not valid JSON"),
    ]

    @Test(arguments: cases)
    func rejects(testCase: Case) throws {
        let bytes = try Fixtures.bytes("invalid/\(testCase.fixture).json")
        let error = try #require(throws: ConfigurationError.self) { try Gateway(json: bytes) }
        #expect(error.code == testCase.code)
        #expect(error.path == testCase.path)
        #expect(error.message.contains(testCase.messageContains), "\(error.message)")
        #expect("\(error)".hasPrefix("invalid configuration"))
    }

    @Test func everyInvalidFixtureHasACase() throws {
        let names = try Fixtures.names(in: "invalid")
        #expect(names == Self.cases.map(\.fixture).sorted())
    }

    @Test func deepNestingIsRejectedNotCrashed() {
        let depth = 100_000
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: ConfigurationError.self) { try Gateway(json: json) }
        let objects = String(repeating: "{\"spec\":", count: 50_000) + "{}" + String(repeating: "}", count: 50_000)
        #expect(throws: ConfigurationError.self) { try Gateway(json: objects) }
    }

    @Test func nonUTF8IsRejected() throws {
        var bytes = try Fixtures.bytes("gateways/edge-automatic.json")
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "b")))
        bytes[index] = 0xFF
        #expect(throws: ConfigurationError.self) { try Gateway(json: bytes) }
    }

    @Test(arguments: [
        "", "null", "42", "\"gateway\"", "[]", "{}", "{\"spec\": null}", "{\"spec\": []}",
        "{\"spec\": {\"http\": {}}}", "{\"spec\": {\"http\": [null]}}", "{\"spec\": {\"http\": [{}]}}",
        "{\"spec\": {\"http\": [{\"name\": 1, \"port\": 80}]}}",
        "{\"spec\": {\"http\": [{\"name\": \"a\", \"port\": -9223372036854775809, \"hostname\": \"a.b\"}]}}",
        "{\"spec\": {\"http\": [{\"name\": \"a\", \"port\": 80, \"hostname\": \"a.b\", \"routing\": null}]}}",
        "{\"spec\": {\"http\": [{\"name\": \"a\", \"port\": 80, \"hostname\": \"a.b\", \"routing\": {\"rules\": [{\"route\": {\"clusterDestination\": {\"clusters\": [{\"name\": \"c\", \"weight\": 1e999}]}}}]}}]}}",
    ])
    func garbageIsRejected(json: String) {
        #expect(throws: ConfigurationError.self) { try Gateway(json: json) }
    }

    @Test func randomMutationsNeverTrap() throws {
        // Flip, drop and duplicate bytes of a valid document many times: each result either decodes
        // to a valid Gateway or throws a ConfigurationError; anything else (or a trap) fails the test.
        let original = try Fixtures.bytes("gateways/edge-weighted.json")
        var random = SplitMix64(seed: 7)
        var rejected = 0
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                default: bytes.insert(bytes[index], at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            do {
                _ = try Gateway(json: bytes)
            } catch is ConfigurationError {
                rejected += 1
            }
        }
        #expect(rejected > 1_000)
    }

    @Test func publicInitialisersThrowWithRelativePaths() throws {
        #expect(throws: ConfigurationError.invalid("port", "port must be a whole number in 1...65535, got 70000")) {
            try HTTPServer(
                name: "a",
                port: 70_000,
                hostname: Hostname("a.example.com"),
                rules: [
                    RoutingRule(route: .clusters(.automatic))
                ]
            )
        }
        let error = try #require(throws: ConfigurationError.self) {
            try ClusterDestination.weighted([("cluster-1", 10), ("cluster-1", 20)])
        }
        #expect(error.path == "clusters[1].name")
        let mixed = try #require(throws: ConfigurationError.self) {
            try ClusterDestination(clusters: [.named("a"), .named("b", weight: 3)])
        }
        #expect(mixed.path == "clusters[1].weight")
        let bad = try #require(throws: ConfigurationError.self) { try ClusterDestination.named(["ok", "not ok"]) }
        #expect(bad.path == "clusters[1].name")
        let zero = try #require(throws: ConfigurationError.self) { try ClusterDestination.weighted([("a", 0)]) }
        #expect(zero.path == "clusters")
        #expect(throws: ConfigurationError.self) { try ClusterSelector.labels(["bad key!": "x"]) }
        #expect(throws: ConfigurationError.self) { try ServiceDestination(host: "a/b/c") }
        #expect(throws: ConfigurationError.self) { try ServiceDestination(host: "productpage", port: 0) }
        #expect(throws: ConfigurationError.self) { try RegionalFailover(from: "", to: "region-2") }
        #expect(throws: ConfigurationError.self) { try FailoverSettings(failoverPriority: ["a", "a"]) }
        #expect(throws: ConfigurationError.self) { try HTTPMatchCondition(uri: .prefix("api")) }
        #expect(throws: ConfigurationError.self) {
            try HTTPMatchCondition(headers: ["X-A": .exact("1"), "x-a": .exact("2")])
        }
        #expect(throws: ConfigurationError.self) { try WorkloadSelector(namespace: "") }
        let server = try HTTPServer(
            name: "a",
            port: 80,
            hostname: Hostname("a.example.com"),
            rules: [
                RoutingRule(route: .clusters(.automatic))
            ]
        )
        let duplicate = try #require(throws: ConfigurationError.self) { try GatewaySpec(http: [server, server]) }
        #expect(duplicate.path == "http[1].name")
    }
}
