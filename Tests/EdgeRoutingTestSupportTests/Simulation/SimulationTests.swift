import EdgeRouting
import EdgeRoutingTestSupport
import Testing

@Suite struct SimulationTests {
    @Test func theSameSeedGivesTheSameReportByteForByte() throws {
        let first = try SimulationFixture.run(.ingressScaleToZero, .weighted, seed: 7).json()
        let second = try SimulationFixture.run(.ingressScaleToZero, .weighted, seed: 7).json()
        #expect(first == second)
        let other = try SimulationFixture.run(.ingressScaleToZero, .weighted, seed: 8).json()
        #expect(first != other, "the weighted split draws from the seed")
        let deployment = DemoEnvironment.deployment(.automatic)
        let simulation = Simulation(deployment: deployment, scenario: try GuideDrill.flapping.scenario(for: deployment))
        #expect(try simulation.run().text() == simulation.run().text(), "run() starts afresh every time")
    }

    @Test(arguments: [DemoEnvironment.Destination.automatic, .named])
    func aRegionOutageFailsOverAfterFiveConnectTimeouts(destination: DemoEnvironment.Destination) throws {
        let report = try SimulationFixture.run(.regionOutage, destination)
        #expect(report.totals.errors == 0)
        let incident = try #require(report.incidents.first)
        // Each of the first five requests waits for the unreachable region (1 s) before its retry.
        let eject = try #require(incident.timeToEject)
        #expect(eject > 5 && eject < 6)
        #expect(Set(report.attempts(in: 16..<45).keys) == ["cluster-2"])
        #expect(report.totals.latencyMax > 1)
        // The probe after the first ejection (at about 45 s) still finds the region down, so the
        // second ejection (60 s) keeps traffic away until about 110 s.
        #expect(incident.timeToRecover != nil)
        #expect(Set(report.attempts(in: 112..<120).keys) == ["cluster-1"])
    }

    @Test func flappingEjectsForLongerAndLongerWithoutClientErrors() throws {
        let recorder = EventRecorder(accessLog: false)
        let report = try SimulationFixture.run(.flapping, .automatic, observer: recorder)
        #expect(report.totals.errors == 0)
        #expect(report.totals.ejections >= 2)
        let durations = recorder.ejections.compactMap { event in
            event.detail.ejectedUntil.map { event.detail.time.duration(to: $0) }
        }
        #expect(durations.prefix(2) == [.seconds(30), .seconds(60)], "the multiplier grows: \(durations)")
        try recorder.expectEjection(of: "cluster-1")
        try recorder.expectNoEjection(of: "cluster-2")
        #expect(Set(report.attempts(in: 110..<120).keys) == ["cluster-1"])
    }

    @Test func aMillionRequestsComplete() throws {
        let scenario = SimulationScenario(name: "million", duration: .seconds(100), load: .openLoop(rate: 10_000))
        let report = try Simulation(deployment: DemoEnvironment.deployment(.automatic), scenario: scenario).run()
        #expect(report.totals.requests == 1_000_000)
        #expect(report.totals.succeeded == 1_000_000)
        #expect(report.totals.answeredBy == ["cluster-1": 1_000_000])
    }

    @Test func anOpenLoopSendsAtItsRate() throws {
        let scenario = SimulationScenario(name: "rate", duration: .seconds(10), load: .openLoop(rate: 250))
        let report = try Simulation(deployment: DemoEnvironment.deployment(.weighted), scenario: scenario).run()
        #expect(report.totals.requests == 2_500)
        #expect(report.seconds[1..<10].allSatisfy { (240...260).contains($0.requests) })
    }

    @Test func moreConnectionsSendMore() throws {
        func requests(_ connections: Int) throws -> Int {
            let scenario = SimulationScenario(
                name: "closed",
                duration: .seconds(5),
                load: .closedLoop(connections: connections)
            )
            return try Simulation(deployment: DemoEnvironment.deployment(.automatic), scenario: scenario).run()
                .totals.requests
        }
        let one = try requests(1)
        let four = try requests(4)
        #expect(one > 400 && one < 500, "about 11 ms per request: \(one)")
        #expect(four > 3 * one)
    }

