import EdgeRouting
import EdgeRoutingFiles
import EdgeRoutingTestSupport

/// Bad input: the file (or option) and what is wrong with it. Exit code 2.
typealias InputError = ConfigurationFile.Failure

extension FailoverDemo {
    /// One simulation to run: a label for the destination, a deployment and a scenario.
    struct Run {
        var label: String
        var deployment: EdgeDeployment
        var scenario: SimulationScenario
    }

    /// Everything the command prints on success.
    func output() throws -> String {
        let runs = try self.plan()
        let configuration = try self.configFile.map { try Self.load(EdgeRouterConfiguration.self, $0) } ?? .defaults
        var reports: [TrafficReport] = []
        for run in runs {
            let simulation = Simulation(
                deployment: run.deployment,
                scenario: run.scenario,
                configuration: configuration,
                seed: self.seed,
                label: run.label
            )
            do {
                try simulation.validate()
            } catch let error as ConfigurationError {
                throw InputError(path: self.source(of: error), error: error)
            }
            reports.append(try simulation.run())
        }
        switch self.format {
        case .json:
            return try JSONConfiguration.encode(reports, prettyPrinted: true) + "\n"
        case .text:
            var text = self.heading(runs)
            for report in reports {
                text += "\n" + report.text()
            }
            text += "\nSummary (times from the fault, and from the repair)\n"
            text += TrafficReport.summary(reports).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            return text + "\n"
        }
    }

    /// The simulations to run, from the files and options.
    func plan() throws -> [Run] {
        var edge = DemoEnvironment.edge
        var topology = DemoEnvironment.topology()
        if let file = self.topologyFile {
            let deployment = try Self.load(DeploymentFile.self, file)
            edge = deployment.edge
            topology = deployment.topology
        }
        var variants: [(String, Gateway)]
        if let file = self.edgeFile {
            let gateway = try Self.load(Gateway.self, file)
            guard gateway.role == .edge else {
                throw InputError(
                    path: file,
                    error: ConfigurationError(
                        code: .invalidValue,
                        path: "spec.http[0].routing.rules[0].route",
                        message: "this is a workload Gateway (serviceDestination); --edge needs an edge Gateway "
                            + "whose routes use clusterDestination"
                    )
                )
            }
            let form = gateway.spec.http.first?.rules.first?.route.clusterDestination?.form.description ?? "edge"
            variants = [(form, gateway)]
        } else {
            let destinations = self.destination.map { [$0] } ?? DemoEnvironment.Destination.allCases
            variants = destinations.map { ($0.rawValue, DemoEnvironment.edgeGateway($0)) }
        }
        var runs: [Run] = []
        for (label, gateway) in variants {
            let deployment = EdgeDeployment(gateway: gateway, edge: edge, topology: topology)
            do {
                _ = try deployment.routeTable()
            } catch let error as ConfigurationError {
                throw InputError(path: self.edgeFile ?? self.topologyFile ?? "the demo", error: error)
            }
            var scenarios: [SimulationScenario]
            if let file = self.scenarioFile {
                scenarios = [try Self.load(SimulationScenario.self, file)]
            } else {
                let drills = self.drill.map { [$0] } ?? GuideDrill.guide
                scenarios = try drills.map { drill in
                    do {
                        return try drill.scenario(for: deployment)
                    } catch let error as ConfigurationError {
                        throw InputError(path: self.topologyFile ?? "the demo", error: error)
                    }
                }
            }
            for var scenario in scenarios {
                if let connections = self.connections {
                    scenario.load = .closedLoop(connections: connections)
                }
                if let rate = self.rate {
                    scenario.load = .openLoop(rate: rate)
                }
                if let duration = self.duration {
                    scenario.duration = .nanoseconds(Int64((duration * 1e9).rounded()))
                }
                runs.append(Run(label: label, deployment: deployment, scenario: scenario))
            }
        }
        return runs
    }

    /// The file an error of a simulation's validation belongs to.
    private func source(of error: ConfigurationError) -> String {
        if error.path.hasPrefix("faults") {
            return self.scenarioFile ?? "the drill"
        }
        return self.edgeFile ?? self.topologyFile ?? "the demo"
    }

    private func heading(_ runs: [Run]) -> String {
        let scenario = runs.first?.scenario
        var lines: [String] = []
        if self.scenarioFile == nil {
            lines.append("The guide's failover drills, simulated in virtual time (seed \(self.seed)).")
            lines.append(
                "Each drill: \(scenario?.load.description ?? "") like `wrk -c 1 -t 1`; the fault at 10 s, the repair at 50 s; "
                    + "\(Int((scenario?.duration ?? .zero) / .seconds(1))) s in all."
            )
        } else {
            lines.append(
                "Scenario \(scenario?.name ?? "") from \(self.scenarioFile ?? ""), simulated in virtual time (seed \(self.seed))."
            )
        }
        lines.append(
            "Columns: the edge gateway's log (answers by status and flags), each ingress gateway's log "
                + "(UF: connections it refused, as the edge saw them), retries, and what happened."
        )
        lines.append(
            "Seconds with the same status codes and nothing else happening are folded into one row (for example 0-9)."
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// Loads a document, turning every failure into an ``InputError`` that names the file and the field.
    static func load<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
        do {
            return try ConfigurationFile.load(type, from: file)
        } catch let error as ConfigurationError {
            throw InputError(path: file, error: error)
        } catch {
            throw InputError(path: file, error: ConfigurationError(decoding: error))
        }
    }
}
