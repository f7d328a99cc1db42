import EdgeRouting
import Testing

@Suite struct OutlierEndpointSetTests {
    private let now = MonotonicTime.origin.advanced(by: .seconds(1))
    private let a = EndpointID(rawValue: 1)
    private let b = EndpointID(rawValue: 2)
    private let c = EndpointID(rawValue: 3)
    private let d = EndpointID(rawValue: 4)

    @Test func survivorsKeepStateRemovedDropItAddedStartClean() throws {
        let (detector, _) = OutlierFixture.detector(endpoints: 3)  // a, b, c
        // a: ejected; b: three failures and some traffic; c: ejected, then removed.
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        OutlierFixture.record(.status(200), times: 7, on: detector, endpoint: 1, at: self.now)
        OutlierFixture.record(.status(500), times: 3, on: detector, endpoint: 1, at: self.now)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 2, at: self.now)
        #expect(detector.snapshot().statistics.ejectionsActive == 2)

        detector.setEndpoints([self.d, self.b, self.a], now: self.now)
        let snapshot = detector.snapshot()
        #expect(snapshot.endpoints.map(\.endpoint) == [self.d, self.b, self.a])
        #expect(snapshot.endpoints[0] == OutlierDetectorSnapshot.EndpointState(endpoint: self.d))
        #expect(snapshot.endpoints[1].consecutive5xx == 3)
        #expect(
            snapshot.endpoints[1].currentInterval == OutlierRequestCounts(externalSuccesses: 7, externalFailures: 3)
        )
        #expect(snapshot.endpoints[2].isEjected)
        #expect(snapshot.endpoints[2].multiplier == 1)
        #expect(snapshot.endpoints[2].ejectedUntil == self.now.advanced(by: .seconds(30)))
        #expect(snapshot.statistics.ejectionsActive == 1)
        #expect((0..<3).map { detector.isEjected(endpointIndex: $0) } == [false, false, true])
        // b's count continues under its new index.
        OutlierFixture.record(.status(500), times: 2, on: detector, endpoint: 1, at: self.now)
        #expect(detector.isEjected(endpointIndex: 1))
        // a is re-admitted on time under its new index.
        #expect(detector.advance(to: self.now.advanced(by: .seconds(30))))
        #expect(!detector.isEjected(endpointIndex: 2))
        // c comes back clean.
        detector.setEndpoints([self.d, self.b, self.a, self.c], now: self.now.advanced(by: .seconds(30)))
        #expect(detector.snapshot().endpoints[3] == OutlierDetectorSnapshot.EndpointState(endpoint: self.c))
    }

    @Test func growingAndShrinkingManyTimesKeepsState() {
        let (detector, _) = OutlierFixture.detector(endpoints: 1)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        for size in [2, 5, 40, 3, 100, 1, 7] {
            var list = OutlierFixture.identities(size).filter { $0 != self.a }
            let index = list.count / 2
            list.insert(self.a, at: index)
            detector.setEndpoints(list, now: self.now)
            #expect(detector.isEjected(endpointIndex: index))
            #expect(detector.snapshot().endpoints.filter(\.isEjected).map(\.endpoint) == [self.a])
            #expect(detector.snapshot().statistics.ejectionsActive == 1)
        }
    }

    @Test func anInsertedEndpointLeavesTheOthersTheirState() {
        let (detector, _) = OutlierFixture.detector(endpoints: 3)  // a, b, c
        for endpoint in 0..<3 {
            OutlierFixture.record(.status(500), times: endpoint + 1, on: detector, endpoint: endpoint, at: self.now)
        }
        detector.setEndpoints([self.a, self.d, self.b, self.c], now: self.now)
        #expect(detector.snapshot().endpoints.map(\.consecutive5xx) == [1, 0, 2, 3])
        detector.setEndpoints([self.a, self.b, self.c], now: self.now)
        #expect(detector.snapshot().endpoints.map(\.consecutive5xx) == [1, 2, 3])
    }

    @Test func endpointsThatReturnAfterTheListShrankStartClean() {
        let (detector, _) = OutlierFixture.detector(endpoints: 4)  // a, b, c, d
        for endpoint in 1..<4 {
            OutlierFixture.record(.status(200), times: 4, on: detector, endpoint: endpoint, at: self.now)
            OutlierFixture.record(.status(500), times: 3, on: detector, endpoint: endpoint, at: self.now)
        }
        let clean = [self.b, self.c, self.d].map { OutlierDetectorSnapshot.EndpointState(endpoint: $0) }
        // The detector alternates between two slot storages, so the second list reuses the storage
        // that held b, c and d's counts and streaks.
        for _ in 0..<3 {
            detector.setEndpoints([self.a], now: self.now)
            detector.setEndpoints([self.a, self.b, self.c, self.d], now: self.now)
            #expect(Array(detector.snapshot().endpoints.dropFirst()) == clean)
            for endpoint in 1..<4 {
                OutlierFixture.record(.status(500), times: 2, on: detector, endpoint: endpoint, at: self.now)
            }
        }
    }

    @Test func outOfRangeIndicesAreIgnored() {
        let (detector, recorder) = OutlierFixture.detector(endpoints: 2)
        for index in [-1, 2, 3, Int.min, Int.max] {
            #expect(!OutlierFixture.record(.status(500), times: 10, on: detector, endpoint: index, at: self.now))
            #expect(!detector.isEjected(endpointIndex: index))
        }
        #expect(recorder.events.isEmpty)
        #expect(detector.snapshot().endpoints.allSatisfy { $0.currentInterval == OutlierRequestCounts() })
    }

    @Test func anEmptyDestinationIgnoresEverything() {
        let (detector, _) = OutlierFixture.detector(endpoints: 0)
        #expect(!detector.record(.status(500), endpointIndex: 0, now: self.now))
        #expect(!detector.isEjected(endpointIndex: 0))
        #expect(!detector.advance(to: self.now.advanced(by: .seconds(100))))
        #expect(detector.snapshot().endpoints.isEmpty)
        detector.setEndpoints([self.a], now: self.now.advanced(by: .seconds(100)))
        OutlierFixture.record(
            .status(500),
            times: 5,
            on: detector,
            endpoint: 0,
            at: self.now.advanced(by: .seconds(100))
        )
        #expect(detector.isEjected(endpointIndex: 0))
        detector.setEndpoints([], now: self.now.advanced(by: .seconds(101)))
        #expect(detector.snapshot().statistics.ejectionsActive == 0)
        #expect(!detector.isEjected(endpointIndex: 0))
    }

    @Test func duplicateIdentitiesCarryStateToTheFirstPositionOnly() {
        let (detector, _) = OutlierFixture.detector(endpoints: 1)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        detector.setEndpoints([self.a, self.a], now: self.now)
        #expect(detector.isEjected(endpointIndex: 0))
        #expect(!detector.isEjected(endpointIndex: 1))
        #expect(detector.snapshot().statistics.ejectionsActive == 1)
    }

    @Test func dueWorkRunsBeforeTheListChanges() throws {
        let (detector, recorder) = OutlierFixture.detector(endpoints: 2)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        detector.setEndpoints([self.a], now: self.now.advanced(by: .seconds(31)))
        let readmission = try #require(recorder.events(.readmitted).first)
        #expect(readmission.time == self.now.advanced(by: .seconds(30)))
        #expect(!detector.isEjected(endpointIndex: 0))
    }

    @Test func theCapUsesTheCurrentNumberOfEndpoints() {
        let configuration = OutlierFixture.configuration {
            $0.maxEjectionPercent = 50
            $0.alwaysEjectOneEndpoint = false
        }
        let (detector, _) = OutlierFixture.detector(configuration, endpoints: 1)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        #expect(!detector.isEjected(endpointIndex: 0))  // 100 % of one endpoint
        detector.setEndpoints([self.a, self.b], now: self.now)
        OutlierFixture.record(.status(500), times: 5, on: detector, endpoint: 0, at: self.now)
        #expect(detector.isEjected(endpointIndex: 0))  // 50 % of two
    }
}
