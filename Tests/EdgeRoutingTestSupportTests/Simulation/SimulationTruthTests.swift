import EdgeRouting
import EdgeRoutingTestSupport
import Testing

/// The simulator models what the demo prints, and its reports say what happened: ingress replicas,
/// partial and needless failovers, a shift with every tier ejected, rows within the duration, one
/// event per end of flapping.
/// `7 %`, `6.5 %`: how the text report prints a share.
private func percent(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return (tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)") + " %"
}

@Suite struct IngressReplicaTests {
    /// cluster-1 and cluster-2 with three ingress endpoints each.
    static let deployment = DemoEnvironment.deployment(.automatic, endpointsPerCluster: 3)

    static func scenario(_ faults: [ScheduledFault], duration: Duration = .seconds(120)) -> SimulationScenario {
        SimulationScenario(name: "replicas", duration: duration, faults: faults)
    }

    @Test func scalingToTwoOfThreeTakesTheThirdEndpointDownAndScalingBackRestoresIt() throws {
        let recorder = EventRecorder(accessLog: false)
        let report = try Simulation(
            deployment: Self.deployment,
            scenario: Self.scenario([
                .at(.seconds(10), .scaleIngress(cluster: "cluster-1", replicas: 2)),
                .at(.seconds(50), .scaleIngress(cluster: "cluster-1", replicas: 3)),
            ]),
            observer: recorder
        ).run()
        #expect(report.totals.errors == 0, "every refused attempt is retried")
        // Only the third endpoint refuses, and only while it is scaled away.
        let ejected = recorder.ejections.map(\.address)
        #expect(Set(ejected) == ["ingressgw-1-2.cluster-1.example:443"], "\(ejected)")
        #expect(report.attempts(in: 0..<10)["cluster-1"]?["UF"] == nil)
        #expect((report.attempts(in: 10..<11)["cluster-1"]?["UF"] ?? 0) > 0)
        // Two healthy endpoints of three: Envoy's overprovisioning keeps min(100, 140 × 2/3) = 93 % in P0,
        // so about 7 % spills to cluster-2 — a partial failover, not "never".
        let incident = try #require(report.incidents.first)
        #expect(incident.timeToFailover == nil)
        let spill = try #require(incident.spillPercent)
        #expect(spill > 4 && spill < 10, "spill \(spill) %")
        #expect(report.text().contains("partly failed over (\(percent(spill)) of the answers"))
        #expect(TrafficReport.summary([report]).contains("partly (\(percent(spill)))"))
        // Scaled back at 50 s, the endpoint serves again once its ejection ends (at most 60 s later).
        #expect(report.successes(in: 112..<120)["cluster-1"] ?? 0 > 0)
        #expect(report.attempts(in: 112..<120)["cluster-2"] == nil, "all traffic is home again")
        #expect(recorder.readmissions.map(\.address).last == "ingressgw-1-2.cluster-1.example:443")
        #expect(
            report.timeline("fault").map(\.detail).prefix(2) == [
                "kubectl scale deployment ingressgw-1 --replicas=2 (cluster-1): 2 of 3 endpoints serve",
                "kubectl scale deployment ingressgw-1 --replicas=3 (cluster-1): 3 of 3 endpoints serve",
            ]
        )
    }

    @Test func scalingToZeroTakesEveryEndpointDownAndTheDrillRestoresThemAll() throws {
        let scenario = try GuideDrill.ingressScaleToZero.scenario(for: Self.deployment)
        #expect(
            scenario.faults.map(\.fault) == [
                .scaleIngress(cluster: "cluster-1", replicas: 0), .scaleIngress(cluster: "cluster-1", replicas: 3),
            ]
        )
        let report = try Simulation(deployment: Self.deployment, scenario: scenario).run()
        let incident = try #require(report.incidents.first)
        #expect(incident.timeToFailover == 0.1)
        #expect(incident.spillPercent ?? 0 > 99, "all but the answers on the way out come from cluster-2")
        #expect(report.successes(in: 20..<40)["cluster-1"] == nil)
        #expect(report.successes(in: 112..<120)["cluster-1"] ?? 0 > 0)
    }

    @Test func moreReplicasThanEndpointsChangeNothing() throws {
        let report = try Simulation(
            deployment: Self.deployment,
            scenario: Self.scenario([.at(.seconds(10), .scaleIngress(cluster: "cluster-1", replicas: 5))])
        ).run()
        #expect(report.incidents.isEmpty)
        #expect(report.totals.attempts["cluster-1"]?["UF"] == nil)
    }
}

@Suite struct IncidentReportTests {
    /// Runs a scenario of `faults` on the demo (or `deployment`).
    static func run(
        _ name: String,
        _ duration: Duration,
        _ faults: [ScheduledFault],
        deployment: EdgeDeployment = DemoEnvironment.deployment(.automatic)
    ) throws -> TrafficReport {
        try Simulation(
            deployment: deployment,
            scenario: SimulationScenario(name: name, duration: duration, faults: faults)
        ).run()
    }

