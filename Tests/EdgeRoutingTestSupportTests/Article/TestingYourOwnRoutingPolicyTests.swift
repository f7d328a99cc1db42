import EdgeRouting
import EdgeRoutingTestSupport
import Foundation
import Synchronization
import Testing

// The code of the article "Testing your own routing policy"
// (Sources/EdgeRoutingTestSupport/EdgeRoutingTestSupport.docc/TestingYourOwnRoutingPolicy.md), word for
// word; `theArticleShowsTheCodeThatRunsHere` checks that the two agree.

// MARK: - A load-balancing policy

/// Sends all of a destination's traffic to the first tier in which at least `minimumHealthyPercent`
/// of the endpoints are healthy, or, when no tier is that healthy, to the first tier with any healthy
/// endpoint.
struct LocalFirstPolicy: LoadBalancingPolicy {
    var minimumHealthyPercent = 50

    func loads<Tiers: Collection>(for tiers: Tiers) -> PriorityLoads where Tiers.Element == TierHealth {
        // Read the tiers from contiguous storage: the router calls through `any LoadBalancingPolicy`,
        // where iterating a generic collection would allocate.
        if let loads = tiers.withContiguousStorageIfAvailable({ self.loads(in: $0) }) {
            return loads
        }
        return Array(tiers).withUnsafeBufferPointer { self.loads(in: $0) }
    }

    private func loads(in tiers: UnsafeBufferPointer<TierHealth>) -> PriorityLoads {
        guard !tiers.isEmpty else { return PriorityLoads() }
        let healthyEnough = tiers.firstIndex { tier in
            tier.healthy > 0 && tier.healthy * 100 >= self.minimumHealthyPercent * tier.counted
        }
        let chosen = healthyEnough ?? tiers.firstIndex { $0.healthy > 0 } ?? 0
        // At most `PriorityLoads.maximumTiers` entries: the last one stands for the tiers beyond it.
        let count = min(tiers.count, PriorityLoads.maximumTiers)
        return .allTraffic(toTier: min(chosen, count - 1), tierCount: count)
    }
}

/// The shop: two endpoints in the edge's region (tier P0), one in another (P1).
func shopDeployment() throws -> EdgeDeployment {
    try TopologyBuilder(edgeRegion: "region-1")
        .cluster("local", region: "region-1", endpoints: 2, serving: ["shop.example.com"])
        .cluster("remote", region: "region-2", serving: ["shop.example.com"])
        .deployment(hostname: "shop.example.com", destination: .automatic)
}

/// Sends one request through `router`; the endpoints listed in `failing` answer 503, the others 200.
/// Returns the address of the endpoint it went to.
@discardableResult
func send(_ router: EdgeRouter<ManualClock>, failing: Set<String> = []) -> String? {
    guard case .forward(let attempt) = router.route(RequestHead(authority: "shop.example.com", path: "/"))
    else { return nil }
    let address = router.address(of: attempt.endpoint)?.description ?? "?"
    _ = router.complete(attempt, outcome: failing.contains(address) ? .status(503) : .status(200))
    return address
}

@Suite struct LocalFirstPolicyTests {
    @Test func honoursTheContract() throws {
        try LoadBalancingPolicyVerifier().verify(LocalFirstPolicy())
        try LoadBalancingPolicyVerifier().verify(LocalFirstPolicy(minimumHealthyPercent: 100))
    }

    @Test func keepsTrafficLocalUntilTheTierIsHalfDown() throws {
        let deployment = try shopDeployment()
        let clock = ManualClock()
        let recorder = EventRecorder(accessLog: false)
        let router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: EdgeRouterConfiguration(
                loadBalancingPolicy: LocalFirstPolicy(),
                retries: try RetryPolicy(attempts: 0),  // each failure stays a failure
                shardCount: 1
            ),
            clock: clock,
            random: SeededRandomNumberGenerator(seed: 1),
            observer: recorder
        )

        // 0 s: one of the two local endpoints fails; after its fifth 503 in a row it is ejected.
        for _ in 0..<20 { send(router, failing: ["10.0.1.10:443"]) }
        try recorder.expectEjection(of: "local", reason: .consecutive5xx)
        // One healthy endpoint of two is half the tier: all traffic stays local. (Envoy's default
        // policy would send min(100, 140 × 1/2) = 70 % to P0 and 30 % to P1 here.)
        try recorder.expectNoEvents(.trafficShifted)
        #expect(send(router) == "10.0.1.11:443")

        // Still 0 s: the other local endpoint fails too, and everything moves to P1.
        for _ in 0..<5 { send(router, failing: ["10.0.1.11:443"]) }
        try recorder.expectTrafficShift(to: 1)
        #expect(send(router) == "10.0.2.10:443")

