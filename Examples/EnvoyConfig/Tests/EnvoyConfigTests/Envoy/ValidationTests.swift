import EnvoyExport
import Foundation
import Testing

extension EnvoyIntegration {
    /// Every document the exporter writes passes `envoy --mode validate`: the static bootstraps of the
    /// examples' files, a configuration that uses every exported feature, and the file-based xDS
    /// documents (the bootstrap, and LDS, CDS and EDS resources put into a static bootstrap, since
    /// validation does not read dynamic resources).
    @Suite("envoy --mode validate")
    struct ValidationTests {
        /// The examples' files, from `Examples/config`.
        static let examplesDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../config").standardizedFileURL.path

        struct Files: CustomTestStringConvertible, Sendable {
            let edge: String
            let topology: String
            let settings: String?
            var testDescription: String {
                [self.edge, self.topology, self.settings ?? "defaults"].joined(separator: " + ")
            }
        }

        static let exampleFiles: [Files] = ["edge-automatic.yaml", "edge-named.yaml", "edge-weighted.yaml"].flatMap {
            edge in
            ["demo-topology.yaml", "three-regions-topology.yaml"].flatMap { topology in
                [nil, "router-per-try-timeout.yaml"].map { Files(edge: edge, topology: topology, settings: $0) }
            }
        }

        @Test("The examples' files export to valid static bootstraps", arguments: Self.exampleFiles)
        func examples(_ files: Files) throws {
            let workspace = try Workspace("validate")
            var arguments = [
                "--edge", Self.examplesDirectory + "/" + files.edge, "--topology",
                Self.examplesDirectory + "/" + files.topology,
            ]
            if let settings = files.settings { arguments += ["--config", Self.examplesDirectory + "/" + settings] }
            try workspace.envoyConfig(arguments + ["--output", workspace.path("envoy.json")])
            try Self.validate(workspace.path("envoy.json"))
            workspace.remove()
        }

        @Test("Every exported feature validates, statically and as file-based xDS")
        func everyFeature() throws {
            let workspace = try Workspace("validate-all")
            let edge = try workspace.write("edge.json", Self.featureGateway)
            let topology = try workspace.write(
                "topology.json",
                TestDocuments.topology(
                    edgeZone: "zone-a",
                    edgeLabels: ["tier": "gold"],
                    [
                        .init(
                            "cluster-1",
                            region: "region-1",
                            zone: "zone-a",
                            labels: ["tier": "gold"],
                            endpoints: ["127.0.0.1:21001", "127.0.0.1:21002"]
                        ),
                        .init("cluster-2", region: "region-2", labels: ["canary": "true"], endpoints: ["[::1]:21003"]),
                        .init("cluster-3", region: "region-3", endpoints: ["ingress.cluster-3.example:443"]),
                    ]
                )
            )
            for settings in Self.featureSettings {
                let config = try workspace.write("config.json", settings)
                let base = ["--edge", edge, "--topology", topology, "--config", config]
                let run = try workspace.envoyConfig(base + ["--output", workspace.path("envoy.json")])
                #expect(run.errors.contains("export: shadowedServer"))
                try Self.validate(workspace.path("envoy.json"))

                try workspace.envoyConfig(base + ["--xds-dir", workspace.path("xds")])
                try Self.validate(workspace.path("xds/bootstrap.json"))
                try workspace.write("xds-as-static.json", text: try Self.staticEquivalent(of: workspace.path("xds")))
                try Self.validate(workspace.path("xds-as-static.json"))
            }
            workspace.remove()
        }

        /// Two servers (one wildcard, one shadowed by an earlier server's hostname on another port),
        /// rules with path and header matches, and all three destination forms.
        static let featureGateway: JSONValue = [
            "spec": [
                "http": [
                    [
                        "name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io",
                        "failoverSettings": [
                            "failoverPriority": ["tier"], "regionalFailover": [["from": "region-1", "to": "region-3"]],
                        ],
                        "routing": [
                            "rules": [
                                [
                                    "match": [
                                        [
                                            "uri": ["exact": "/productpage"],
                                            "headers": ["x-canary": ["exact": "true"], "host": ["prefix": "bookinfo"]],
                                        ],
                                        ["uri": ["prefix": "/api/"]],
                                    ],
                                    "route": [
                                        "clusterDestination": [
                                            "clusters": [
                                                ["name": "cluster-1", "weight": 80],
                                                ["labels": ["canary": "true"], "weight": 20],
                                            ]
                                        ]
                                    ],
                                ],
                                [
                                    "match": [["headers": ["x-region": ["prefix": "eu"]]]],
                                    "route": [
                                        "clusterDestination": [
                                            "clusters": [["name": "cluster-3"], ["name": "cluster-2"]]
                                        ]
                                    ],
                                ],
                                ["route": ["clusterDestination": [:]]],
                            ]
                        ],
                    ],
                    [
                        "name": "wildcard", "port": 80, "hostname": "*.tetratelabs.io",
                        "routing": ["rules": [["route": ["clusterDestination": [:]]]]],
                    ],
                    [
                        "name": "shadowed", "port": 8080, "hostname": "bookinfo.tse.tetratelabs.io",
                        "routing": ["rules": [["route": ["clusterDestination": [:]]]]],
                    ],
                ]
            ]
        ]

