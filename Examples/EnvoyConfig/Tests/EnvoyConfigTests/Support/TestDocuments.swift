import EnvoyExport

/// The EdgeRouting documents the Envoy tests use, built as JSON: the guide's hostname, edge Gateways of
/// the three forms, and topologies whose ingress endpoints are the test's stubs (or any loopback
/// address Envoy never needs to reach).
enum TestDocuments {
    static let hostname = "bookinfo.tse.tetratelabs.io"

    /// A workload cluster of a topology.
    struct Cluster {
        var name: String
        var region: String
        var zone: String?
        var labels: [String: String] = [:]
        var endpoints: [String]
        /// Whether the cluster has a workload Gateway for the hostname.
        var servesHostname = true

        init(
            _ name: String,
            region: String,
            zone: String? = nil,
            labels: [String: String] = [:],
            endpoints: [String],
            servesHostname: Bool = true
        ) {
            self.name = name
            self.region = region
            self.zone = zone
            self.labels = labels
            self.endpoints = endpoints
            self.servesHostname = servesHostname
        }
    }

    /// A deployment file: the edge's location and the clusters.
    static func topology(
        edgeRegion: String = "region-1",
        edgeZone: String? = nil,
        edgeLabels: [String: String] = [:],
        _ clusters: [Cluster]
    ) -> JSONValue {
        var edge: JSONObject = ["locality": self.locality(edgeRegion, edgeZone)]
        if !edgeLabels.isEmpty { edge["labels"] = self.labels(edgeLabels) }
        return [
            "edge": .object(edge),
            "clusters": .array(
                clusters.map { cluster in
                    var object: JSONObject = [
                        "name": .string(cluster.name),
                        "locality": self.locality(cluster.region, cluster.zone),
                    ]
                    if !cluster.labels.isEmpty { object["labels"] = self.labels(cluster.labels) }
                    object["ingressEndpoints"] = .array(cluster.endpoints.map { .string($0) })
                    object["gateways"] = cluster.servesHostname ? [self.workloadGateway(cluster.name)] : []
                    return .object(object)
                }
            ),
        ]
    }

    /// An edge Gateway with one server for the hostname and one rule.
    ///
    /// - Parameters:
    ///   - destination: The `clusterDestination`.
    ///   - failoverSettings: The server's `failoverSettings`, if any.
    static func edgeGateway(_ destination: JSONValue = [:], failoverSettings: JSONValue? = nil) -> JSONValue {
        var server: JSONObject = [
            "name": "bookinfo",
            "port": 80,
            "hostname": .string(self.hostname),
            "routing": ["rules": [["route": ["clusterDestination": destination]]]],
        ]
        if let failoverSettings { server["failoverSettings"] = failoverSettings }
        return [
            "metadata": ["name": "edge"],
            "spec": [
                "workloadSelector": ["namespace": "edge", "labels": ["app": "edgegw"]], "http": [.object(server)],
            ],
        ]
    }

    /// `{clusters: [{name}, …]}`.
    static func named(_ names: [String]) -> JSONValue {
        ["clusters": .array(names.map { ["name": .string($0)] })]
    }

    /// `{clusters: [{name, weight}, …]}`.
    static func weighted(_ entries: [(String, Int)]) -> JSONValue {
        ["clusters": .array(entries.map { ["name": .string($0.0), "weight": .int($0.1)] })]
    }

    /// Router settings with short ejections (interval and base ejection time 1 s), so that a drill sees
    /// the failback within seconds; everything else at EdgeRouting's defaults.
    static let shortEjections: JSONValue = ["outlierDetection": ["interval": "1s", "baseEjectionTime": "1s"]]

    private static func workloadGateway(_ cluster: String) -> JSONValue {
        [
            "metadata": ["name": .string("bookinfo-ingress-\(cluster)")],
            "spec": [
                "http": [
                    [
                        "name": "bookinfo",
                        "port": 443,
                        "hostname": .string(self.hostname),
                        "routing": [
                            "rules": [
                                [
                                    "route": [
                                        "serviceDestination": [
                                            "host": "bookinfo/productpage.bookinfo.svc.cluster.local"
                                        ]
                                    ]
                                ]
                            ]
                        ],
                    ]
                ]
            ],
        ]
    }

    private static func locality(_ region: String, _ zone: String?) -> JSONValue {
        var object: JSONObject = ["region": .string(region)]
        if let zone { object["zone"] = .string(zone) }
        return .object(object)
    }

    private static func labels(_ labels: [String: String]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            object[key] = .string(value)
        }
        return .object(object)
    }
}
