import EdgeRouting
import EdgeRoutingFiles
import EnvoyExport
import Foundation

/// Exports test documents in-process, through the same decoding as the CLI's files.
enum Exports {
    /// The guide's demo on loopback: cluster-1 in the edge's region, cluster-2 in region-2.
    static let demoTopology = TestDocuments.topology([
        .init("cluster-1", region: "region-1", endpoints: ["127.0.0.1:18081"]),
        .init("cluster-2", region: "region-2", endpoints: ["127.0.0.1:18082"]),
    ])

    /// Decodes the documents and exports them.
    static func make(
        edge: JSONValue = TestDocuments.edgeGateway(),
        topology: JSONValue = Self.demoTopology,
        settings: JSONValue? = nil,
        options: ExportOptions = ExportOptions()
    ) throws -> EnvoyConfiguration {
        let gateway = try self.decode(Gateway.self, edge)
        let deployment = try self.decode(DeploymentFile.self, topology)
        let configuration = try settings.map { try self.decode(EdgeRouterConfiguration.self, $0) } ?? .defaults
        return try EnvoyExporter.export(
            gateway: gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: configuration,
            options: options
        )
    }

    static func decode<T: Decodable>(_ type: T.Type, _ document: JSONValue) throws -> T {
        try ConfigurationFile.decode(type, from: Data(document.rendered().utf8), json: true)
    }
}

extension EnvoyConfiguration {
    /// The first route's action (`route`).
    var firstRouteAction: JSONValue? {
        self.routeConfiguration?["virtual_hosts"]?[0]?["routes"]?[0]?["route"]
    }

    /// The diagnostics' kinds, by name.
    var diagnosticKinds: [String] {
        self.diagnostics.map(\.kind.description)
    }
}
