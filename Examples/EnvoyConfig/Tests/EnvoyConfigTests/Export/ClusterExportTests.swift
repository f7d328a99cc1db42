import EdgeRouting
import Testing

@testable import EnvoyExport

@Suite("Clusters")
struct ClusterExportTests {
    @Test(
        "Durations in protobuf JSON",
        arguments: [
            (Duration.seconds(30), "30s"),
            (.milliseconds(25), "0.025s"),
            (.milliseconds(250), "0.25s"),
            (.nanoseconds(1), "0.000000001s"),
            (.seconds(0), "0s"),
            (.seconds(-1), "0s"),
        ]
    )
    func durations(duration: Duration, text: String) {
        #expect(ProtoJSON.duration(duration) == .string(text))
    }

    @Test("The demo: one cluster, one locality per workload cluster at its tier's priority")
    func demo() throws {
        let export = try Exports.make()
        #expect(export.clusters.map(\.name) == ["bookinfo.tse.tetratelabs.io|80|automatic"])
        let cluster = try #require(export.clusters.first)
        #expect(cluster.priorities == "P0 {cluster-1} P1 {cluster-2}")
        #expect(cluster.discoveryType == "STATIC")
        let assignment = try #require(cluster.resource["load_assignment"])
        #expect(assignment == cluster.loadAssignment)
        let localities = try #require(assignment["endpoints"]?.arrayValue)
        #expect(localities.count == 2)
        #expect(localities[0]["locality"] == ["region": "region-1", "sub_zone": "cluster-1"])
        #expect(localities[0]["priority"] == 0)
        #expect(localities[1]["locality"] == ["region": "region-2", "sub_zone": "cluster-2"])
        #expect(localities[1]["priority"] == 1)
        #expect(
            localities[1]["lb_endpoints"]?[0]
                == [
                    "endpoint": ["address": ["socket_address": ["address": "127.0.0.1", "port_value": 18_082]]],
                    "load_balancing_weight": 1,
                ]
        )
        #expect(assignment["policy"] == ["overprovisioning_factor": 140, "weighted_priority_health": false])
        #expect(cluster.resource["lb_policy"] == "ROUND_ROBIN")
        #expect(cluster.resource["common_lb_config"] == ["healthy_panic_threshold": ["value": 0]])
        #expect(cluster.resource["connect_timeout"] == "5s")
        #expect(cluster.resource["health_checks"] == nil)
    }

    @Test("Circuit breakers impose no limit; an in-flight retry budget becomes Envoy's retry_budget")
    func circuitBreakers() throws {
        let unlimited = JSONValue.int(UInt32.max)
        let plain = try Exports.make().clusters[0].resource["circuit_breakers"]?["thresholds"]?[0]
        #expect(
            plain
                == [
                    "priority": "DEFAULT", "max_connections": unlimited, "max_pending_requests": unlimited,
                    "max_requests": unlimited, "max_retries": unlimited,
                ]
        )
        let budgeted = try Exports.make(settings: ["retries": ["budget": ["minRetryConcurrency": 7]]])
        #expect(
            budgeted.clusters[0].resource["circuit_breakers"]?["thresholds"]?[0]?["retry_budget"]
                == ["budget_percent": ["value": 20], "min_retry_concurrency": 7]
        )
    }

    @Test("Outlier detection is written field by field, EdgeRouting's defaults included")
    func outlierDetection() throws {
        let defaults = try #require(try Exports.make().clusters[0].resource["outlier_detection"])
        #expect(defaults["consecutive_5xx"] == 5)
        #expect(defaults["enforcing_consecutive_5xx"] == 100)
        #expect(defaults["enforcing_consecutive_gateway_failure"] == 0)
        #expect(defaults["interval"] == "10s")
        #expect(defaults["base_ejection_time"] == "30s")
        #expect(defaults["max_ejection_time"] == "300s")
        #expect(defaults["max_ejection_percent"] == 100)
        #expect(defaults["always_eject_one_host"] == true)
        #expect(defaults["success_rate_stdev_factor"] == 1900)
        #expect(defaults["failure_percentage_threshold"] == 85)
        #expect(defaults.objectValue?.count == 23)

        let custom = try Exports.make(settings: [
            "outlierDetection": [
                "consecutive5xx": 0, "consecutiveGatewayFailure": 3, "enforcingConsecutiveGatewayFailure": 60,
                "baseEjectionTime": "1500ms", "maxEjectionPercent": 40, "splitExternalLocalOriginErrors": true,
            ]
        ]).clusters[0].resource["outlier_detection"]
        #expect(custom?["consecutive_5xx"] == 0)
        #expect(custom?["enforcing_consecutive_5xx"] == 0, "a disabled detector never enforces")
        #expect(custom?["consecutive_gateway_failure"] == 3)
        #expect(custom?["enforcing_consecutive_gateway_failure"] == 60)
        #expect(custom?["base_ejection_time"] == "1.5s")
        #expect(custom?["max_ejection_percent"] == 40)
        #expect(custom?["split_external_local_origin_errors"] == true)
    }

    @Test(
        "Load-balancing settings",
        arguments: [
            (["picker": "round-robin"], "ROUND_ROBIN", 140, nil),
            (["picker": "least-request"], "LEAST_REQUEST", 140, 2),
            (["picker": "random", "overprovisioningFactor": 200], "RANDOM", 200, nil),
            (["policy": "strict"], "ROUND_ROBIN", 100 << 24, nil),
        ] as [(JSONValue, String, Int, Int?)]
    )
    func loadBalancing(settings: JSONValue, policy: String, factor: Int, choices: Int?) throws {
        let cluster = try Exports.make(settings: ["loadBalancing": settings]).clusters[0]
        #expect(cluster.resource["lb_policy"] == .string(policy))
        #expect(cluster.loadAssignment["policy"]?["overprovisioning_factor"] == .int(factor))
        #expect(cluster.resource["least_request_lb_config"]?["choice_count"] == choices.map { .int($0) })
    }

    @Test("Panic threshold, weighted priority health and locality weights")
    func priorityParameters() throws {
        let topology = TestDocuments.topology([
            .init("cluster-1", region: "region-1", endpoints: ["127.0.0.1:1", "127.0.0.1:2"]),
            .init("cluster-2", region: "region-1", endpoints: ["127.0.0.1:3"]),
        ])
        let cluster = try Exports.make(
            topology: topology,
            settings: [
                "loadBalancing": ["panicThreshold": 50, "weightedPriorityHealth": true, "localityWeighted": true]
            ]
        ).clusters[0]
        #expect(
            cluster.resource["common_lb_config"]
                == ["healthy_panic_threshold": ["value": 50], "locality_weighted_lb_config": [:]]
        )
        #expect(cluster.loadAssignment["policy"]?["weighted_priority_health"] == true)
        let localities = cluster.loadAssignment["endpoints"]?.arrayValue ?? []
        #expect(localities.map { $0["load_balancing_weight"] } == [2, 1])
        #expect(localities.map { $0["priority"] } == [0, 0])
    }

    @Test("A weighted destination: one cluster per target, an empty one for a target without a usable cluster")
    func weighted() throws {
        let topology = TestDocuments.topology([
            .init("cluster-1", region: "region-1", endpoints: ["127.0.0.1:1"]),
            .init("cluster-2", region: "region-2", endpoints: ["127.0.0.1:2"], servesHostname: false),
        ])
        let export = try Exports.make(
            edge: TestDocuments.edgeGateway(TestDocuments.weighted([("cluster-1", 30), ("cluster-2", 70)])),
            topology: topology
        )
        let prefix = "bookinfo.tse.tetratelabs.io|80|weighted|cluster-1=30,cluster-2=70|"
        #expect(export.clusters.map(\.name) == [prefix + "cluster-1", prefix + "cluster-2"])
        #expect(export.clusters.map(\.priorities) == ["P0 {cluster-1}", "no endpoints"])
        #expect(export.clusters[1].loadAssignment["endpoints"] == [])
        #expect(
            export.firstRouteAction?["weighted_clusters"]
                == [
                    "clusters": [
                        ["name": .string(prefix + "cluster-1"), "weight": 30],
                        ["name": .string(prefix + "cluster-2"), "weight": 70],
                    ]
                ]
        )
        #expect(export.resolutionDiagnostics.map(\.kind) == [.noGatewayForHostname])
    }

    @Test("Endpoint delivery: EDS files for IP endpoints, STRICT_DNS inline for DNS names")
    func delivery() throws {
        let topology = TestDocuments.topology([
            .init("cluster-1", region: "region-1", endpoints: ["127.0.0.1:1"]),
            .init("cluster-2", region: "region-2", endpoints: ["[2001:db8::1]:443"]),
        ])
        let files = ExportOptions(endpointDelivery: .files(in: "/srv/xds/eds"))
        let eds = try Exports.make(topology: topology, options: files).clusters[0]
        #expect(eds.discoveryType == "EDS")
        #expect(eds.resource["load_assignment"] == nil)
        let path = try #require(eds.endpointFile)
        #expect(path.hasPrefix("/srv/xds/eds/bookinfo.tse.tetratelabs.io_80_automatic-"))
        #expect(
            eds.resource["eds_cluster_config"]
                == [
                    "service_name": .string(eds.name),
                    "eds_config": ["path_config_source": ["path": .string(path)], "resource_api_version": "V3"],
                ]
        )
        let dns = try Exports.make(
            topology: TestDocuments.topology([
                .init("cluster-1", region: "region-1", endpoints: ["ingress.example:443"])
            ]),
            options: files
        )
        #expect(dns.clusters[0].discoveryType == "STRICT_DNS")
        #expect(dns.clusters[0].endpointFile == nil)
        #expect(dns.clusters[0].resource["load_assignment"] != nil)
        #expect(dns.diagnosticKinds.contains("dnsEndpoints"))
    }

    @Test("Cluster names follow the destination, not the topology; file names are distinct and safe")
    func names() throws {
        let first = try Exports.make().clusters.map(\.name)
        let fewer = try Exports.make(
            topology: TestDocuments.topology([.init("cluster-9", region: "region-7", endpoints: ["127.0.0.1:9"])])
        ).clusters.map(\.name)
        #expect(first == fewer)
        let a = EnvoyNames.endpointFile(forCluster: "h|80|named|a,b")
        let b = EnvoyNames.endpointFile(forCluster: "h|80|named|a|b")
        #expect(a != b)
        #expect(a.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) })
        #expect(EnvoyNames.fnv1a("") == "cbf29ce484222325")
    }
}
