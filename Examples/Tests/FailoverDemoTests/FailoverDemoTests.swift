import EdgeRouting
import EdgeRoutingTestSupport
import Foundation
import Testing

@testable import FailoverDemo

/// `Examples/`: documents and scenarios live there.
private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func path(_ relative: String) -> String {
    examples.appendingPathComponent(relative).path
}

/// Writes `text` to a fresh file with the given extension and returns its path.
private func temporaryFile(_ text: String, extension fileExtension: String = "yaml") throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("failover-demo-\(UUID().uuidString).\(fileExtension)")
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite struct FailoverDemoOutputTests {
    /// The default run: the guide's walkthrough, three forms × three drills, then a summary.
    static let walkthrough = FailoverDemo.execute([])

    @Test func theWalkthroughPrintsEveryDrillThenASummary() throws {
        let result = Self.walkthrough
        #expect(result.status == 0)
        #expect(result.errors.isEmpty)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "The guide's failover drills, simulated in virtual time (seed 1).")
        let headings = lines.filter { $0.contains(" · closed loop, 1 connection · 120 s · seed 1 · ") }
        #expect(
            headings.map { $0.components(separatedBy: " · ").prefix(2).joined(separator: " · ") } == [
                "automatic · gateway-deletion", "automatic · ingress-scale-to-zero",
                "automatic · upstream-scale-to-zero",
                "named · gateway-deletion", "named · ingress-scale-to-zero", "named · upstream-scale-to-zero",
                "weighted · gateway-deletion", "weighted · ingress-scale-to-zero", "weighted · upstream-scale-to-zero",
            ]
        )
        // Every drill's table has the three log windows.
        let tableHeaders = lines.filter { $0.hasPrefix("  time ") }
        #expect(tableHeaders.count == 9)
        #expect(
            tableHeaders.allSatisfy {
                $0.contains("edge gateway") && $0.contains("ingressgw-1 (cluster-1)")
                    && $0.contains("ingressgw-2 (cluster-2)") && $0.contains("retries")
            }
        )
        // The failover forms hide every failure; the weighted split answers 503 for cluster-1's share.
        let totals = lines.filter { $0.hasPrefix("  total: ") }
        #expect(totals.count == 9)
        #expect(totals.prefix(6).allSatisfy { $0.contains(" 0 client errors") })
        #expect(totals.suffix(3).allSatisfy { !$0.contains(" 0 client errors") })
        #expect(lines.contains { $0.contains("kubectl scale deployment ingressgw-1 --replicas=0 (cluster-1)") })
        #expect(lines.contains { $0.contains("tctl delete Gateway bookinfo-ingress-1 (cluster-1)") })
        #expect(
            lines.contains {
                $0.contains("edge reconfigured (tctl delete Gateway bookinfo-ingress-1 (cluster-1)): −cluster-1")
            }
        )
        #expect(lines.contains { $0.contains("503 UH×5") })
    }

    @Test func theSummaryIsGolden() throws {
        let output = Self.walkthrough.output
        let summary = try #require(
            output.components(separatedBy: "Summary (times from the fault, and from the repair)\n").last
        )
        let rows = summary.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(
            rows == [
                "destination drill requests errors retries ejections ejected after failed over after recovered after",
                "automatic gateway-deletion 8080 0 0 0 - 5.1 s 5.1 s",
                "automatic ingress-scale-to-zero 4517 0 10 2 0.276 s 0.1 s 50.7 s",
                "automatic upstream-scale-to-zero 4517 0 10 2 0.276 s 0.1 s 50.7 s",
                "named gateway-deletion 8080 0 0 0 - 5.1 s 5.1 s",
                "named ingress-scale-to-zero 4517 0 10 2 0.276 s 0.1 s 50.7 s",
                "named upstream-scale-to-zero 4517 0 10 2 0.276 s 0.1 s 50.7 s",
                "weighted gateway-deletion 4270 783 0 0 - never 5 s",
                "weighted ingress-scale-to-zero 4737 1952 6 2 0.060 s never 50.1 s",
                "weighted upstream-scale-to-zero 4737 1952 6 2 0.060 s never 50.1 s",
            ]
        )
    }

    /// The scenario files whose output `Documentation/FAILOVER.md` shows, by scenario name, with the
    /// arguments that print it.
    static let documentedScenarios: [String: [String]] = [
        "guide-scale-ingressgw-2": ["--scenario", path("scenarios/guide-scale-ingressgw-2.yaml")],
        "partial-ingress-outage": [
            "--scenario", path("scenarios/partial-ingress-outage.yaml"),
            "--topology", path("config/three-endpoints-topology.yaml"),
        ],
    ]

    /// `Documentation/FAILOVER.md` walks through the demo's real output: every output block in it is
    /// what the demo prints today — the walkthrough's opening and summary, each drill's table as
    /// `--destination D --drill NAME` prints it, and the tables of the scenario files it names.
    @Test func failoverMDShowsTheDemosRealOutput() throws {
        let document = try String(
            contentsOf: examples.deletingLastPathComponent().appendingPathComponent("Documentation/FAILOVER.md"),
            encoding: .utf8
        )
        let blocks = document.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map {
            // Drop the info string line (empty for these blocks).
            String($0.element.drop { $0 != "\n" }.dropFirst().dropLast())
        }
        var checked = 0
        for block in blocks {
            let heading = block.components(separatedBy: " · ")
            if block.hasPrefix("The guide's failover drills") || block.hasPrefix("Summary (times") {
                #expect(Self.walkthrough.output.contains(block), "not in the walkthrough:\n\(block)")
                checked += 1
            } else if heading.count > 2, DemoEnvironment.Destination(rawValue: heading[0]) != nil {
                let source =
                    GuideDrill(rawValue: heading[1]) != nil
                    ? ["--drill", heading[1]] : try #require(Self.documentedScenarios[heading[1]], "\(heading[1])")
                let output = FailoverDemo.execute(["--destination", heading[0]] + source).output
                #expect(output.contains(block), "not what the demo prints:\n\(block)")
                checked += 1
            }
        }
        #expect(checked == 11, "output blocks checked")
    }

    @Test func theSameArgumentsGiveTheSameOutput() throws {
        let arguments = ["--destination", "weighted", "--drill", "flapping", "--seed", "9"]
        let first = FailoverDemo.execute(arguments)
        #expect(first.status == 0)
        #expect(first.output == FailoverDemo.execute(arguments).output)
        #expect(first.output != FailoverDemo.execute(["--destination", "weighted", "--drill", "flapping"]).output)
    }

    @Test func jsonIsAnArrayOfReports() throws {
        let result = FailoverDemo.execute(["--destination", "named", "--drill", "gateway-deletion", "--format", "json"])
        #expect(result.status == 0)
        let reports = try JSONConfiguration.decode([TrafficReport].self, from: Array(result.output.utf8))
        #expect(reports.count == 1)
        #expect(reports[0].destination == "named")
        #expect(reports[0].scenario == "gateway-deletion")
        #expect(reports[0].totals.errors == 0)
        #expect(reports[0].incidents.first?.timeToFailover == 5.1)
    }

    @Test func theGuidesDocumentsDecodeUnchanged() throws {
        for form in ["automatic", "named", "weighted"] {
            let result = FailoverDemo.execute([
                "--edge", path("config/edge-\(form).yaml"), "--topology", path("config/demo-topology.yaml"),
                "--drill", "upstream-scale-to-zero", "--duration", "30",
            ])
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.output.contains("\(form) · upstream-scale-to-zero · closed loop, 1 connection · 30 s"))
        }
    }

    @Test(arguments: [
        "scenarios/ingress-scale-to-zero.yaml", "scenarios/upstream-scale-to-zero.yaml",
        "scenarios/gateway-deletion.yaml", "scenarios/region-outage.yaml", "scenarios/flapping.yaml",
        "scenarios/slow-cluster.json", "scenarios/million-requests.yaml", "scenarios/guide-scale-ingressgw-2.yaml",
    ])
    func theExampleScenariosRun(file: String) throws {
        var arguments = ["--scenario", path(file), "--destination", "automatic"]
        if file.contains("million") {
            arguments += ["--duration", "2"]
        }
        if file.contains("slow") {
            arguments += ["--config", path("config/router-per-try-timeout.yaml")]
        }
        let result = FailoverDemo.execute(arguments)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Scenario "))
        if file.contains("slow") {
            #expect(result.output.contains("UT×"), "the per-try timeout cuts the slow attempts")
            #expect(result.output.contains(" 0 client errors"))
        }
    }

    @Test func aThirdRegionTakesItsShare() throws {
        let result = FailoverDemo.execute([
            "--topology", path("config/three-regions-topology.yaml"), "--destination", "automatic",
            "--drill", "ingress-scale-to-zero", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try #require(
            try JSONConfiguration.decode([TrafficReport].self, from: Array(result.output.utf8)).first
        )
        #expect(report.clusters.map(\.name) == ["cluster-1", "cluster-2", "cluster-3"])
        #expect(report.totals.answeredBy["cluster-3", default: 0] > 0)
        #expect(report.totals.errors == 0)
    }

    @Test func loadOptionsOverrideTheScenario() throws {
        let result = FailoverDemo.execute([
            "--destination", "automatic", "--drill", "ingress-scale-to-zero", "--rate", "100", "--duration", "20",
            "--format", "json",
        ])
        let report = try #require(
            try JSONConfiguration.decode([TrafficReport].self, from: Array(result.output.utf8)).first
        )
        #expect(report.load == "open loop, 100 requests/s")
        #expect(report.totals.requests == 2_000)
        let connections = FailoverDemo.execute([
            "--destination", "automatic", "--drill", "flapping", "--connections", "3",
        ])
        #expect(connections.output.contains("closed loop, 3 connections"))
    }

    @Test func helpExitsCleanly() {
        let result = FailoverDemo.execute(["--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: failover-demo"))
        #expect(result.output.contains("--scenario <file>"))
    }
}

