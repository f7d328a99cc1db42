import EdgeRouting
import EdgeRoutingFiles
import Foundation
import Testing

@Suite struct ConfigurationFileTests {
    /// `Examples/` (two levels above this file's folder).
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String {
        examples.appendingPathComponent(relative).path
    }

    @Test(arguments: [
        ("config/edge-automatic.yaml", ClusterDestination.Form.automatic, [String]()),
        ("config/edge-named.yaml", .named, ["cluster-1", "cluster-2"]),
        ("config/edge-weighted.yaml", .weighted, ["cluster-1", "cluster-2"]),
    ])
    func guideDocumentsDecode(file: String, form: ClusterDestination.Form, clusters: [String]) throws {
        let gateway = try ConfigurationFile.load(Gateway.self, from: Self.path(file))
        let destination = try #require(gateway.spec.http.first?.rules.first?.route.clusterDestination)
        #expect(destination.form == form)
        #expect(destination.clusters.compactMap(\.selector.name) == clusters)
        #expect(gateway.spec.http.first?.hostname.value == "bookinfo.tse.tetratelabs.io")
    }

    @Test func demoTopologyDecodes() throws {
        let deployment = try ConfigurationFile.load(DeploymentFile.self, from: Self.path("config/demo-topology.yaml"))
        #expect(deployment.edge.locality.region == "region-1")
        #expect(deployment.topology.clusters.map(\.name) == ["cluster-1", "cluster-2"])
        #expect(deployment.topology.clusters.map(\.locality.region) == ["region-1", "region-2"])
        let table = try RouteTable(
            gateway: ConfigurationFile.load(Gateway.self, from: Self.path("config/edge-automatic.yaml")),
            edgeLocation: deployment.edge,
            topology: deployment.topology
        )
        #expect(
            table.servers.first?.rules.first?.plan.failover?.tiers.map(\.clusterNames) == [
                ["cluster-1"], ["cluster-2"],
            ]
        )
    }

    @Test func guideSecondDocumentAsPrintedIsRejectedWithAHint() throws {
        let file = Self.path("Tests/EdgeRoutingFilesTests/Documents/guide-named-as-printed.yaml")
        let failure = try #require(throws: ConfigurationFile.Failure.self) {
            try ConfigurationFile.load(Gateway.self, from: file)
        }
        #expect(failure.path == file)
        #expect(failure.error.path == "spec.http[0].routing.rules[0].clusterDestination")
        #expect(failure.error.message.contains("belongs inside 'route'"))
        #expect(failure.description.hasPrefix(file + ": invalid configuration at spec.http[0]"))
    }

    @Test func malformedYAMLNamesTheProblem() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationFile.decode(Gateway.self, from: Data("spec: [unclosed".utf8), json: false)
        }
        #expect(error.code == .malformedDocument)
        #expect(error.message.contains("not valid YAML"))
    }

    @Test func yamlFieldErrorsCarryPaths() throws {
        let yaml = """
            spec:
              http:
                - name: bookinfo
                  port: 0
                  hostname: bookinfo.tse.tetratelabs.io
                  routing: {rules: [{route: {clusterDestination: {}}}]}
            """
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationFile.decode(Gateway.self, from: Data(yaml.utf8), json: false)
        }
        #expect(error.path == "spec.http[0].port")
        #expect(error.message.contains("1...65535"))
    }

    @Test func missingFileIsReported() throws {
        let failure = try #require(throws: ConfigurationFile.Failure.self) {
            try ConfigurationFile.load(Gateway.self, from: "/nonexistent/edge.yaml")
        }
        #expect(failure.description.hasPrefix("/nonexistent/edge.yaml: "))
    }

    @Test func unknownDeploymentFieldIsRejected() throws {
        let yaml = "edge: {locality: {region: region-1}}\nclusters: []\nextra: 1\n"
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationFile.decode(DeploymentFile.self, from: Data(yaml.utf8), json: false)
        }
        #expect(error.code == .unknownField)
        #expect(error.path == "extra")
    }
}