        // 30 s: both ejections end; the next request sees it, and traffic comes home.
        clock.advance(by: .seconds(30))
        #expect(send(router) != "10.0.2.10:443")
        try recorder.expectReadmission(of: "local")
        #expect(recorder.trafficShifts.last?.after.load(ofTier: 0) == 100)
    }
}

// MARK: - An endpoint picker

/// Picks a candidate at random in proportion to its weight, skipping the ones a retry excluded.
struct WeightedRandomPicker: EndpointPicker {
    var needsActiveRequests: Bool { false }

    func makeState(weights: [UInt32], shards: Int) -> any EndpointPickerState {
        State(weights: weights)
    }

    final class State: EndpointPickerState {
        /// Running sums of the weights: candidate `i` owns the draws in `sums[i - 1]..<sums[i]`.
        let sums: [UInt64]

        init(weights: [UInt32]) {
            var total: UInt64 = 0
            self.sums = weights.map { weight in
                total += UInt64(weight)
                return total
            }
        }

        func pick(from candidates: EndpointCandidates, random: inout some RandomNumberGenerator) -> Int? {
            guard let total = self.sums.last, total > 0, self.sums.count == candidates.count else { return nil }
            let draw = random.next(upperBound: total)
            let drawn = self.sums.firstIndex { draw < $0 } ?? 0
            for offset in 0..<candidates.count {
                let candidate = (drawn + offset) % candidates.count
                if !candidates.isExcluded(candidate) { return candidate }
            }
            return nil  // every candidate is excluded: the router picks again without exclusions
        }
    }
}

@Suite struct WeightedRandomPickerTests {
    @Test func honoursTheContract() throws {
        try EndpointPickerVerifier().verify(WeightedRandomPicker(), weights: .proportional)
    }

    /// One cluster whose endpoints have weights 1 and 3, routed with the picker.
    static func router(clock: ManualClock, seed: UInt64, observer: EventRecorder) throws -> EdgeRouter<ManualClock> {
        let deployment = try TopologyBuilder()
            .cluster("local", region: "region-1", endpoints: 2, weights: [1, 3], serving: ["shop.example.com"])
            .deployment(hostname: "shop.example.com", destination: .automatic)
        return try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: EdgeRouterConfiguration(
                endpointPicker: WeightedRandomPicker(),
                retries: try RetryPolicy(attempts: 0),
                shardCount: 1
            ),
            clock: clock,
            random: SeededRandomNumberGenerator(seed: seed),
            observer: observer
        )
    }

    @Test func splitsByWeightAndSkipsAnEjectedEndpoint() throws {
        let clock = ManualClock()
        let recorder = EventRecorder(accessLog: false)
        let router = try Self.router(clock: clock, seed: 7, observer: recorder)

        // 0 s: weights 1 and 3 give about a quarter and three quarters.
        let picks = (0..<4_000).compactMap { _ in send(router) }
        let heavy = picks.filter { $0 == "10.0.1.11:443" }.count
        #expect((2_850...3_150).contains(heavy))

        // The same seed picks the same endpoints, request for request.
        let again = try Self.router(clock: ManualClock(), seed: 7, observer: EventRecorder())
        #expect((0..<4_000).compactMap { _ in send(again) } == picks)

        // The heavy endpoint fails until it is ejected; from then on the light one takes everything.
        for _ in 0..<50 where recorder.ejections.isEmpty { send(router, failing: ["10.0.1.11:443"]) }
        try recorder.expectEjection(of: "local", reason: .consecutive5xx)
        #expect((0..<100).compactMap { _ in send(router) } == Array(repeating: "10.0.1.10:443", count: 100))

        // 30 s later the ejection ends and the weights apply again.
        clock.advance(by: .seconds(30))
        #expect((0..<100).compactMap { _ in send(router) }.contains("10.0.1.11:443"))
        try recorder.expectReadmission(of: "local")
    }
}

// MARK: - An outlier detector

/// Ejects an endpoint for a fixed time after `threshold` failures in a row (5xx or local-origin), and
/// re-admits it at the exact end of that time. (Envoy's detector doubles the time of each ejection;
/// this one does not.)
///
/// For brevity it takes its lock on every call; the contract asks for a lock only on rare paths, so
/// a detector for production keeps its per-endpoint counts in atomics. The verifier checks what a
/// detector does, not what it costs.
final class FixedEjectionDetector: OutlierDetector {
    struct Endpoint {
        var id: EndpointID
        var failures = 0
        var ejectedUntil: MonotonicTime?
    }

    let threshold: Int
    let ejectionTime: Duration
    private let observer: @Sendable (OutlierDetectionEvent) -> Void
    private let endpoints: Mutex<[Endpoint]>
    private let deadline = Atomic<Int64>(.max)

