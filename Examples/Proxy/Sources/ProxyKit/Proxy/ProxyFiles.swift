import EdgeRouting
import EdgeRoutingFiles
import Foundation

/// The files an edge proxy is configured from — the same as the failover demo's — and what they hold.
///
/// - `edge`: the edge Gateway resource (YAML or JSON);
/// - `topology`: the deployment: the edge's location and the workload clusters;
/// - `configuration` (optional): the router's load-balancing, outlier-detection and retry settings.
public struct ProxyFiles: Sendable, Hashable {
    /// The edge Gateway file.
    public var edge: String
    /// The deployment file (edge location and clusters).
    public var topology: String
    /// The router configuration file, if any.
    public var configuration: String?

    /// Names the files.
    ///
    /// - Parameters:
    ///   - edge: The edge Gateway file.
    ///   - topology: The deployment file.
    ///   - configuration: The router configuration file, or `nil` for the defaults.
    public init(edge: String, topology: String, configuration: String? = nil) {
        self.edge = edge
        self.topology = topology
        self.configuration = configuration
    }

    /// Every file named, for change detection.
    public var all: [String] {
        [self.edge, self.topology] + (self.configuration.map { [$0] } ?? [])
    }

    /// Reads and validates every file.
    ///
    /// - Returns: The documents.
    /// - Throws: `ConfigurationFile.Failure`, whose description names the file and the field.
    public func load() throws -> ProxyDocuments {
        let gateway = try ConfigurationFile.load(Gateway.self, from: self.edge)
        let deployment = try ConfigurationFile.load(DeploymentFile.self, from: self.topology)
        var configuration = EdgeRouterConfiguration.defaults
        var configurationBytes: Data?
        if let path = self.configuration {
            configuration = try ConfigurationFile.load(EdgeRouterConfiguration.self, from: path)
            configurationBytes = try? Data(contentsOf: URL(fileURLWithPath: path))
        }
        return ProxyDocuments(
            gateway: gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: configuration,
            configurationBytes: configurationBytes
        )
    }

    /// A cheap fingerprint of the files (size and modification time of each), to notice edits.
    public func fingerprint() -> [String] {
        self.all.map { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return "\(path): missing" }
            return "\(path): \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
        }
    }
}

/// The validated contents of the proxy's files.
public struct ProxyDocuments: Sendable {
    /// The edge Gateway.
    public var gateway: Gateway
    /// Where the edge runs.
    public var edge: EdgeLocation
    /// The workload clusters.
    public var topology: Topology
    /// The router configuration (the defaults when no file is named).
    public var configuration: EdgeRouterConfiguration
    /// The configuration file's bytes, to tell whether it changed; `nil` without a file.
    public var configurationBytes: Data?

    /// Creates documents.
    ///
    /// - Parameters:
    ///   - gateway: The edge Gateway.
    ///   - edge: Where the edge runs.
    ///   - topology: The workload clusters.
    ///   - configuration: The router configuration.
    ///   - configurationBytes: The configuration file's bytes, if any.
    public init(
        gateway: Gateway,
        edge: EdgeLocation,
        topology: Topology,
        configuration: EdgeRouterConfiguration = .defaults,
        configurationBytes: Data? = nil
    ) {
        self.gateway = gateway
        self.edge = edge
        self.topology = topology
        self.configuration = configuration
        self.configurationBytes = configurationBytes
    }
}
