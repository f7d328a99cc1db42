/// What an Envoy bootstrap needs besides the exported resources: its node identity and its admin
/// listener.
public struct BootstrapSettings: Hashable, Sendable {
    /// `node.id`: unique per Envoy of a fleet.
    public var nodeID: String
    /// `node.cluster`: the fleet the Envoy belongs to.
    public var nodeCluster: String
    /// The admin listener's address.
    public var adminHost: String
    /// The admin listener's port; 0 lets Envoy choose (see `--admin-address-path`).
    public var adminPort: Int

    /// Creates settings.
    ///
    /// - Parameters:
    ///   - nodeID: The node's id; `edge-gateway` by default.
    ///   - nodeCluster: The node's cluster; `edge` by default.
    ///   - adminHost: The admin address; loopback by default.
    ///   - adminPort: The admin port; 9901 by default, as Envoy's examples.
    public init(
        nodeID: String = "edge-gateway",
        nodeCluster: String = "edge",
        adminHost: String = "127.0.0.1",
        adminPort: Int = 9901
    ) {
        self.nodeID = nodeID
        self.nodeCluster = nodeCluster
        self.adminHost = adminHost
        self.adminPort = adminPort
    }

    /// The bootstrap's `node` and `admin` members.
    func members(into bootstrap: inout JSONObject) {
        bootstrap["node"] = ["id": .string(self.nodeID), "cluster": .string(self.nodeCluster)]
        bootstrap["admin"] = ["address": ProtoJSON.socketAddress(host: self.adminHost, port: self.adminPort)]
    }
}

/// A bootstrap whose resources are all static: `envoy -c FILE` serves the export as it is, and a change
/// needs a new file and a restart (or file-based xDS, ``FileXDS``).
public enum StaticBootstrap {
    /// The bootstrap document.
    ///
    /// - Parameters:
    ///   - export: The exported resources (with inline endpoints).
    ///   - settings: The node and the admin listener.
    public static func document(
        _ export: EnvoyConfiguration,
        settings: BootstrapSettings = BootstrapSettings()
    ) -> JSONValue {
        var bootstrap = JSONObject()
        settings.members(into: &bootstrap)
        bootstrap["static_resources"] = [
            "listeners": [export.listener],
            "clusters": .array(export.clusters.map(\.resource)),
        ]
        return .object(bootstrap)
    }
}
