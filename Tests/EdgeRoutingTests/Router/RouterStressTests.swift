import Dispatch
import EdgeRouting
import EdgeRoutingTestSupport
import Foundation
import Synchronization
import Testing

/// Many threads route and complete at once while endpoints are ejected and the topology changes.
/// `.ci/run` also runs this suite under the thread sanitizer.
@Suite struct RouterStressTests {
    /// What one worker thread saw.
    struct Tally {
        var requests = 0
        var finals = 0
        var attempts = 0
        var retries = 0
        var localAnswers = 0
        var byClass = [Int](repeating: 0, count: 6)
    }

    @Test func concurrentRequestsWithEjectionsAndReconfigurations() throws {
        let workers = 2
        let requestsPerWorker = 100_000
        let clock = ManualClock()
        let topology = try DemoFixture.topology(endpointsPerCluster: 3)
        let withoutGateway = topology.removingGateway(named: "bookinfo-ingress-2", fromCluster: "cluster-2")
        let router = try EdgeRouter(
            gateway: DemoFixture.edgeGateway(.automatic),
            edge: DemoFixture.edge,
            topology: topology,
            clock: clock,
            random: SeededRandomNumberGenerator(seed: 3)
        )
        let done = Atomic<Int>(0)
        let tallies = Mutex<[Tally]>([])
        let reconfigurations = Atomic<Int>(0)
        let group = DispatchGroup()

        func start(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            let thread = Thread {
                body()
                group.leave()
            }
            thread.start()
        }

        for worker in 0..<workers {
            start {
                var random = SeededRandomNumberGenerator(seed: UInt64(worker))
                var tally = Tally()
                for _ in 0..<requestsPerWorker {
                    tally.requests += 1
                    switch router.route(DemoFixture.request) {
                    case .respond(let local):
                        tally.localAnswers += 1
                        tally.byClass[min(local.status / 100, 5)] += 1
                    case .forward(var attempt):
                        while true {
                            tally.attempts += 1
                            // One endpoint address of cluster-1 fails a lot, so it is ejected over and over.
                            let failing =
                                router.address(of: attempt.endpoint)?.host == "ingressgw-1-0.cluster-1.example"
                            let roll = random.next() % 100
                            let outcome: AttemptOutcome =
                                failing && roll < 60 ? .connectFailure : (roll < 2 ? .status(503) : .status(200))
                            let decision = router.complete(attempt, outcome: outcome)
                            if case .retry(let retry) = decision {
                                tally.retries += 1
                                attempt = retry.attempt
                                continue
                            }
                            if case .finish(let final) = decision {
                                tally.finals += 1
                                tally.byClass[min(final.status / 100, 5)] += 1
                            }
                            break
                        }
                    }
                }
                tallies.withLock { $0.append(tally) }
                done.add(1, ordering: .releasing)
            }
        }
        // The control plane: cluster-2's Gateway comes and goes while requests run.
        start {
            var removed = false
            while done.load(ordering: .acquiring) < workers {
                _ = try? router.update(topology: removed ? topology : withoutGateway)
                removed.toggle()
                reconfigurations.add(1, ordering: .relaxed)
                usleep(2_000)
            }
        }
        // Time passes, so ejections expire and intervals end.
        start {
            while done.load(ordering: .acquiring) < workers {
                clock.advance(by: .seconds(1))
                usleep(500)
            }
        }
        group.wait()

        let all = tallies.withLock { $0 }
        #expect(all.count == workers)
        let requests = all.reduce(0) { $0 + $1.requests }
        let answered = all.reduce(0) { $0 + $1.finals + $1.localAnswers }
        let attempts = all.reduce(0) { $0 + $1.attempts }
        let retries = all.reduce(0) { $0 + $1.retries }
        #expect(requests == workers * requestsPerWorker)
        #expect(answered == requests, "every request got exactly one final answer")
        #expect(reconfigurations.load(ordering: .relaxed) > 2)

        let stats = router.statistics()
        #expect(stats["downstream_rq_total"] == UInt64(requests))
        let classes = ["1xx", "2xx", "3xx", "4xx", "5xx"].map { stats["downstream_rq_\($0)"] }
        #expect(classes.reduce(0, +) == UInt64(requests))
        #expect(stats["downstream_rq_2xx"] == UInt64(all.reduce(0) { $0 + $1.byClass[2] }))
        #expect(stats["upstream_rq_total"] == UInt64(attempts))
        #expect(stats["upstream_rq_retry"] == UInt64(retries))
        #expect(stats["outlier_detection.ejections_enforced_total"] > 0)
        let perCluster = ["cluster-1", "cluster-2"].map { stats["cluster.\($0).upstream_rq_total"] }
        #expect(perCluster.reduce(0, +) == UInt64(attempts))
    }
}
