import EdgeRouting
import Testing

@Suite struct OutlierConcurrencyTests {
    /// 4 concurrent tasks × 50,000 results lose no count.
    @Test func concurrentResultsLoseNoCount() async throws {
        let configuration = OutlierFixture.configuration {
            $0.consecutive5xx = 0
            $0.consecutiveGatewayFailure = 0
        }
        let (detector, _) = OutlierFixture.detector(configuration, endpoints: 3)
        let perTask = 50_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for iteration in 0..<perTask {
                        let result: OutlierResult = iteration % 4 == 0 ? .status(503) : .status(200)
                        detector.record(
                            result,
                            endpointIndex: (task + iteration) % 2,
                            now: .origin.advanced(by: .seconds(1))
                        )
                    }
                }
            }
        }
        let snapshot = detector.snapshot()
        let counts = snapshot.endpoints.map(\.currentInterval)
        #expect(counts[0].externalTotal + counts[1].externalTotal == 200_000)
        #expect(counts[0].externalFailures + counts[1].externalFailures == 50_000)
        #expect(counts[2] == OutlierRequestCounts())
        // The interval end swaps every count into the evaluated bucket, none lost.
        detector.advance(to: .origin.advanced(by: .seconds(10)))
        let last = detector.snapshot().endpoints.map(\.lastInterval)
        #expect(last[0].externalTotal + last[1].externalTotal == 200_000)
        #expect(detector.snapshot().endpoints.allSatisfy { $0.currentInterval == OutlierRequestCounts() })
    }

    /// Concurrent failures at many endpoints: every endpoint is ejected exactly once, and the
    /// statistics agree with the flags.
    @Test func concurrentEjectionsAreConsistent() async {
        let (detector, recorder) = OutlierFixture.detector(endpoints: 64)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for round in 0..<20 {
                        for endpoint in 0..<64 {
                            let now = MonotonicTime.origin.advanced(by: .milliseconds(Int64(round)))
                            detector.record(.status(500), endpointIndex: (endpoint + task) % 64, now: now)
                        }
                    }
                }
            }
        }
        let snapshot = detector.snapshot()
        #expect(snapshot.endpoints.allSatisfy { $0.isEjected })
        #expect(snapshot.statistics.ejectionsActive == 64)
        #expect(snapshot.statistics.enforced(.consecutive5xx) == 64)
        #expect(recorder.events(.ejected).filter(\.enforced).count == 64)
        #expect((0..<64).allSatisfy { detector.isEjected(endpointIndex: $0) })
    }

    /// Records racing with reconfigurations and interval ends neither trap nor corrupt the statistics.
    @Test func recordsRaceWithReconfiguration() async {
        let (detector, _) = OutlierFixture.detector(endpoints: 4)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<3 {
                group.addTask {
                    for iteration in 0..<20_000 {
                        let now = MonotonicTime.origin.advanced(by: .milliseconds(Int64(iteration)))
                        detector.record(
                            iteration % 3 == 0 ? .status(500) : .status(200),
                            endpointIndex: (iteration + task) % 6,
                            now: now
                        )
                    }
                }
            }
            group.addTask {
                for round in 0..<200 {
                    let count = 1 + round % 6
                    detector.setEndpoints(
                        OutlierFixture.identities(count),
                        now: .origin.advanced(by: .milliseconds(Int64(round * 100)))
                    )
                }
            }
        }
        detector.advance(to: .origin.advanced(by: .seconds(3600)))
        let snapshot = detector.snapshot()
        #expect(snapshot.statistics.ejectionsActive == snapshot.endpoints.filter(\.isEjected).count)
        #expect(snapshot.statistics.ejectionsActive == 0)
    }
}