    @Test func aFaultOfAClusterThatCarriedNoTrafficNeedsNoFailover() throws {
        let report = try Self.run(
            "remote-flap",
            .seconds(60),
            [
                .at(
                    .seconds(10),
                    .flap(cluster: "cluster-2", down: .seconds(3), up: .seconds(12), until: .seconds(40))
                )
            ]
        )
        let incident = try #require(report.incidents.first)
        #expect(!incident.carriedTraffic)
        #expect(incident.timeToFailover == nil && incident.timeToRecover == nil && incident.spillPercent == nil)
        #expect(report.text().contains("no failover needed (the impaired clusters carried no traffic)"))
        let summary = try #require(TrafficReport.summary([report]).split(separator: "\n").last)
        #expect(summary.hasSuffix("not needed                 -"), "\(summary)")
    }

    @Test func aFlapThatRetriesHidIsNoFailover() throws {
        // Down for 200 ms every 10 s: a few refused attempts, each retried on cluster-2, never five in
        // a row, so nothing is ejected and traffic stays home.
        let report = try Self.run(
            "short-flap",
            .seconds(120),
            [
                .at(
                    .seconds(10),
                    .flap(cluster: "cluster-1", down: .milliseconds(200), up: .seconds(10), until: .seconds(100))
                )
            ]
        )
        #expect(report.totals.errors == 0 && report.totals.ejections == 0 && report.totals.retries > 0)
        let incident = try #require(report.incidents.first)
        #expect(incident.carriedTraffic)
        #expect(incident.timeToFailover == nil)
        let spill = try #require(incident.spillPercent)
        #expect(spill > 0 && spill < 1, "only the retries were answered elsewhere: \(spill) %")
        #expect(report.text().contains("no failover (traffic kept going to cluster-1; "))
        #expect(TrafficReport.summary([report]).contains("never"))
    }

    @Test func theFirstFailoverCountsNotTheLastReturnOfAFlappingCluster() throws {
        // The guide's flapping drill: traffic fails over at once, comes back for a probe at 40 s, and
        // leaves again; the failover time is the first move, 0.1 s.
        let report = try SimulationFixture.run(.flapping, .automatic)
        let incident = try #require(report.incidents.first)
        #expect(incident.timeToFailover == 0.1)
        #expect(incident.spillPercent ?? 0 > 99)
    }

    @Test func aShiftWithEveryTierEjectedDoesNotReadLikeAFailback() throws {
        let report = try Self.run(
            "everything-down",
            .seconds(30),
            [
                .at(.seconds(5), .scaleIngress(cluster: "cluster-1", replicas: 0)),
                .at(.seconds(10), .scaleIngress(cluster: "cluster-2", replicas: 0)),
            ]
        )
        let shifts = report.timeline("shifted").map(\.detail)
        #expect(
            shifts == [
                "traffic cluster-1 100%→0%, cluster-2 0%→100%",
                "traffic cluster-1 0%→100%, cluster-2 100%→0% (every tier ejected: no healthy upstream)",
            ],
            "\(shifts)"
        )
        #expect(report.edge(in: 12..<30)["503 UH"] ?? 0 > 0)
    }

    @Test func noFoldedRowRunsPastTheDuration() throws {
        let report = try SimulationFixture.run(.gatewayDeletion, .automatic)
        #expect(report.duration == 120)
        #expect(report.seconds.last?.second == 120, "requests in flight at the end complete in second 120")
        let rows = report.text().split(separator: "\n").filter { $0.hasPrefix("  ") }.map {
            $0.split(separator: " ").first.map(String.init) ?? ""
        }
        #expect(rows.contains("56-119") && rows.contains("120"), "\(rows)")
        for row in rows {
            let bounds = row.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2 { #expect(bounds[1] < 120, "row \(row) runs past the duration") }
        }
    }

    @Test func twoFlapsThatStopTogetherAreOneEvent() throws {
        let report = try Self.run(
            "double-flap",
            .seconds(60),
            [
                .at(
                    .seconds(10),
                    .flap(cluster: "cluster-1", down: .seconds(1), up: .seconds(5), until: .seconds(40))
                ),
                .at(
                    .seconds(10),
                    .flap(cluster: "cluster-1", down: .seconds(2), up: .seconds(5), until: .seconds(40))
                ),
            ]
        )
        #expect(report.timeline.filter { $0.detail == "flapping of cluster-1 stops" }.count == 1)
        let incident = try #require(report.incidents.first)
        #expect(incident.faults.filter { $0 == "flapping of cluster-1 stops" }.count == 1)
        #expect(incident.repair == 40, "the cluster is impaired until the last flap stops")
    }

    @Test func aFlapOfOneEndpointNamesIt() throws {
        let deployment = DemoEnvironment.deployment(.automatic, endpointsPerCluster: 2)
        let endpoint = "ingressgw-1-1.cluster-1.example:443"
        let report = try Self.run(
            "endpoint-flap",
            .seconds(40),
            [
                .at(
                    .seconds(5),
                    .flap(
                        cluster: "cluster-1",
                        endpoint: endpoint,
                        down: .seconds(2),
                        up: .seconds(3),
                        until: .seconds(20)
                    )
                )
            ],
            deployment: deployment
        )
        #expect(report.timeline.contains { $0.detail == "flapping of \(endpoint) (cluster-1) stops" })
    }
}
