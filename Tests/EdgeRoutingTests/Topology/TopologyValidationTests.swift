import Testing

@testable import EdgeRouting

/// Every topology validation rule has a failing document whose error names the field.
@Suite struct TopologyValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let code: ConfigurationError.Code
        let path: String
        let messageContains: String
        var testDescription: String { self.fixture }
    }

    static let cases: [Case] = [
        Case(
            fixture: "duplicate-cluster-name",
            code: .duplicateEntry,
            path: "clusters[1].name",
            messageContains: "\"cluster-1\" is used twice"
        ),
        Case(
            fixture: "duplicate-address-across-clusters",
            code: .duplicateEntry,
            path: "clusters[1].ingressEndpoints[1].address",
            messageContains: "10.0.0.3:443 is already used by cluster \"cluster-1\" (clusters[0].ingressEndpoints[2])"
        ),
        Case(
            fixture: "duplicate-address-in-cluster",
            code: .duplicateEntry,
            path: "clusters[0].ingressEndpoints[1].address",
            messageContains: "[2001:db8::1]:443 is listed twice"
        ),
        Case(
            fixture: "edge-gateway-in-cluster",
            code: .invalidValue,
            path: "clusters[0].gateways[1].spec.http[0].routing.rules[0].route",
            messageContains: "Gateway \"bookinfo-edge\" is an edge Gateway"
        ),
        Case(
            fixture: "duplicate-gateway-name",
            code: .duplicateEntry,
            path: "clusters[0].gateways[1].metadata.name",
            messageContains: "\"g\" is used twice"
        ),
        Case(
            fixture: "invalid-gateway-in-cluster",
            code: .invalidValue,
            path: "clusters[0].gateways[0].spec.http[0].port",
            messageContains: "got 0"
        ),
        Case(
            fixture: "address-without-port",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[1].address",
            messageContains: "the port is missing"
        ),
        Case(
            fixture: "address-port-zero",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[0].address",
            messageContains: "1...65535, got \"0\""
        ),
        Case(
            fixture: "address-port-too-large",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[0].address",
            messageContains: "got \"65536\""
        ),
        Case(
            fixture: "address-bad-ipv4",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[0].address",
            messageContains: "not a valid IPv4 address"
        ),
        Case(
            fixture: "address-unbracketed-ipv6",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[0].address",
            messageContains: "must be written in brackets"
        ),
        Case(
            fixture: "address-bad-hostname",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[0].address",
            messageContains: "\"_\" is not allowed"
        ),
        Case(
            fixture: "address-wrong-type",
            code: .malformedDocument,
            path: "clusters[0].ingressEndpoints[0]",
            messageContains: "\"host:port\" string or an object"
        ),
        Case(
            fixture: "endpoint-weight-zero",
            code: .invalidValue,
            path: "clusters[0].ingressEndpoints[0].weight",
            messageContains: "got 0"
        ),
        Case(
            fixture: "endpoint-unknown-field",
            code: .unknownField,
            path: "clusters[0].ingressEndpoints[0].wieght",
            messageContains: "expected one of: address, weight"
        ),
        Case(
            fixture: "zone-without-region",
            code: .missingField,
            path: "clusters[0].locality.region",
            messageContains: "a zone requires a region"
        ),
        Case(
            fixture: "missing-locality",
            code: .missingField,
            path: "clusters[0].locality",
            messageContains: "'locality' is missing"
        ),
        Case(
            fixture: "invalid-region",
            code: .invalidValue,
            path: "clusters[0].locality.region",
            messageContains: "contains a space"
        ),
        Case(
            fixture: "invalid-cluster-name",
            code: .invalidValue,
            path: "clusters[0].name",
            messageContains: "must start and end with a letter or digit"
        ),
        Case(
            fixture: "invalid-label",
            code: .invalidValue,
            path: "clusters[0].labels[\"tier\"]",
            messageContains: "\"gold!\""
        ),
        Case(
            fixture: "conflicting-region-label",
            code: .conflictingFields,
            path: "clusters[0].labels[\"topology.kubernetes.io/region\"]",
            messageContains: "derived from the locality"
        ),
        Case(
            fixture: "invalid-network",
            code: .invalidValue,
            path: "clusters[0].network",
            messageContains: "\"/\""
        ),
        Case(
            fixture: "unknown-cluster-field",
            code: .unknownField,
            path: "clusters[0].ingresEndpoints",
            messageContains: "unknown field 'ingresEndpoints'"
        ),
        Case(
            fixture: "unknown-top-level-field",
            code: .unknownField,
            path: "edge",
            messageContains: "expected one of: clusters"
        ),
    ]

    @Test(arguments: cases)
    func rejects(testCase: Case) throws {
        let bytes = try Fixtures.bytes("topology/invalid/\(testCase.fixture).json")
        let error = try #require(throws: ConfigurationError.self) { try Topology(json: bytes) }
        #expect(error.code == testCase.code)
        #expect(error.path == testCase.path)
        #expect(error.message.contains(testCase.messageContains), "\(error.message)")
    }

    @Test func everyInvalidFixtureHasACase() throws {
        let names = try Fixtures.names(in: "topology/invalid")
        #expect(names == Self.cases.map(\.fixture).sorted())
    }

    @Test(arguments: [
        "", "null", "[]", "{\"clusters\": {}}", "{\"clusters\": [null]}", "{\"clusters\": [{}]}",
        "{\"clusters\": [{\"name\": \"c\", \"locality\": \"region-1\"}]}",
        "{\"clusters\": [{\"name\": \"c\", \"locality\": {\"region\": \"r\"}, \"ingressEndpoints\": [null]}]}",
        "{\"clusters\": [{\"name\": \"c\", \"locality\": {\"region\": \"r\"}, \"ingressEndpoints\": [{}]}]}",
        "{\"clusters\": [{\"name\": \"c\", \"locality\": {\"region\": \"r\"}, \"ingressEndpoints\": [\"[::1]\"]}]}",
        "{\"clusters\": [{\"name\": \"c\", \"locality\": {\"region\": \"r\"}, \"ingressEndpoints\": [\"[::1:443\"]}]}",
        "{\"clusters\": [{\"name\": \"c\", \"locality\": {\"region\": \"r\"}, \"gateways\": [{}]}]}",
    ])
    func garbageIsRejected(json: String) {
        #expect(throws: ConfigurationError.self) { try Topology(json: json) }
    }

    @Test func randomMutationsNeverTrap() throws {
        // Flip, drop and duplicate bytes of a valid document: each result decodes to a valid topology or
        // throws a ConfigurationError; a trap or any other error fails the test.
        let original = try Fixtures.bytes("topology/three-regions.json")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<3 {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: index)
                default: bytes.insert(bytes[index], at: index)
                }
            }
            do {
                _ = try Topology(json: bytes)
            } catch is ConfigurationError {
                continue
            }
        }
    }

    @Test func publicInitialisersValidateToo() throws {
        let locality = try Locality(region: "region-1")
        let endpoint = try IngressEndpoint("10.0.0.1:443")
        let error = try #require(throws: ConfigurationError.self) {
            try Topology(clusters: [
                WorkloadCluster(name: "a", locality: locality, ingressEndpoints: [endpoint]),
                WorkloadCluster(name: "b", locality: locality, ingressEndpoints: [endpoint]),
            ])
        }
        #expect(error.path == "clusters[1].ingressEndpoints[0].address")
        #expect(throws: ConfigurationError.self) { try Locality(region: "") }
        #expect(throws: ConfigurationError.self) { try Locality(region: "r", zone: "bad zone") }
        #expect(throws: ConfigurationError.self) { try IngressEndpoint(address: endpoint.address, weight: 0) }
        #expect(throws: ConfigurationError.self) {
            try WorkloadCluster(name: "a", locality: locality, labels: [TopologyLabel.zone: "z"])
        }
        #expect(throws: ConfigurationError.self) {
            try WorkloadCluster(name: "a", locality: locality, labels: [TopologyLabel.network: "n2"], network: "n1")
        }
        #expect(throws: ConfigurationError.self) {
            try EdgeLocation(locality: locality, labels: [TopologyLabel.region: "elsewhere"])
        }
    }
}