    init(
        endpoints: [EndpointID],
        threshold: Int = 3,
        ejectionTime: Duration = .seconds(10),
        observer: @escaping @Sendable (OutlierDetectionEvent) -> Void
    ) {
        self.threshold = max(1, threshold)
        self.ejectionTime = ejectionTime
        self.observer = observer
        self.endpoints = Mutex(endpoints.map { Endpoint(id: $0) })
    }

    var nextDeadline: MonotonicTime {
        MonotonicTime(nanoseconds: self.deadline.load(ordering: .acquiring))
    }

    func setEndpoints(_ ids: [EndpointID], now: MonotonicTime) {
        self.advance(to: now)
        self.endpoints.withLock { endpoints in
            let kept = Dictionary(endpoints.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            endpoints = ids.map { kept[$0] ?? Endpoint(id: $0) }
            self.updateDeadline(endpoints)
        }
    }

    @discardableResult
    func record(_ result: OutlierResult, endpointIndex: Int, now: MonotonicTime) -> Bool {
        let readmitted = self.advance(to: now)
        let failed = result.isLocalOrigin || (result.statusCode ?? 0) >= 500
        let ejection: OutlierDetectionEvent? = self.endpoints.withLock { endpoints in
            guard endpoints.indices.contains(endpointIndex), endpoints[endpointIndex].ejectedUntil == nil else {
                return nil
            }
            endpoints[endpointIndex].failures = failed ? endpoints[endpointIndex].failures + 1 : 0
            guard endpoints[endpointIndex].failures >= self.threshold else { return nil }
            let until = now + self.ejectionTime
            endpoints[endpointIndex].failures = 0
            endpoints[endpointIndex].ejectedUntil = until
            self.updateDeadline(endpoints)
            return OutlierDetectionEvent(
                kind: .ejected,
                endpoint: endpoints[endpointIndex].id,
                time: now,
                ejectionType: .consecutive5xx,
                enforced: true,
                multiplier: 1,
                ejectedUntil: until
            )
        }
        // Events go out after the lock is released: the observer may call back into the detector.
        if let ejection { self.observer(ejection) }
        return readmitted || ejection != nil
    }

    @discardableResult
    func advance(to now: MonotonicTime) -> Bool {
        guard now >= self.nextDeadline else { return false }
        let readmissions: [OutlierDetectionEvent] = self.endpoints.withLock { endpoints in
            var events: [OutlierDetectionEvent] = []
            for index in endpoints.indices {
                guard let until = endpoints[index].ejectedUntil, until <= now else { continue }
                endpoints[index].ejectedUntil = nil
                // Stamped with the instant the ejection ended, not the instant it was noticed.
                events.append(OutlierDetectionEvent(kind: .readmitted, endpoint: endpoints[index].id, time: until))
            }
            self.updateDeadline(endpoints)
            return events.sorted { $0.time < $1.time }
        }
        for event in readmissions { self.observer(event) }
        return !readmissions.isEmpty
    }

    func isEjected(endpointIndex: Int) -> Bool {
        self.endpoints.withLock { endpoints in
            endpoints.indices.contains(endpointIndex) && endpoints[endpointIndex].ejectedUntil != nil
        }
    }

    func snapshot() -> OutlierDetectorSnapshot {
        let endpoints = self.endpoints.withLock { $0 }
        return OutlierDetectorSnapshot(
            endpoints: endpoints.map { endpoint in
                OutlierDetectorSnapshot.EndpointState(
                    endpoint: endpoint.id,
                    isEjected: endpoint.ejectedUntil != nil,
                    ejectedUntil: endpoint.ejectedUntil,
                    multiplier: endpoint.ejectedUntil == nil ? 0 : 1,
                    consecutive5xx: endpoint.failures
                )
            }
        )
    }

    /// The earliest end of an ejection: what `advance(to:)` will have to do next. Called under the lock.
    private func updateDeadline(_ endpoints: [Endpoint]) {
        let next = endpoints.compactMap(\.ejectedUntil).min()?.nanoseconds ?? .max
        self.deadline.store(next, ordering: .releasing)
    }
}

@Suite struct FixedEjectionDetectorTests {
    @Test func honoursTheContract() throws {
        try OutlierDetectorVerifier().verify { endpoints, _, observer in
            FixedEjectionDetector(endpoints: endpoints, observer: observer)
        }
    }

    @Test func ejectsForTenSecondsThenTrafficComesHome() throws {
        let deployment = try shopDeployment()
        let clock = ManualClock()
        let recorder = EventRecorder(accessLog: false)
        var configuration = EdgeRouterConfiguration(retries: try RetryPolicy(attempts: 0), shardCount: 1)
        configuration.makeOutlierDetector = { context in
            FixedEjectionDetector(endpoints: context.endpoints, observer: context.observer)
        }
        let router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: configuration,
            clock: clock,
            random: SeededRandomNumberGenerator(seed: 1),
            observer: recorder
        )