    /// The latency model: a request answered in the edge's region takes the client round trip, the
    /// same-region hop and the service time (1 + 2 + 8 = 11 ms by default); one answered from another
    /// region takes the cross-region hop instead (1 + 40 + 8 = 49 ms). Moving the edge to region-2
    /// makes cluster-2 local and so swaps them.
    @Test(arguments: [("region-1", "cluster-1"), ("region-2", "cluster-2")])
    func requestsTakeTheLatencyOfTheRegionTheyAreAnsweredIn(edgeRegion: String, localCluster: String) throws {
        func p50(crossRegion: Duration, localDown: Bool) throws -> (p50: Double, answeredBy: [String: Int]) {
            var deployment = DemoEnvironment.deployment(.named)
            deployment.edge = try EdgeLocation(region: edgeRegion)
            let scenario = SimulationScenario(
                name: "latency",
                duration: .seconds(5),
                load: .closedLoop(connections: 1),
                faults: localDown ? [.at(.zero, .scaleIngress(cluster: localCluster, replicas: 0))] : [],
                latency: LatencyModel(crossRegion: crossRegion, jitter: 0)
            )
            let totals = try Simulation(deployment: deployment, scenario: scenario).run().totals
            return (totals.latencyP50, totals.answeredBy)
        }
        let local = try p50(crossRegion: .milliseconds(40), localDown: false)
        #expect(abs(local.p50 - 0.011) < 0.0005, "\(local.p50)")
        #expect(Array(local.answeredBy.keys) == [localCluster])
        // With the local cluster's ingress down, most requests are answered from the other region.
        let remote = try p50(crossRegion: .milliseconds(40), localDown: true)
        #expect(abs(remote.p50 - 0.049) < 0.0005, "\(remote.p50)")
        let slower = try p50(crossRegion: .milliseconds(100), localDown: true)
        #expect(abs(slower.p50 - 0.109) < 0.0005, "\(slower.p50)")
    }

    @Test func aPerTryTimeoutCutsSlowAttemptsAndTheRetryGoesElsewhere() throws {
        var configuration = EdgeRouterConfiguration()
        configuration.retries = try RetryPolicy(attempts: 2, perTryTimeout: .milliseconds(100))
        let scenario = SimulationScenario(
            name: "slow",
            duration: .seconds(20),
            faults: [
                .at(.seconds(5), .addLatency(cluster: "cluster-1", .milliseconds(500))),
                .at(.seconds(15), .addLatency(cluster: "cluster-1", .zero)),
            ]
        )
        let report = try Simulation(
            deployment: DemoEnvironment.deployment(.automatic),
            scenario: scenario,
            configuration: configuration
        ).run()
        #expect(report.totals.errors == 0)
        #expect(report.attempts(in: 5..<6)["cluster-1"]?["UT"] == 5)
        #expect(report.timeline("ejected").count == 1)
        #expect(report.incidents.isEmpty, "added latency is not an impairment")
    }

    @Test func theTextReportShowsTheThreeLogWindows() throws {
        let text = try SimulationFixture.run(.ingressScaleToZero, .automatic).text()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "automatic · ingress-scale-to-zero · closed loop, 1 connection · 120 s · seed 1 · bookinfo.tse.tetratelabs.io"
        )
        #expect(lines[1].hasPrefix("  time"))
        #expect(lines[1].contains("edge gateway"))
        #expect(lines[1].contains("ingressgw-1 (cluster-1)"))
        #expect(lines[1].contains("ingressgw-2 (cluster-2)"))
        #expect(lines.contains { $0.hasPrefix("  0-9 ") && $0.contains("200×") })
        #expect(
            lines.contains {
                $0.hasPrefix("  10 ") && $0.contains("UF×5")
                    && $0.contains("kubectl scale deployment ingressgw-1 --replicas=0 (cluster-1)")
            }
        )
        #expect(
            lines.contains { $0.hasPrefix("  total: ") && $0.contains(" 0 client errors, 10 retries, 2 ejections") }
        )
        #expect(
            lines.last?.hasPrefix("  incident at 10 s: cluster-1 impaired; repaired at 50 s; ejected after 0.") == true
        )
        let summary = TrafficReport.summary([try SimulationFixture.run(.gatewayDeletion, .weighted)])
        #expect(summary.contains("never"))
        #expect(summary.hasPrefix("destination"))
    }

    @Test func reportsRoundTripThroughJSON() throws {
        let report = try SimulationFixture.run(.upstreamScaleToZero, .named)
        let decoded = try JSONConfiguration.decode(TrafficReport.self, from: Array(try report.json().utf8))
        #expect(decoded == report)
    }
}