@Suite struct FailoverDemoBadInputTests {
    /// Runs the command, expecting exit code 2 and an error that contains every fragment.
    private func expectRejected(_ arguments: [String], _ fragments: String...) {
        let result = FailoverDemo.execute(arguments)
        #expect(result.status == 2, "\(arguments): \(result.output)")
        #expect(result.output.isEmpty)
        for fragment in fragments {
            #expect(result.errors.contains(fragment), "\(fragment) not in: \(result.errors)")
        }
        #expect(!result.errors.contains("Fatal error"))
    }

    @Test func aScenarioWithAnUnknownFieldNamesTheFileAndTheField() throws {
        let file = try temporaryFile(
            "duration: 10s\nfaults:\n  - at: 1s\n    scaleIngress: {cluster: cluster-1, replica: 0}\n"
        )
        expectRejected(
            ["--scenario", file],
            "\(file): invalid configuration at faults[0].scaleIngress.replica",
            "unknown field 'replica'"
        )
    }

    @Test func aScenarioFaultMustNameAnExistingCluster() throws {
        let file = try temporaryFile(
            #"{"duration": "10s", "faults": [{"at": "1s", "scaleUpstream": {"cluster": "cluster-7", "replicas": 0}}]}"#,
            extension: "json"
        )
        expectRejected(
            ["--scenario", file],
            "\(file): invalid configuration at faults[0].scaleUpstream.cluster",
            "there is no cluster named \"cluster-7\""
        )
    }

