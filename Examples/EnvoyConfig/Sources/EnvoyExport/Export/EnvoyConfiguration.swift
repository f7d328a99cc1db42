import EdgeRouting

/// What one export produced: the Envoy resources, and everything the exporter and resolution noticed.
///
/// The resources are the same for both ways of running Envoy: ``StaticBootstrap`` puts them into
/// `static_resources`, ``FileXDS`` into LDS, CDS and EDS files.
public struct EnvoyConfiguration: Sendable {
    /// The route table the resources were made from.
    public let routeTable: RouteTable
    /// The edge's one listener, with its routes inline.
    public let listener: JSONValue
    /// The clusters: one per automatic or named destination, one per target of a weighted destination,
    /// in the edge Gateway's order.
    public let clusters: [ExportedCluster]
    /// What Envoy cannot express exactly, in the order found.
    public let diagnostics: [ExportDiagnostic]

    /// The route configuration inside the listener.
    public var routeConfiguration: JSONValue? {
        self.listener["filter_chains"]?[0]?["filters"]?[0]?["typed_config"]?["route_config"]
    }

    /// The cluster named `name`, if the export has one.
    ///
    /// - Parameter name: An Envoy cluster name.
    public func cluster(named name: String) -> ExportedCluster? {
        self.clusters.first { $0.name == name }
    }

    /// What resolution noticed (a listed cluster that does not exist, a hostname no cluster serves, …);
    /// the same diagnostics `RouteTable` gives every other user of the documents.
    public var resolutionDiagnostics: [ResolutionDiagnostic] {
        self.routeTable.diagnostics
    }
}
