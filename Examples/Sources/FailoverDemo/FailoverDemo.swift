import ArgumentParser
import EdgeRouting
import EdgeRoutingTestSupport
import Foundation

/// `failover-demo`: the guide's workload-cluster failover drills, simulated in virtual time.
@main
struct FailoverDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover-demo",
        abstract: "Simulate the guide's workload-cluster failover drills in virtual time.",
        discussion: """
            Without options, runs the guide's walkthrough on its demo environment (an edge in region-1, \
            cluster-1 in region-1, cluster-2 in region-2, BookInfo behind ingressgw-1 and ingressgw-2) for \
            the three edge Gateway variants (automatic, named, weighted) and the three drills (delete the \
            Gateway, scale the ingress gateway to 0, scale the upstream service to 0), under the guide's \
            load (wrk -c 1). It prints, per drill, the edge gateway's log and each ingress gateway's log \
            second by second, then a summary.

            Files may be YAML or JSON; the guide's YAML decodes unchanged. Bad input is reported with the \
            file and the field, and exit code 2.
            """
    )

    @Option(name: .customLong("edge"), help: ArgumentHelp("The edge Gateway resource.", valueName: "file"))
    var edgeFile: String?

    @Option(
        name: .customLong("topology"),
        help: ArgumentHelp("The edge's location and the workload clusters: {edge, clusters}.", valueName: "file")
    )
    var topologyFile: String?

    @Option(
        name: .customLong("scenario"),
        help: ArgumentHelp("A scenario: duration, load and faults at their times.", valueName: "file")
    )
    var scenarioFile: String?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp("Router settings (EdgeRouterConfiguration).", valueName: "file")
    )
    var configFile: String?

    @Option(help: "The demo's edge Gateway variant: automatic, named or weighted (default: all three).")
    var destination: DemoEnvironment.Destination?

    @Option(
        help: ArgumentHelp(
            "One drill: \(GuideDrill.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "name"
        )
    )
    var drill: GuideDrill?

    @Option(help: "A closed loop with this many connections (wrk -c N).")
    var connections: Int?

    @Option(help: "An open loop at this many requests per second.")
    var rate: Double?

    @Option(help: "How long clients send requests, in seconds.")
    var duration: Double?

    @Option(help: "The root seed of every random draw.")
    var seed: UInt64 = 1

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    mutating func validate() throws {
        if let connections, connections < 1 || connections > LoadProfile.maximumConnections {
            throw ValidationError("--connections must be in 1...\(LoadProfile.maximumConnections), got \(connections)")
        }
        if let rate, !(rate >= 0.001 && rate <= LoadProfile.maximumRate) {
            throw ValidationError("--rate must be in 0.001...\(Int(LoadProfile.maximumRate)) requests per second")
        }
        if connections != nil && rate != nil {
            throw ValidationError("give either --connections (closed loop) or --rate (open loop), not both")
        }
        if let duration, !(duration >= 0.001 && duration <= 86_400) {
            throw ValidationError("--duration must be in 0.001...86400 seconds")
        }
        if self.edgeFile != nil && self.destination != nil {
            throw ValidationError(
                "--destination picks one of the demo's edge Gateways; it cannot be combined with --edge"
            )
        }
        if self.scenarioFile != nil && self.drill != nil {
            throw ValidationError("--drill picks a built-in drill; it cannot be combined with --scenario")
        }
    }

    func run() throws {
        print(try self.output(), terminator: "")
    }

    /// Runs the command as `main` would, without exiting: for `main` and for tests.
    ///
    /// - Parameter arguments: The arguments, without the program's name.
    /// - Returns: The exit status, what goes to standard output, and what goes to standard error.
    static func execute(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
        let command: FailoverDemo
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
            return (0, try command.output(), "")
        } catch let error as InputError {
            return (2, "", "failover-demo: \(error)\n")
        } catch {
            return (1, "", "failover-demo: \(error)\n")
        }
    }

    static func main() {
        let result = Self.execute(Array(CommandLine.arguments.dropFirst()))
        if !result.output.isEmpty {
            print(result.output, terminator: "")
        }
        if !result.errors.isEmpty {
            FileHandle.standardError.write(Data(result.errors.utf8))
        }
        Foundation.exit(result.status)
    }
}

extension DemoEnvironment.Destination: @retroactive ExpressibleByArgument {}
extension GuideDrill: @retroactive ExpressibleByArgument {}
