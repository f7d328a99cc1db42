import EnvoyExport
import Foundation
import Testing

@testable import EnvoyConfigCommand

@Suite("envoy-config")
struct CommandTests {
    @Test("Bad input names the file and the field, with exit status 2")
    func badInput() throws {
        let workspace = try Workspace("cli-bad")
        let topology = try workspace.write("topology.json", Exports.demoTopology)
        let edge = try workspace.write(
            "edge.yaml",
            text: """
                spec:
                  http:
                    - name: bookinfo
                      port: 80
                      hostname: bookinfo.tse.tetratelabs.io
                      routing:
                        rules:
                          - route:
                              clusterDestination:
                                clusters: [{name: cluster-1, weight: 50}, {name: cluster-2}]

                """
        )
        let result = EnvoyConfigCommand.execute([
            "--edge", edge, "--topology", topology, "--output", workspace.path("out.json"),
        ])
        #expect(result.status == 2)
        #expect(
            result.errors.hasPrefix("envoy-config: \(edge): invalid configuration at spec.http[0].routing.rules[0]")
        )
        #expect(!FileManager.default.fileExists(atPath: workspace.path("out.json")))

        let missing = EnvoyConfigCommand.execute([
            "--edge", workspace.path("nope.yaml"), "--topology", topology, "--output", "-",
        ])
        #expect(missing.status == 2)
        #expect(
            missing.errors.hasPrefix("envoy-config: \(workspace.path("nope.yaml")): invalid configuration: cannot read")
        )
        workspace.remove()
    }

    @Test(
        "Usage errors exit with status 2",
        arguments: [
            ["--edge", "e", "--topology", "t"],
            ["--edge", "e", "--topology", "t", "--output", "-", "--listen", "nohost"],
            ["--edge", "e", "--topology", "t", "--output", "-", "--admin", ":80"],
            ["--edge", "e", "--topology", "t", "--output", "-", "--connect-timeout", "0"],
            ["--edge", "e", "--topology", "t", "--xds-dir", "d", "--eds", "sometimes"],
            ["--edge", "e", "--topology", "t", "--output", "f", "--watch", "1"],
            ["--edge", "e", "--topology", "t", "--xds-dir", "d", "--watch", "0"],
        ]
    )
    func usage(arguments: [String]) {
        let result = EnvoyConfigCommand.execute(arguments)
        #expect(result.status == 2)
        #expect(!result.errors.isEmpty)
    }

    @Test("A static bootstrap to standard output; --edge-locality exports for another region's edge")
    func staticOutput() throws {
        let workspace = try Workspace("cli-static")
        let topology = try workspace.write("topology.json", Exports.demoTopology)
        let edge = try workspace.write("edge.json", TestDocuments.edgeGateway())
        let local = try workspace.envoyConfig(["--edge", edge, "--topology", topology, "--output", "-"])
        let document = try JSONSerialization.jsonObject(with: Data(local.output.utf8)) as? [String: Any]
        #expect(document?["static_resources"] != nil)
        #expect(local.errors.contains("envoy-config: export: windowedRetryBudget at retries.budget"))

        let file = workspace.path("region-2.json")
        let remote = try workspace.envoyConfig([
            "--edge", edge, "--topology", topology, "--edge-locality", "region-2", "--listen", "[::]:8080",
            "--admin", "127.0.0.1:9902", "--node-id", "edge-region-2", "--output", file,
        ])
        #expect(
            remote.output == """
                listener :::8080: 1 virtual host (bookinfo.tse.tetratelabs.io)
                cluster bookinfo.tse.tetratelabs.io|80|automatic (STATIC): P0 {cluster-2} P1 {cluster-1}
                created \(file)

                """
        )
        let bad = EnvoyConfigCommand.execute([
            "--edge", edge, "--topology", topology, "--edge-locality", "a/b/c", "--output", "-",
        ])
        #expect(bad.status == 2)
        #expect(
            bad.errors.hasPrefix("envoy-config: --edge-locality: invalid configuration: expected REGION or REGION/ZONE")
        )
    }

    @Test("xDS directory: rewritten only where the content changed; stale endpoint files removed")
    func xdsDirectory() throws {
        let workspace = try Workspace("cli-xds")
        let directory = workspace.path("xds")
        let edge = try workspace.write("edge.json", TestDocuments.edgeGateway())
        let topology = try workspace.write("topology.json", Exports.demoTopology)
        let arguments = ["--edge", edge, "--topology", topology, "--xds-dir", directory]
        let first = try workspace.envoyConfig(arguments).output
        #expect(first.contains("created \(directory)/cds.json"))
        #expect(first.contains("created \(directory)/lds.json"))
        #expect(first.contains("created \(directory)/bootstrap.json"))
        let again = try workspace.envoyConfig(arguments).output
        #expect(!again.contains("created") && !again.contains("replaced"), "\(again)")

        try workspace.write(
            "topology.json",
            TestDocuments.topology([.init("cluster-2", region: "region-2", endpoints: ["127.0.0.1:18082"])])
        )
        let changed = try workspace.envoyConfig(arguments).output
        let replaced = changed.split(separator: "\n").filter { $0.hasPrefix("replaced") }
        #expect(replaced.count == 1)
        #expect(replaced.first?.contains("\(directory)/eds/") == true)

        // A new edge Gateway: other clusters, so the old endpoint file goes.
        try workspace.write("edge.json", TestDocuments.edgeGateway(TestDocuments.named(["cluster-2"])))
        let renamed = try workspace.envoyConfig(arguments).output
        #expect(renamed.contains("replaced \(directory)/cds.json"))
        #expect(renamed.split(separator: "\n").filter { $0.hasPrefix("removed \(directory)/eds/") }.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/eds")
        #expect(files.count == 1)
        #expect(files.allSatisfy { !$0.hasPrefix(".") })

        // Inline endpoints: no EDS files, STATIC clusters in CDS.
        let inline = try workspace.envoyConfig(arguments + ["--eds", "inline"]).output
        #expect(inline.contains("(STATIC)"))
        workspace.remove()
    }
}
