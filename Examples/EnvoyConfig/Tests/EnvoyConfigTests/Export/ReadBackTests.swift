import EdgeRouting
import Foundation
import Testing

@testable import EnvoyConfigCommand
@testable import EnvoyExport

/// The make-before-break step reads the current CDS file back; these tests read the real exported
/// files, and broken ones.
@Suite("Reading the xDS directory back")
struct ReadBackTests {
    /// The export of the edge Gateway with the demo topology, as the CLI makes it for `directory`.
    private static func export(_ edge: JSONValue, for directory: String) throws -> EnvoyConfiguration {
        try Exports.make(edge: edge, options: FileXDS.options(directory: directory, base: ExportOptions()))
    }

    /// A new workspace whose `xds` directory holds the export of the automatic destination.
    private static func exported(
        _ name: String
    ) throws -> (workspace: Workspace, directory: String, export: EnvoyConfiguration, report: XDSDirectory.Report) {
        let workspace = try Workspace(name)
        let directory = workspace.path("xds")
        let export = try Self.export(TestDocuments.edgeGateway(), for: directory)
        return (workspace, directory, export, try XDSDirectory.write(export, to: directory))
    }

    @Test("Every exported file reads back as the document written, its Booleans and integers included")
    func exportedFiles() throws {
        let (workspace, directory, export, report) = try Self.exported("read-back-files")
        #expect(report.warnings.isEmpty)
        let files =
            FileXDS.files(export, directory: directory)
            + [FileXDS.File(path: directory + "/bootstrap.json", document: FileXDS.bootstrap(directory: directory))]
        #expect(files.count == 4)
        for file in files {
            #expect(try JSONValue(contentsOfFile: file.path) == file.document.sortingKeys, "\(file.path)")
        }
        let cluster = try JSONValue(contentsOfFile: directory + "/" + FileXDS.clusterFile)["resources"]?[0]
        #expect(cluster?.objectValue?.keys.first == "@type")
        #expect(cluster?["outlier_detection"]?["consecutive_5xx"] == .integer(5))
        #expect(cluster?["outlier_detection"]?["always_eject_one_host"] == .bool(true))
        #expect(cluster?["outlier_detection"]?["split_external_local_origin_errors"] == .bool(false))
        workspace.remove()
    }