        /// Router settings that use every exported field between them.
        static let featureSettings: [JSONValue] = [
            [
                "loadBalancing": [
                    "policy": "strict", "panicThreshold": 50, "weightedPriorityHealth": true, "picker": "least-request",
                    "localityWeighted": true,
                ],
                "outlierDetection": [
                    "consecutive5xx": 0, "consecutiveGatewayFailure": 3, "enforcingConsecutiveGatewayFailure": 100,
                    "splitExternalLocalOriginErrors": true, "consecutiveLocalOriginFailure": 2, "interval": "500ms",
                    "baseEjectionTime": "2s", "maxEjectionTime": "1m", "maxEjectionTimeJitter": "250ms",
                    "maxEjectionPercent": 50,
                    "enforcingFailurePercentage": 100, "failurePercentageThreshold": 70,
                ],
                "retries": [
                    "attempts": 5, "retryOn": "5xx,gateway-error,retriable-4xx,409,429", "perTryTimeout": "150ms",
                    "backoff": ["baseInterval": "10ms", "maxInterval": "1s", "strategy": "decorrelated-jitter"],
                    "rateLimitedBackoff": [
                        "resetHeaders": [
                            ["name": "retry-after", "format": "seconds"],
                            ["name": "retry-after", "format": "http-date"],
                            ["name": "x-ratelimit-reset", "format": "unix-timestamp"],
                        ],
                        "maxInterval": "30s",
                    ],
                    "retryTarget": "different-tier",
                    "budget": ["maxConcurrentRetryPercent": 25, "minRetryConcurrency": 5],
                ],
            ],
            [
                "loadBalancing": ["policy": "priority", "overprovisioningFactor": 200, "picker": "random"],
                "retries": ["attempts": 0],
            ],
            ["retries": ["retryTarget": "different-endpoint", "budget": ["enabled": false]]],
        ]

        /// Runs `envoy --mode validate -c FILE` and requires it to pass.
        static func validate(_ file: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try EnvoyBinary.path())
            process.arguments = ["--mode", "validate", "-c", file, "--log-level", "error", "--disable-hot-restart"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "envoy --mode validate -c \(file): \(text)")
            #expect(text.contains("OK"), "\(text)")
        }

        /// A static bootstrap holding the xDS directory's resources: the listener of `lds.json`, and the
        /// clusters of `cds.json` with each EDS cluster turned `STATIC` around its EDS file's assignment.
        static func staticEquivalent(of directory: String) throws -> String {
            func resources(_ file: String) throws -> [[String: Any]] {
                let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
                let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                return (json?["resources"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "@type" } }
            }
            let clusters = try resources(FileXDS.clusterFile).map { cluster -> [String: Any] in
                guard cluster["type"] as? String == "EDS",
                    let config = cluster["eds_cluster_config"] as? [String: Any],
                    let source = (config["eds_config"] as? [String: Any])?["path_config_source"] as? [String: Any],
                    let path = source["path"] as? String
                else { return cluster }
                var converted = cluster.filter { $0.key != "eds_cluster_config" }
                converted["type"] = "STATIC"
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let assignment = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                converted["load_assignment"] =
                    (assignment?["resources"] as? [[String: Any]])?.first?.filter { $0.key != "@type" }
                return converted
            }
            let document: [String: Any] = [
                "admin": ["address": ["socket_address": ["address": "127.0.0.1", "port_value": 0]]],
                "static_resources": ["listeners": try resources(FileXDS.listenerFile), "clusters": clusters],
            ]
            return String(
                decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]),
                as: UTF8.self
            )
        }
    }
}
