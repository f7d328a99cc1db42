import EnvoyExport
import Testing

@Suite("Routes and retries")
struct RouteExportTests {
    static let previousPriorities: JSONValue = [
        "name": "envoy.retry_priorities.previous_priorities",
        "typed_config": [
            "@type":
                "type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
            "update_frequency": 1,
        ],
    ]

    @Test("The default retry policy, as Envoy's retry_policy")
    func defaults() throws {
        let action = try #require(try Exports.make().firstRouteAction)
        #expect(action["cluster"] == "bookinfo.tse.tetratelabs.io|80|automatic")
        #expect(action["timeout"] == "0s")
        let retry = try #require(action["retry_policy"])
        #expect(retry["retry_on"] == "connect-failure,refused-stream,reset,retriable-status-codes")
        #expect(retry["num_retries"] == 2)
        #expect(retry["retriable_status_codes"] == [503])
        #expect(retry["per_try_timeout"] == nil)
        #expect(retry["retry_back_off"] == ["base_interval": "0.025s", "max_interval": "0.25s"])
        #expect(retry["retry_priority"] == Self.previousPriorities)
        #expect(retry["retry_host_predicate"]?[0]?["name"] == "envoy.retry_host_predicates.previous_hosts")
        #expect(retry["host_selection_retry_max_attempts"] == 5)
    }

    @Test("Every retry setting that Envoy has")
    func everySetting() throws {
        let export = try Exports.make(settings: [
            "retries": [
                "attempts": 6, "retryOn": "5xx,gateway-error,retriable-4xx,429", "perTryTimeout": "150ms",
                "backoff": ["baseInterval": "10ms", "maxInterval": "1s"],
                "rateLimitedBackoff": [
                    "resetHeaders": [
                        ["name": "retry-after", "format": "seconds"], ["name": "retry-after", "format": "http-date"],
                        ["name": "x-ratelimit-reset", "format": "unix-timestamp"],
                    ],
                    "maxInterval": "30s",
                ],
            ]
        ])
        let retry = try #require(export.firstRouteAction?["retry_policy"])
        #expect(retry["retry_on"] == "5xx,gateway-error,retriable-4xx,retriable-status-codes")
        #expect(retry["num_retries"] == 6)
        #expect(retry["retriable_status_codes"] == [429])
        #expect(retry["per_try_timeout"] == "0.15s")
        #expect(retry["retry_back_off"] == ["base_interval": "0.01s", "max_interval": "1s"])
        #expect(
            retry["rate_limited_retry_back_off"]
                == [
                    "reset_headers": [
                        ["name": "retry-after", "format": "SECONDS"],
                        ["name": "x-ratelimit-reset", "format": "UNIX_TIMESTAMP"],
                    ],
                    "max_interval": "30s",
                ]
        )
        #expect(retry["host_selection_retry_max_attempts"] == 7)
        #expect(export.diagnosticKinds.contains("resetHeaderFormat"))
        #expect(export.diagnosticKinds.contains("retryMemory"))
    }

    @Test(
        "previous_priorities for the cluster and tier targets of failover routes only",
        arguments: [
            ("different-cluster", [:], true),
            ("different-tier", [:], true),
            ("different-endpoint", [:], false),
            ("different-cluster", TestDocuments.weighted([("cluster-1", 1), ("cluster-2", 1)]), false),
        ] as [(String, JSONValue, Bool)]
    )
    func retryTargets(target: String, destination: JSONValue, previousPriorities: Bool) throws {
        let export = try Exports.make(
            edge: TestDocuments.edgeGateway(destination),
            settings: ["retries": ["retryTarget": .string(target)]]
        )
        let retry = try #require(export.firstRouteAction?["retry_policy"])
        #expect((retry["retry_priority"] == Self.previousPriorities) == previousPriorities)
        #expect(retry["retry_host_predicate"] != nil)
    }

    @Test("No retries: no retry_policy at all")
    func noRetries() throws {
        let export = try Exports.make(settings: ["retries": ["attempts": 0]])
        #expect(export.firstRouteAction?["retry_policy"] == nil)
        #expect(!export.diagnosticKinds.contains("windowedRetryBudget"))
    }

    @Test("Virtual hosts, wildcards and matches, in order; host is matched as :authority")
    func matches() throws {
        let edge: JSONValue = [
            "spec": [
                "http": [
                    [
                        "name": "exact", "port": 80, "hostname": "Bookinfo.Example.com.",
                        "routing": [
                            "rules": [
                                [
                                    "match": [
                                        [
                                            "uri": ["exact": "/productpage"],
                                            "headers": ["X-Canary": ["exact": "true"], "host": ["prefix": "book"]],
                                        ],
                                        ["uri": ["prefix": "/api/"]],
                                        ["headers": ["x-region": ["prefix": "eu"]]],
                                    ],
                                    "route": ["clusterDestination": TestDocuments.named(["cluster-2"])],
                                ],
                                ["route": ["clusterDestination": [:]]],
                            ]
                        ],
                    ],
                    [
                        "name": "wild", "port": 80, "hostname": "*.example.com",
                        "routing": ["rules": [["route": ["clusterDestination": [:]]]]],
                    ],
                ]
            ]
        ]
        let routes = try #require(try Exports.make(edge: edge).routeConfiguration)
        #expect(routes["ignore_port_in_host_matching"] == true)
        let hosts = try #require(routes["virtual_hosts"]?.arrayValue)
        #expect(hosts.map { $0["domains"] } == [["bookinfo.example.com"], ["*.example.com"]])
        let first = try #require(hosts[0]["routes"]?.arrayValue)
        #expect(
            first.map { $0["name"] } == [
                "spec.http[0].routing.rules[0].match[0]", "spec.http[0].routing.rules[0].match[1]",
                "spec.http[0].routing.rules[0].match[2]", "spec.http[0].routing.rules[1]",
            ]
        )
        #expect(
            first[0]["match"]
                == [
                    "path": "/productpage",
                    "headers": [
                        ["name": ":authority", "string_match": ["prefix": "book"]],
                        ["name": "x-canary", "string_match": ["exact": "true"]],
                    ],
                ]
        )
        #expect(first[1]["match"] == ["prefix": "/api/"])
        #expect(
            first[2]["match"] == ["prefix": "/", "headers": [["name": "x-region", "string_match": ["prefix": "eu"]]]]
        )
        #expect(first[3]["match"] == ["prefix": "/"])
        #expect(first[0]["route"]?["cluster"] == "bookinfo.example.com|80|named|cluster-2")
        #expect(first[3]["route"]?["cluster"] == "bookinfo.example.com|80|automatic")
    }
}
