import ArgumentParser
import EdgeRouting
import EdgeRoutingFiles
import EnvoyExport
import Foundation

/// `envoy-config`: the edge's EdgeRouting documents as Envoy configuration.
@main
struct EnvoyConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envoy-config",
        abstract: "Export the edge Gateway, the topology and the router settings as Envoy v3 configuration.",
        discussion: """
            Reads the same files as failover-demo and edge-proxy (YAML or JSON) and writes either a static \
            bootstrap (--output) or a file-based xDS directory (--xds-dir) that a running Envoy follows: run \
            the command again after a change and Envoy picks it up without a restart. Whatever Envoy cannot \
            express exactly is reported on standard error as a diagnostic (see Documentation/ENVOY.md). Bad \
            input is reported with the file and the field, and exit code 2.
            """
    )

    @Option(help: ArgumentHelp("The edge Gateway resource.", valueName: "file"))
    var edge: String

    @Option(help: ArgumentHelp("The edge's location and the workload clusters: {edge, clusters}.", valueName: "file"))
    var topology: String

    @Option(help: ArgumentHelp("Router settings (EdgeRouterConfiguration).", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp("Where Envoy's listener binds, HOST:PORT (port 0: Envoy chooses).", valueName: "address")
    )
    var listen = "127.0.0.1:10000"

    @Option(help: ArgumentHelp("Envoy's admin listener, HOST:PORT.", valueName: "address"))
    var admin = "127.0.0.1:9901"

    @Option(
        help: ArgumentHelp(
            "The bootstrap to write ('-' for standard output); with --xds-dir, default DIR/bootstrap.json.",
            valueName: "file"
        )
    )
    var output: String?

    @Option(
        name: .customLong("xds-dir"),
        help: ArgumentHelp("Write file-based xDS (LDS, CDS, EDS) into this directory.", valueName: "directory")
    )
    var xdsDirectory: String?

    @Option(
        help: ArgumentHelp(
            "With --xds-dir: endpoints in EDS files (the default) or inline in CDS.",
            valueName: "files|inline"
        )
    )
    var eds: EndpointMode = .files

    @Option(
        name: .customLong("edge-locality"),
        help: ArgumentHelp(
            "Export for an edge in this locality instead of the topology file's (REGION or REGION/ZONE).",
            valueName: "locality"
        )
    )
    var edgeLocality: String?

    @Option(name: .customLong("node-id"), help: "The Envoy node's id.")
    var nodeID = "edge-gateway"

    @Option(name: .customLong("node-cluster"), help: "The Envoy node's cluster (the fleet's name).")
    var nodeCluster = "edge"

    @Option(name: .customLong("connect-timeout"), help: "Seconds Envoy may take to connect to an ingress endpoint.")
    var connectTimeout = 5.0

    @Flag(name: .customLong("no-access-log"), help: "Do not configure Envoy's access log on standard output.")
    var noAccessLog = false

    @Option(
        name: .customLong("watch"),
        help: ArgumentHelp(
            "With --xds-dir: keep running, and export again whenever one of the files changes (checked every "
                + "SECONDS). A bad file is reported and the previous export stays in force.",
            valueName: "seconds"
        )
    )
    var watchInterval: Double?

    @Option(
        name: .customLong("settle"),
        help: ArgumentHelp(
            "With --xds-dir: when clusters are added or removed, the SECONDS Envoy is given to apply each step "
                + "of the replacement before the next is written (Envoy does not acknowledge a file).",
            valueName: "seconds"
        )
    )
    var settleSeconds = 1.0

    enum EndpointMode: String, ExpressibleByArgument, CaseIterable {
        case files
        case inline
    }

    mutating func validate() throws {
        guard self.settleSeconds.isFinite, (0...60).contains(self.settleSeconds) else {
            throw ValidationError("--settle takes 0 to 60 seconds")
        }
        if self.output == nil && self.xdsDirectory == nil {
            throw ValidationError("give --output FILE (a static bootstrap) or --xds-dir DIR (file-based xDS)")
        }
        if !(self.connectTimeout > 0 && self.connectTimeout <= 3600) {
            throw ValidationError("--connect-timeout must be in (0, 3600] seconds, got \(self.connectTimeout)")
        }
        _ = try Self.address(self.listen, option: "--listen")
        _ = try Self.address(self.admin, option: "--admin")
        if let interval = self.watchInterval {
            guard self.xdsDirectory != nil else {
                throw ValidationError("--watch needs --xds-dir: a static bootstrap cannot follow a change")
            }
            guard interval >= 0.05 && interval <= 3600 else {
                throw ValidationError("--watch must be in 0.05...3600 seconds, got \(interval)")
            }
        }
    }

    func run() throws {
        let (output, diagnostics) = try self.export()
        FileHandle.standardError.write(Data(diagnostics.utf8))
        print(output, terminator: "")
    }

    /// Runs the command as `main` would, without exiting: for `main` and for tests.
    ///
    /// - Parameter arguments: The arguments, without the program's name.
    /// - Returns: The exit status, what goes to standard output, and what goes to standard error.
    static func execute(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
        let command: EnvoyConfigCommand
        do {
            command = try Self.parse(arguments)
        } catch {
            let message = Self.fullMessage(for: error)
            if Self.exitCode(for: error) == .success {
                return (0, message + "\n", "")
            }
            return (2, "", message + "\n")
        }
        do {
            let (output, warnings) = try command.export()
            return (0, output, warnings)
        } catch let error as ConfigurationFile.Failure {
            return (2, "", "envoy-config: \(error)\n")
        } catch {
            return (1, "", "envoy-config: \(error)\n")
        }
    }

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let command = try? Self.parse(arguments), let interval = command.watchInterval {
            command.watch(
                every: interval,
                until: { false },
                report: { output, errors in
                    FileHandle.standardOutput.write(Data(output.utf8))
                    FileHandle.standardError.write(Data(errors.utf8))
                }
            )
            return
        }
        let result = Self.execute(arguments)
        if !result.output.isEmpty {
            print(result.output, terminator: "")
        }
        if !result.errors.isEmpty {
            FileHandle.standardError.write(Data(result.errors.utf8))
        }
        Foundation.exit(result.status)
    }
}