        // 0 s: both local endpoints fail until each has failed three times in a row, and P1 takes all
        // the traffic.
        for _ in 0..<50 where recorder.ejections.count < 2 {
            send(router, failing: ["10.0.1.10:443", "10.0.1.11:443"])
        }
        let ejection = try recorder.expectEjection(of: "local")
        #expect(ejection.detail.ejectedUntil == ejection.detail.time + .seconds(10))
        try recorder.expectTrafficShift(to: 1)

        // 9.999 s: still ejected.
        clock.advance(by: .milliseconds(9_999))
        #expect(send(router) == "10.0.2.10:443")

        // 10 s: re-admitted at the exact end of the ejection, and traffic comes home.
        clock.advance(by: .milliseconds(1))
        #expect(send(router) != "10.0.2.10:443")
        let readmission = try recorder.expectReadmission(of: "local")
        #expect(readmission.detail.time == ejection.detail.time + .seconds(10))
        #expect(recorder.trafficShifts.last?.after.load(ofTier: 0) == 100)
    }
}

// MARK: - Defaults that get in the way of long test loops

@Suite struct LongLoopConfigurationTests {
    /// A configuration for a test that fails many attempts on purpose, with a clock that does not move.
    static func quietConfiguration() throws -> EdgeRouterConfiguration {
        var configuration = EdgeRouterConfiguration(
            retries: try RetryPolicy(budget: .disabled),  // no retry budget: every failure may be retried
            shardCount: 1  // one random sequence, whatever thread calls
        )
        configuration.makeOutlierDetector = { context in
            NoOpOutlierDetector(endpoints: context.endpoints)  // no ejections
        }
        return configuration
    }

    /// Sends `requests` requests at one instant, every attempt answered 503, and counts the retries
    /// the router made and the ejections it reported.
    static func failEverything(
        _ configuration: EdgeRouterConfiguration,
        requests: Int
    ) throws -> (retries: Int, ejections: Int) {
        let deployment = try shopDeployment()
        let recorder = EventRecorder(accessLog: false)
        let router = try EdgeRouter(
            gateway: deployment.gateway,
            edge: deployment.edge,
            topology: deployment.topology,
            configuration: configuration,
            clock: ManualClock(),
            random: SeededRandomNumberGenerator(seed: 1),
            observer: recorder
        )
        var retries = 0
        for _ in 0..<requests {
            guard case .forward(var attempt) = router.route(RequestHead(authority: "shop.example.com", path: "/"))
            else { continue }
            while case .retry(let retry) = router.complete(attempt, outcome: .status(503)) {
                retries += 1
                attempt = retry.attempt
            }
        }
        return (retries, recorder.ejections.count)
    }

    @Test func theDefaultsCutALongFailingLoopShortTheQuietConfigurationDoesNot() throws {
        // The defaults: outlier detection ejects all three endpoints, and then the router answers
        // 503 UH itself, with no attempt to retry.
        let defaults = try Self.failEverything(EdgeRouterConfiguration(shardCount: 1), requests: 200)
        #expect(defaults.ejections == 3)
        // With both off, every request is retried twice.
        let quiet = try Self.failEverything(try Self.quietConfiguration(), requests: 200)
        #expect(quiet.ejections == 0)
        #expect(quiet.retries == 400)
        // Without ejections, the retry budget (20 % of the last 10 s's requests, at least 10 a second)
        // still refuses retries while the clock stands still.
        var budgeted = try Self.quietConfiguration()
        budgeted.retries = .defaults
        let withBudget = try Self.failEverything(budgeted, requests: 200)
        #expect(withBudget.ejections == 0)
        #expect(withBudget.retries < quiet.retries)
    }
}

/// Every Swift block of the article stands in this file, line for line (indentation aside), so the
/// article shows code that compiles and runs.
@Suite struct TestingYourOwnRoutingPolicyArticleTests {
    @Test func theArticleShowsTheCodeThatRunsHere() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let article = try String(
            contentsOf: root.appendingPathComponent(
                "Sources/EdgeRoutingTestSupport/EdgeRoutingTestSupport.docc/TestingYourOwnRoutingPolicy.md"
            ),
            encoding: .utf8
        )
        let source = Self.unindented(try String(contentsOf: here, encoding: .utf8))
        let blocks = article.components(separatedBy: "```swift\n").dropFirst().map {
            $0.components(separatedBy: "\n```")[0]
        }
        #expect(blocks.count >= 10)
        for block in blocks {
            #expect(source.contains(Self.unindented(block)), "not in TestingYourOwnRoutingPolicyTests.swift:\n\(block)")
        }
    }

    private static func unindented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }
            .joined(separator: "\n")
    }
}