    @Test func aScenarioWithABadDurationNamesTheField() throws {
        let file = try temporaryFile("duration: soon\n")
        expectRejected(["--scenario", file], "\(file): invalid configuration at duration", "expected a duration")
    }

    @Test func malformedYAMLIsReported() throws {
        let file = try temporaryFile("duration: [10s\n")
        expectRejected(["--scenario", file], "\(file): ", "not valid YAML")
    }

    @Test func aMissingFileIsReported() {
        expectRejected(
            ["--scenario", "/nonexistent/scenario.yaml"],
            "/nonexistent/scenario.yaml: ",
            "cannot read the file"
        )
    }

    @Test func anEdgeGatewayWithMixedWeightsNamesTheField() throws {
        let file = try temporaryFile(
            """
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
        expectRejected(
            ["--edge", file],
            "\(file): invalid configuration at spec.http[0].routing.rules[0].route.clusterDestination.clusters[1]"
        )
    }

    @Test func theGuidesNamedDocumentAsPrintedGetsAHint() {
        let file = path("Tests/EdgeRoutingFilesTests/Documents/guide-named-as-printed.yaml")
        expectRejected(
            ["--edge", file],
            "\(file): invalid configuration at spec.http[0].routing.rules[0].clusterDestination",
            "belongs inside 'route'"
        )
    }

    @Test func aWorkloadGatewayIsNotAnEdgeGateway() throws {
        let file = try temporaryFile(
            """
            metadata: {name: bookinfo-ingress-1}
            spec:
              http:
                - name: bookinfo
                  port: 443
                  hostname: bookinfo.tse.tetratelabs.io
                  routing: {rules: [{route: {serviceDestination: {host: productpage}}}]}
            """
        )
        expectRejected(
            ["--edge", file],
            "\(file): invalid configuration at spec.http[0].routing.rules[0].route",
            "edge Gateway"
        )
    }

    @Test func aTopologyWithAnUnknownFieldNamesTheField() throws {
        let file = try temporaryFile(
            "edge: {locality: {region: region-1}}\nclusters:\n  - name: c1\n    locality: {region: r1}\n    ingress: []\n"
        )
        expectRejected(["--topology", file], "\(file): invalid configuration at clusters[0].ingress")
    }

    @Test func routerSettingsAreValidated() throws {
        let file = try temporaryFile("retries: {attempts: 1000}\n")
        expectRejected(["--config", file], "\(file): invalid configuration at retries.attempts")
    }

    @Test func badOptionsAreRejectedWithExitCode2() {
        expectRejected(["--destination", "sideways"], "--destination")
        expectRejected(["--drill", "fire"], "--drill")
        expectRejected(["--connections", "0"], "--connections must be in")
        expectRejected(["--connections", "1", "--rate", "5"], "not both")
        expectRejected(["--duration", "-3"], "--duration")
        expectRejected(["--format", "xml"], "--format")
        expectRejected(
            ["--edge", path("config/edge-named.yaml"), "--destination", "named"],
            "cannot be combined with --edge"
        )
        expectRejected(["--no-such-option"], "no-such-option")
    }
}
