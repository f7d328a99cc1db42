import EnvoyExport
import Foundation
import Testing

@testable import EnvoyConfigCommand

/// A test's directory of documents and Envoy files, and the steps every test takes: write the
/// documents, run `envoy-config`, start Envoy.
struct Workspace {
    let directory: String

    /// A new, empty directory under the system's temporary directory.
    init(_ name: String) throws {
        self.directory = NSTemporaryDirectory() + "envoy-config-tests/\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
    }

    /// The path of a file in the workspace.
    func path(_ name: String) -> String {
        self.directory + "/" + name
    }

    /// Writes a JSON document and returns its path.
    @discardableResult
    func write(_ name: String, _ document: JSONValue) throws -> String {
        let path = self.path(name)
        try AtomicFile.write(document.rendered() + "\n", to: path)
        return path
    }

    /// Writes a text document (YAML) and returns its path.
    @discardableResult
    func write(_ name: String, text: String) throws -> String {
        let path = self.path(name)
        try AtomicFile.write(text, to: path)
        return path
    }

    /// Runs `envoy-config` in-process and requires it to succeed.
    ///
    /// - Returns: What it printed on standard output and standard error.
    @discardableResult
    func envoyConfig(_ arguments: [String]) throws -> (output: String, errors: String) {
        let result = EnvoyConfigCommand.execute(arguments)
        try #require(result.status == 0, "envoy-config \(arguments.joined(separator: " ")) failed: \(result.errors)")
        return (result.output, result.errors)
    }

    /// Exports the documents as a static bootstrap (listener and admin on ports Envoy chooses) and
    /// starts Envoy from it.
    func startStatic(
        edge: String,
        topology: String,
        config: String? = nil,
        name: String = "envoy"
    ) throws -> EnvoyProcess {
        let bootstrap = self.path(name + ".json")
        var arguments = ["--edge", edge, "--topology", topology, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"]
        arguments += ["--output", bootstrap]
        if let config { arguments += ["--config", config] }
        try self.envoyConfig(arguments)
        let directory = self.path(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try EnvoyProcess(bootstrap: bootstrap, directory: directory)
    }

    /// The guide's demo on loopback: two stub ingress gateways, cluster-1 in the edge's region and
    /// cluster-2 in region-2, written as `topology.json`.
    ///
    /// - Returns: The stubs and the topology file.
    func guideDemo() throws -> (one: StubIngress, two: StubIngress, topology: String) {
        let one = try StubIngress(cluster: "cluster-1")
        let two = try StubIngress(cluster: "cluster-2")
        let topology = try self.write(
            "topology.json",
            TestDocuments.topology([
                .init("cluster-1", region: "region-1", endpoints: [one.address]),
                .init("cluster-2", region: "region-2", endpoints: [two.address]),
            ])
        )
        return (one, two, topology)
    }

    /// Removes the directory.
    func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }
}
