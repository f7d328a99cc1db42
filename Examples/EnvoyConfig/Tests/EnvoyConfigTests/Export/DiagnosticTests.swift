import EdgeRouting
import EnvoyExport
import Testing

@Suite("Diagnostics: what Envoy cannot express is reported, never dropped")
struct DiagnosticTests {
    @Test("EdgeRouting's defaults on IP endpoints: only the windowed budget and the missing health checks")
    func defaults() throws {
        let export = try Exports.make()
        #expect(export.diagnosticKinds == ["windowedRetryBudget", "activeHealthChecksNotExported"])
        #expect(
            export.diagnostics[0].description
                == "windowedRetryBudget at retries.budget: EdgeRouting allows retries up to 20 % of the requests of the "
                + "last 10s plus 10 per second; Envoy has no such budget, so its retries are bounded by num_retries only"
        )
    }

    @Test("The health-check extension point reports that nothing is probed, and exports no health_checks")
    func healthChecks() throws {
        let export = try Exports.make()
        let diagnostic = try #require(export.diagnostics.first { $0.kind == .activeHealthChecksNotExported })
        #expect(diagnostic.path == "healthChecking")
        #expect(diagnostic.message.contains("outlier detection alone"))
        #expect(export.clusters.allSatisfy { $0.resource["health_checks"] == nil })
    }

    static let twoInOneTier = TestDocuments.topology([
        .init("cluster-1", region: "region-1", endpoints: ["127.0.0.1:1"]),
        .init("cluster-3", region: "region-1", endpoints: ["127.0.0.1:3"]),
        .init("cluster-2", region: "region-2", endpoints: ["127.0.0.1:2"]),
    ])

    struct Case: Sendable, CustomTestStringConvertible {
        let kind: String
        let path: String
        let edge: JSONValue
        let topology: JSONValue
        let settings: JSONValue
        var testDescription: String { self.kind }

        init(
            _ kind: String,
            at path: String,
            edge: JSONValue = TestDocuments.edgeGateway(),
            topology: JSONValue = Exports.demoTopology,
            settings: JSONValue
        ) {
            self.kind = kind
            self.path = path
            self.edge = edge
            self.topology = topology
            self.settings = settings
        }
    }

    static let weighted = TestDocuments.edgeGateway(TestDocuments.weighted([("cluster-1", 50), ("cluster-2", 50)]))
    static let rule = "spec.http[0].routing.rules[0].route.clusterDestination"

    static let cases: [Case] = [
        Case(
            "backoffStrategy",
            at: "retries.backoff.strategy",
            settings: ["retries": ["backoff": ["strategy": "equal-jitter"]]]
        ),
        Case(
            "resetHeaderFormat",
            at: "retries.rateLimitedBackoff.resetHeaders[0]",
            settings: [
                "retries": ["rateLimitedBackoff": ["resetHeaders": [["name": "retry-after", "format": "http-date"]]]]
            ]
        ),
        Case("retryMemory", at: "retries.attempts", settings: ["retries": ["attempts": 5]]),
        Case("retryTargetApproximated", at: rule, topology: twoInOneTier, settings: [:]),
        Case("retryTargetApproximated", at: rule, settings: ["retries": ["retryTarget": "different-endpoint"]]),
        Case(
            "strictFailoverLocalityWeights",
            at: "loadBalancing.localityWeighted",
            settings: ["loadBalancing": ["policy": "strict", "localityWeighted": true]]
        ),
        Case(
            "leastRequestWeights",
            at: rule,
            topology: TestDocuments.topology([
                .init("cluster-1", region: "region-1", endpoints: ["127.0.0.1:1"]),
                .init("cluster-2", region: "region-2", endpoints: ["127.0.0.1:2"]),
            ]).replacingWeight(of: "127.0.0.1:2", with: 3),
            settings: ["loadBalancing": ["picker": "least-request"]]
        ),
        Case(
            "weightedRetryBudgetScope",
            at: "retries.budget",
            edge: weighted,
            settings: ["retries": ["budget": ["minRetryConcurrency": 3]]]
        ),
        Case(
            "dnsEndpoints",
            at: rule,
            topology: TestDocuments.topology([
                .init("cluster-1", region: "region-1", endpoints: ["ingress.example:443"])
            ]),
            settings: [:]
        ),
        Case(
            "shadowedServer",
            at: "spec.http[1]",
            edge: [
                "spec": [
                    "http": [
                        [
                            "name": "a", "port": 80, "hostname": "x.example",
                            "routing": ["rules": [["route": ["clusterDestination": [:]]]]],
                        ],
                        [
                            "name": "b", "port": 81, "hostname": "x.example",
                            "routing": ["rules": [["route": ["clusterDestination": [:]]]]],
                        ],
                    ]
                ]
            ],
            settings: [:]
        ),
    ]

    @Test("Each approximation is reported at its setting", arguments: Self.cases)
    func reported(_ testCase: Case) throws {
        let export = try Exports.make(edge: testCase.edge, topology: testCase.topology, settings: testCase.settings)
        let found = export.diagnostics.filter { $0.kind.description == testCase.kind }
        #expect(found.map(\.path) == [testCase.path], "\(export.diagnostics)")
    }

    @Test("Nothing is reported where Envoy does exactly what EdgeRouting does")
    func exact() throws {
        // One cluster per tier: previous_priorities is exactly different-cluster. Weighted targets are
        // destinations of their own in EdgeRouting too, each with its own outlier detector, so per-target
        // clusters detect alike whatever the settings. Strict failover without locality weights: exact.
        let cases: [(JSONValue, JSONValue)] = [
            (TestDocuments.edgeGateway(), ["loadBalancing": ["policy": "strict"]]),
            (Self.weighted, ["outlierDetection": ["maxEjectionPercent": 50, "enforcingFailurePercentage": 100]]),
            (TestDocuments.edgeGateway(), ["retries": ["retryTarget": "different-tier"]]),
        ]
        for (edge, settings) in cases {
            let export = try Exports.make(edge: edge, settings: settings)
            #expect(export.diagnosticKinds == ["windowedRetryBudget", "activeHealthChecksNotExported"])
        }
    }

    @Test("Custom implementations set in code are reported")
    func customImplementations() throws {
        var configuration = EdgeRouterConfiguration.defaults
        configuration.loadBalancingPolicy = CustomPolicy()
        configuration.makeOutlierDetector = { _ in NoOpOutlierDetector() }
        configuration.makeRetryPlanner = { DefaultRetryPlanner(policy: $0) }
        let gateway = try Exports.decode(Gateway.self, TestDocuments.edgeGateway())
        let table = try RouteTable(
            gateway: gateway,
            edgeLocation: EdgeLocation(region: "region-1"),
            topology: Topology(clusters: [])
        )
        let export = EnvoyExporter.export(table, configuration: configuration)
        #expect(
            export.diagnosticKinds == [
                "customLoadBalancingPolicy", "customOutlierDetector", "customRetryPlanner", "windowedRetryBudget",
                "activeHealthChecksNotExported",
            ]
        )
        #expect(export.clusters[0].loadAssignment["policy"]?["overprovisioning_factor"] == 140)
    }

    struct CustomPolicy: LoadBalancingPolicy {
        func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
            PriorityFailoverPolicy.defaults.loads(for: tiers)
        }
    }
}

extension JSONValue {
    /// The topology with one endpoint written as `{address, weight}`.
    func replacingWeight(of address: String, with weight: Int) -> JSONValue {
        switch self {
        case .string(address): return ["address": .string(address), "weight": .int(weight)]
        case .array(let elements): return .array(elements.map { $0.replacingWeight(of: address, with: weight) })
        case .object(let object):
            var copy = object
            for (key, value) in object.members { copy[key] = value.replacingWeight(of: address, with: weight) }
            return .object(copy)
        default: return self
        }
    }
}
