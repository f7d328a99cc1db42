import ArgumentParser
import EdgeRouting
import EdgeRoutingFiles
import EnvoyExport
import Foundation

extension EnvoyConfigCommand {
    /// Reads the files, exports, writes; returns what goes to standard output (what was written) and to
    /// standard error (the diagnostics).
    func export() throws -> (output: String, diagnostics: String) {
        let gateway = try ConfigurationFile.load(Gateway.self, from: self.edge)
        let deployment = try ConfigurationFile.load(DeploymentFile.self, from: self.topology)
        let configuration = try self.config.map { try ConfigurationFile.load(EdgeRouterConfiguration.self, from: $0) }
        let edge = try self.edgeLocation(default: deployment.edge)
        let table: RouteTable
        do {
            table = try RouteTable(gateway: gateway, edgeLocation: edge, topology: deployment.topology)
        } catch let error as ConfigurationError {
            throw ConfigurationFile.Failure(path: self.edge, error: error)
        }

        let (listenHost, listenPort) = try Self.address(self.listen, option: "--listen")
        let (adminHost, adminPort) = try Self.address(self.admin, option: "--admin")
        var options = ExportOptions(
            listenHost: listenHost,
            listenPort: listenPort,
            connectTimeout: .nanoseconds(Int64(self.connectTimeout * 1e9)),
            accessLog: !self.noAccessLog
        )
        let settings = BootstrapSettings(
            nodeID: self.nodeID,
            nodeCluster: self.nodeCluster,
            adminHost: adminHost,
            adminPort: adminPort
        )
        var output = ""
        var diagnostics = ""
        let export: EnvoyConfiguration
        if let xdsDirectory = self.xdsDirectory {
            let directory = Self.absolute(xdsDirectory)
            if self.eds == .files {
                options = FileXDS.options(directory: directory, base: options)
            }
            export = EnvoyExporter.export(table, configuration: configuration ?? .defaults, options: options)
            let report = try XDSDirectory.write(
                export,
                to: directory,
                bootstrap: self.output.map(Self.absolute),
                settings: settings,
                settle: .milliseconds(Int((self.settleSeconds * 1000).rounded()))
            )
            output += Self.summary(export, options: options)
            for (path, outcome) in report.files {
                output += "\(outcome) \(path)\n"
            }
            for warning in report.warnings {
                diagnostics += "envoy-config: xds: \(warning)\n"
            }
        } else {
            export = EnvoyExporter.export(table, configuration: configuration ?? .defaults, options: options)
            let document = StaticBootstrap.document(export, settings: settings).rendered() + "\n"
            if self.output == "-" {
                output += document
            } else if let path = self.output {
                output += Self.summary(export, options: options)
                output += "\(try AtomicFile.write(document, to: path)) \(path)\n"
            }
        }
        for diagnostic in export.resolutionDiagnostics {
            diagnostics += "envoy-config: resolution: \(diagnostic)\n"
        }
        for diagnostic in export.diagnostics {
            diagnostics += "envoy-config: export: \(diagnostic)\n"
        }
        return (output, diagnostics)
    }

    /// What the export holds, one line per listener and cluster.
    static func summary(_ export: EnvoyConfiguration, options: ExportOptions) -> String {
        let hosts = export.routeConfiguration?["virtual_hosts"]?.arrayValue ?? []
        let domains = hosts.compactMap { $0["domains"]?[0]?.stringValue }
        var text = "listener \(options.listenHost):\(options.listenPort): \(hosts.count) virtual "
        text += (hosts.count == 1 ? "host" : "hosts") + " (" + domains.joined(separator: ", ") + ")\n"
        for cluster in export.clusters {
            text += "cluster \(cluster.name) (\(cluster.discoveryType)): \(cluster.priorities)\n"
        }
        return text
    }

    /// The edge's location: the topology file's, or the one `--edge-locality` names (with the file's
    /// network and labels).
    private func edgeLocation(default location: EdgeLocation) throws -> EdgeLocation {
        guard let text = self.edgeLocality else { return location }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        do {
            guard parts.count <= 2 else {
                throw ConfigurationError(
                    code: .invalidValue,
                    path: "",
                    message: "expected REGION or REGION/ZONE, got \"\(text)\""
                )
            }
            let locality = try Locality(region: parts[0], zone: parts.count == 2 ? parts[1] : nil)
            return try EdgeLocation(locality: locality, network: location.network, labels: location.labels)
        } catch let error as ConfigurationError {
            throw ConfigurationFile.Failure(path: "--edge-locality", error: error)
        }
    }

    /// `HOST:PORT`, with an IPv6 host in brackets.
    static func address(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw ValidationError("\(option) expects HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard !host.isEmpty else {
            throw ValidationError("\(option) expects HOST:PORT, got '\(text)'")
        }
        return (host, port)
    }

    /// The path made absolute against the working directory (Envoy resolves xDS paths from its own).
    static func absolute(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
