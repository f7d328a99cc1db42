/// File-based xDS: the export as a directory that a running Envoy follows.
///
/// ```
/// DIR/bootstrap.json   node, admin, dynamic_resources → lds.json and cds.json
/// DIR/lds.json         the listener (routes inline)
/// DIR/cds.json         the clusters; EDS clusters point at their endpoint files
/// DIR/eds/*.json       one ClusterLoadAssignment per EDS cluster
/// ```
///
/// LDS and CDS are `path_config_source`s with `watched_directory` DIR: Envoy reloads both whenever a
/// file is *moved* into DIR, which is how ``XDSDirectory`` replaces them (write a temporary file, then
/// rename it), so Envoy never reads a half-written file. Each EDS cluster watches its own file (a
/// `path_config_source` without `watched_directory`, which Envoy watches for moves onto that path), so
/// an endpoint change reloads only the clusters it concerns.
public enum FileXDS {
    /// The listener file's name.
    public static let listenerFile = "lds.json"
    /// The cluster file's name.
    public static let clusterFile = "cds.json"
    /// The folder of the endpoint files.
    public static let endpointFolder = "eds"

    /// One file of the directory.
    public struct File: Hashable, Sendable {
        /// The absolute path.
        public let path: String
        /// The content.
        public let document: JSONValue
    }

    /// The options that make an export deliver its endpoints through this directory's EDS files.
    ///
    /// - Parameters:
    ///   - directory: The xDS directory, an absolute path.
    ///   - base: The listener address and connect timeout.
    public static func options(directory: String, base: ExportOptions) -> ExportOptions {
        var options = base
        options.endpointDelivery = .files(in: directory + "/" + Self.endpointFolder)
        return options
    }

    /// The bootstrap that reads LDS and CDS from the directory.
    ///
    /// - Parameters:
    ///   - directory: The xDS directory, an absolute path.
    ///   - settings: The node and the admin listener.
    public static func bootstrap(directory: String, settings: BootstrapSettings = BootstrapSettings()) -> JSONValue {
        func source(_ file: String) -> JSONValue {
            [
                "path_config_source": [
                    "path": .string(directory + "/" + file), "watched_directory": ["path": .string(directory)],
                ],
                "resource_api_version": "V3",
            ]
        }
        var bootstrap = JSONObject()
        settings.members(into: &bootstrap)
        bootstrap["dynamic_resources"] = [
            "lds_config": source(Self.listenerFile), "cds_config": source(Self.clusterFile),
        ]
        return .object(bootstrap)
    }

    /// The resource files in the order they must be written: the endpoint files first (a cluster's EDS
    /// file must exist when Envoy loads the cluster), then CDS, then LDS (whose routes name the clusters).
    ///
    /// - Parameters:
    ///   - export: An export made with ``options(directory:base:)``.
    ///   - directory: The xDS directory, an absolute path.
    public static func files(_ export: EnvoyConfiguration, directory: String) -> [File] {
        var files: [File] = export.clusters.compactMap { cluster in
            cluster.endpointFile.map {
                File(
                    path: $0,
                    document: Self.discoveryResponse(
                        [Self.typed("envoy.config.endpoint.v3.ClusterLoadAssignment", cluster.loadAssignment)]
                    )
                )
            }
        }
        files.append(
            File(
                path: directory + "/" + Self.clusterFile,
                document: Self.discoveryResponse(
                    export.clusters.map { Self.typed("envoy.config.cluster.v3.Cluster", $0.resource) }
                )
            )
        )
        files.append(
            File(
                path: directory + "/" + Self.listenerFile,
                document: Self.discoveryResponse([Self.typed("envoy.config.listener.v3.Listener", export.listener)])
            )
        )
        return files
    }

    /// A `DiscoveryResponse` whose `version_info` is a hash of its resources, so that Envoy's admin
    /// `/config_dump` tells which export it runs.
    static func discoveryResponse(_ resources: [JSONValue]) -> JSONValue {
        let content = JSONValue.array(resources)
        return ["version_info": .string(EnvoyNames.fnv1a(content.rendered(pretty: false))), "resources": content]
    }

    /// The resource with its `@type` first.
    static func typed(_ type: String, _ resource: JSONValue) -> JSONValue {
        var object: JSONObject = ["@type": .string("type.googleapis.com/" + type)]
        for (key, value) in resource.objectValue?.members ?? [] {
            object[key] = value
        }
        return .object(object)
    }
}
