import EdgeRouting
import EdgeRoutingTestSupport
import Testing

/// The guide's drills, simulated for every destination form: what the three log windows show.
@Suite struct GuideDrillTests {
    static let failoverForms: [DemoEnvironment.Destination] = [.automatic, .named]

    @Test(arguments: failoverForms)
    func ingressScaledToZeroFailsOverAndBackWithoutClientErrors(destination: DemoEnvironment.Destination) throws {
        let report = try SimulationFixture.run(.ingressScaleToZero, destination)
        // Before the fault: everything in cluster-1.
        #expect(Set(report.attempts(in: 0..<10).keys) == ["cluster-1"])
        // During it: the first five requests are refused by ingressgw-1 and retried on cluster-2, then
        // cluster-1's endpoint is ejected (5 consecutive failures) and cluster-2 takes everything.
        #expect(report.attempts(in: 10..<11)["cluster-1"]?["UF"] == 5)
        #expect(Set(report.attempts(in: 11..<40).keys) == ["cluster-2"])
        // The first ejection lasts 30 s; the probe at 40 s fails again (5 more refusals), the second
        // ejection lasts 60 s; after the repair at 50 s traffic returns when it expires, at about 100 s.
        #expect(report.attempts(in: 40..<41)["cluster-1"]?["UF"] == 5)
        #expect(
            report.timeline("ejected").map(\.detail).map { $0.hasSuffix("for 30s (consecutive_5xx)") } == [true, false]
        )
        #expect(report.timeline("ejected").last?.detail.contains("for 60s") == true)
        #expect(Set(report.attempts(in: 101..<120).keys) == ["cluster-1"])
        // Retries hide every failure from the client.
        #expect(report.totals.errors == 0)
        #expect(report.totals.retries == 10)
        #expect(report.totals.ejections == 2)
        let incident = try #require(report.incidents.first)
        #expect(incident.clusters == ["cluster-1"])
        #expect(incident.homeClusters == ["cluster-1"])
        #expect(try #require(incident.timeToEject) < 1)
        #expect(try #require(incident.timeToFailover) < 1)
        let recovery = try #require(incident.timeToRecover)
        #expect(recovery > 49 && recovery < 52, "the second ejection ends at about 100 s: \(recovery)")
    }

    @Test(arguments: failoverForms)
    func upstreamScaledToZeroIsRetriedOnTheOtherCluster(destination: DemoEnvironment.Destination) throws {
        let report = try SimulationFixture.run(.upstreamScaleToZero, destination)
        #expect(Set(report.attempts(in: 0..<10).keys) == ["cluster-1"])
        // ingressgw-1 answers 503 UH (no healthy upstream) five times; each is retried on cluster-2.
        #expect(report.attempts(in: 10..<11)["cluster-1"]?["503 UH"] == 5)
        #expect(Set(report.successes(in: 11..<40).keys) == ["cluster-2"])
        #expect(Set(report.attempts(in: 101..<120).keys) == ["cluster-1"])
        #expect(report.totals.errors == 0, "the default retry policy retries 503 on cluster-2")
        #expect(report.edge(in: 0..<120).keys.sorted() == ["200"])
        #expect(report.timeline("ejected").first?.detail.contains("consecutive_5xx") == true)
        let incident = try #require(report.incidents.first)
        #expect(try #require(incident.timeToFailover) < 1)
        #expect(incident.timeToRecover != nil)
    }

    @Test(arguments: failoverForms)
    func gatewayDeletionIsHandledAfterThePropagationDelay(destination: DemoEnvironment.Destination) throws {
        let report = try SimulationFixture.run(.gatewayDeletion, destination)
        // The Gateway is deleted at 10 s; the edge learns 5 s later. Until then cluster-1 still serves.
        #expect(Set(report.attempts(in: 0..<15).keys) == ["cluster-1"])
        #expect(Set(report.attempts(in: 16..<55).keys) == ["cluster-2"])
        // Restored at 50 s: the edge sends traffic back at 55 s.
        #expect(Set(report.attempts(in: 56..<120).keys) == ["cluster-1"])
        #expect(report.totals.errors == 0)
        #expect(report.totals.retries == 0)
        #expect(report.totals.ejections == 0)
        let reconfigurations = report.timeline("reconfigured")
        #expect(reconfigurations.map(\.time) == [15, 55])
        #expect(reconfigurations.first?.detail.hasSuffix("−cluster-1") == true)
        let incident = try #require(report.incidents.first)
        #expect(incident.timeToEject == nil)
        let failover = try #require(incident.timeToFailover)
        #expect(failover >= 5 && failover <= 5.2)
        let recovery = try #require(incident.timeToRecover)
        #expect(recovery >= 5 && recovery <= 5.2)
    }

    @Test(arguments: GuideDrill.guide)
    func weightedSplitHoldsWithoutFailoverAndTheBrokenShareFails(drill: GuideDrill) throws {
        let report = try SimulationFixture.run(drill, .weighted)
        // Before the fault: a 50/50 split.
        let before = report.successes(in: 0..<10)
        let share = Double(before["cluster-1", default: 0]) / Double(before.values.reduce(0, +))
        #expect(share > 0.4 && share < 0.6, "cluster-1's share: \(share)")
        // During the fault: no failover. cluster-2 keeps its share; cluster-1's share is answered 503.
        let during = report.edge(in: 16..<40)
        #expect(during["503 UH", default: 0] > 100, "\(during)")
        #expect(report.successes(in: 16..<40)["cluster-1"] == nil)
        let incident = try #require(report.incidents.first)
        #expect(incident.timeToFailover == nil, "a weighted split does not fail over")
        #expect(incident.errors > 100)
        #expect(incident.homeClusters == ["cluster-1", "cluster-2"])
        // Weighted retries stay in the chosen cluster: cluster-2 never answers a retried request.
        #expect(report.attempts(in: 0..<120)["cluster-2"]?.keys.sorted() == ["200"])
        // After the repair the split is back.
        let after = report.successes(in: 110..<120)
        #expect(Set(after.keys) == ["cluster-1", "cluster-2"])
        #expect(incident.timeToRecover != nil)
    }

    @Test func weightedGatewayDeletionAnswers503NoHealthyUpstream() throws {
        let report = try SimulationFixture.run(.gatewayDeletion, .weighted)
        #expect(report.edge(in: 0..<15)["503 UH"] == nil, "before the edge learns, cluster-1 still answers")
        #expect(report.edge(in: 16..<55)["503 UH", default: 0] > 100)
        #expect(report.totals.edge.keys.sorted() == ["200", "503 UH"])
    }
}