    @Test("Every truncation of the exported CDS file is rejected")
    func truncations() throws {
        let (workspace, directory, _, _) = try Self.exported("read-back-truncated")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + FileXDS.clusterFile))
        #expect(bytes.suffix(2) == Data("}\n".utf8))
        // Each prefix short of the final brace leaves an object open.
        for length in 0..<(bytes.count - 1) {
            #expect(throws: JSONValue.ParseError.self, "\(length) bytes") {
                try JSONValue(parsing: bytes.prefix(length))
            }
        }
        workspace.remove()
    }

    @Test("The clusters leaving are read from the current CDS file as they were written")
    func leavingClusters() throws {
        let (workspace, directory, automatic, _) = try Self.exported("read-back-leaving")
        let clusterFile = directory + "/" + FileXDS.clusterFile
        let next = try Self.export(
            TestDocuments.edgeGateway(TestDocuments.named(["cluster-2", "cluster-1"])),
            for: directory
        )
        let leaving = try XDSDirectory.clustersLeaving(clusterFile, keeping: Set(next.clusters.map(\.name)))
        #expect(
            leaving == [FileXDS.typed("envoy.config.cluster.v3.Cluster", automatic.clusters[0].resource).sortingKeys]
        )
        #expect(try XDSDirectory.clustersLeaving(clusterFile, keeping: Set(automatic.clusters.map(\.name))).isEmpty)
        #expect(try XDSDirectory.clustersLeaving(directory + "/none.json", keeping: []).isEmpty)

        // At each wait, what Envoy would read: the clusters in CDS, and whether LDS routes to the new one.
        let listenerFile = directory + "/" + FileXDS.listenerFile
        var seen: [(clusters: Int, routesMoved: Bool)] = []
        let report = try XDSDirectory.write(next, to: directory, bootstrap: nil, settings: BootstrapSettings()) {
            let clusters = try? JSONValue(contentsOfFile: clusterFile)["resources"]?.arrayValue?.count
            let routes = (try? String(contentsOfFile: listenerFile, encoding: .utf8)) ?? ""
            seen.append((clusters ?? -1, routes.contains(next.clusters[0].name)))
        }
        #expect(seen.map(\.clusters) == [2, 2])
        #expect(seen.map(\.routesMoved) == [false, true])
        let clusterWrites = report.files.filter { $0.path == clusterFile }.map(\.outcome)
        #expect(clusterWrites == ["replaced (keeping 1 leaving)", "replaced"])
        let names = try JSONValue(contentsOfFile: clusterFile)["resources"]?.arrayValue?.map { $0["name"] }
        #expect(names == next.clusters.map { .string($0.name) })
        workspace.remove()
    }

    @Test("The first export and a topology change never wait; a cluster replacement waits twice")
    func waits() throws {
        let workspace = try Workspace("read-back-waits")
        let directory = workspace.path("xds")
        var waits = 0
        func write(_ edge: JSONValue, topology: JSONValue = Exports.demoTopology) throws {
            let export = try Exports.make(
                edge: edge,
                topology: topology,
                options: FileXDS.options(directory: directory, base: ExportOptions())
            )
            _ = try XDSDirectory.write(export, to: directory, bootstrap: nil, settings: BootstrapSettings()) {
                waits += 1
            }
        }
        try write(TestDocuments.edgeGateway())
        #expect(waits == 0)
        // cluster-1's Gateway deleted: only its endpoint file changes.
        var deleted = TestDocuments.Cluster("cluster-1", region: "region-1", endpoints: ["127.0.0.1:18081"])
        deleted.servesHostname = false
        let cluster2 = TestDocuments.Cluster("cluster-2", region: "region-2", endpoints: ["127.0.0.1:18082"])
        try write(TestDocuments.edgeGateway(), topology: TestDocuments.topology([deleted, cluster2]))
        #expect(waits == 0)
        try write(TestDocuments.edgeGateway(TestDocuments.named(["cluster-2", "cluster-1"])))
        #expect(waits == 2)
        workspace.remove()
    }

    @Test("A broken CDS file is reported, named, and replaced by a valid one")
    func brokenClusterFile() throws {
        let (workspace, directory, export, _) = try Self.exported("read-back-broken")
        let clusterFile = directory + "/" + FileXDS.clusterFile
        try workspace.write("xds/" + FileXDS.clusterFile, text: #"{"resources": [{"name": "#)
        let report = try XDSDirectory.write(export, to: directory)
        #expect(report.warnings.count == 1)
        let warning = "clusters replaced without make-before-break: \(clusterFile): invalid JSON: "
        #expect(report.warnings.first?.hasPrefix(warning) == true, "\(report.warnings)")
        #expect(report.files.contains { $0 == (clusterFile, "replaced") })
        let written = FileXDS.files(export, directory: directory).first { $0.path == clusterFile }
        #expect(try JSONValue(contentsOfFile: clusterFile) == written?.document.sortingKeys)

        // The CLI says so on standard error and succeeds.
        try workspace.write("xds/" + FileXDS.clusterFile, text: "[1] 2")
        let edge = try workspace.write("edge.json", TestDocuments.edgeGateway())
        let topology = try workspace.write("topology.json", Exports.demoTopology)
        let result = try workspace.envoyConfig(["--edge", edge, "--topology", topology, "--xds-dir", directory])
        #expect(result.errors.contains("envoy-config: xds: \(warning)"), "\(result.errors)")
        #expect(result.output.contains("replaced \(clusterFile)"))
        workspace.remove()
    }
}