@Suite struct SimulationScenarioCodingTests {
    static let document = """
        {"name": "drill", "duration": "90s", "load": {"connections": 2}, "propagationDelay": "2s",
         "latency": {"crossRegion": "80ms", "jitter": 0},
         "faults": [
           {"at": "10s", "scaleIngress": {"cluster": "cluster-1", "replicas": 0}},
           {"at": 40, "scaleIngress": {"cluster": "cluster-1", "replicas": 1}},
           {"at": "1m", "deleteGateway": {"cluster": "cluster-2", "gateway": "bookinfo-ingress-2"}},
           {"at": "1m5s", "restoreGateway": {"cluster": "cluster-2"}},
           {"at": "70s", "regionOutage": {"region": "region-2"}},
           {"at": "71.5s", "restoreRegion": {"region": "region-2"}},
           {"at": "75s", "flap": {"cluster": "cluster-1", "down": "1s", "up": "2s", "until": "80s"}},
           {"at": "81s", "addLatency": {"cluster": "cluster-2", "latency": "250ms"}},
           {"at": "82s", "scaleUpstream": {"cluster": "cluster-2", "replicas": 0}}
         ]}
        """

    @Test func decodesAndEncodesEveryField() throws {
        let scenario = try JSONConfiguration.decode(SimulationScenario.self, from: Array(Self.document.utf8))
        #expect(scenario.duration == .seconds(90))
        #expect(scenario.load == .closedLoop(connections: 2))
        #expect(scenario.propagationDelay == .seconds(2))
        #expect(scenario.latency.crossRegion == .milliseconds(80))
        #expect(scenario.latency.sameRegion == .milliseconds(2))
        #expect(scenario.faults.count == 9)
        #expect(scenario.faults[1].time == .seconds(40))
        #expect(scenario.faults[5].time == .milliseconds(71_500))
        #expect(scenario.faults[0].fault == .scaleIngress(cluster: "cluster-1", replicas: 0))
        let again = try JSONConfiguration.decode(
            SimulationScenario.self,
            from: Array(try JSONConfiguration.encode(scenario).utf8)
        )
        #expect(again == scenario)
        let report = try Simulation(deployment: DemoEnvironment.deployment(.automatic), scenario: scenario).run()
        #expect(report.totals.requests > 0)
    }

    @Test(arguments: [
        (#"{"duration": "10s", "extra": 1}"#, "extra", "unknown field"),
        (#"{"load": {"connections": 1}}"#, "duration", "required field 'duration'"),
        (#"{"duration": "ten seconds"}"#, "duration", "expected a duration"),
        (#"{"duration": "10s", "load": {"connections": 1, "rate": 5}}"#, "load.rate", "not both"),
        (#"{"duration": "10s", "load": {"connections": 0}}"#, "load.connections", "1...100000"),
        (#"{"duration": "10s", "faults": [{"at": "1s"}]}"#, "faults[0]", "needs one of"),
        (
            #"{"duration": "10s", "faults": [{"at": "1s", "scaleIngress": {"cluster": "c", "replicas": -1}}]}"#,
            "faults[0].scaleIngress.replicas", "0...1000000"
        ),
        (
            #"{"duration": "10s", "faults": [{"at": "1s", "scaleIngress": {"cluster": "c"}}]}"#,
            "faults[0].scaleIngress.replicas", "required field 'replicas'"
        ),
        (
            #"{"duration": "10s", "faults": [{"at": "1s", "scaleIngress": {"cluster": "c", "replicas": 1}, "regionOutage": {"region": "r"}}]}"#,
            "faults[0].regionOutage", "exactly one action"
        ),
        (#"{"duration": "10s", "latency": {"jitter": 2}}"#, "latency.jitter", "0.0...1.0"),
        (#"{"duration": "10s", "path": "productpage"}"#, "path", "starts with '/'"),
    ])
    func invalidDocumentsNameTheField(json: String, path: String, message: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try JSONConfiguration.decode(SimulationScenario.self, from: Array(json.utf8))
        }
        #expect(error.path == path, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test(arguments: [
        (
            Fault.scaleIngress(cluster: "cluster-9", replicas: 0), "faults[0].scaleIngress.cluster",
            "cluster-1, cluster-2"
        ),
        (.regionOutage("region-9"), "faults[0].regionOutage.region", "region-1, region-2"),
        (
            .deleteGateway(cluster: "cluster-1", gateway: "nope"), "faults[0].deleteGateway.gateway",
            "bookinfo-ingress-1"
        ),
        (
            .flap(cluster: "cluster-1", endpoint: "10.9.9.9:1", down: .seconds(1), up: .seconds(1), until: .seconds(9)),
            "faults[0].flap.endpoint", "ingressgw-1.cluster-1.example:443"
        ),
    ])
    func faultsMustNameWhatExists(fault: Fault, path: String, hint: String) throws {
        let scenario = SimulationScenario(name: "bad", duration: .seconds(10), faults: [.at(.seconds(1), fault)])
        let error = try #require(throws: ConfigurationError.self) {
            try Simulation(deployment: DemoEnvironment.deployment(.automatic), scenario: scenario).run()
        }
        #expect(error.path == path)
        #expect(error.message.contains(hint), "\(error)")
    }
}
