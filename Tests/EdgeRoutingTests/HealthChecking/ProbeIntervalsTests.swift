import EdgeRouting
import Testing

/// A generator that returns the given numbers in turn (then zeros), so tests can assert exact draws.
struct ScriptedRandom: RandomNumberGenerator {
    var numbers: [UInt64]
    private(set) var draws = 0

    init(_ numbers: [UInt64] = []) {
        self.numbers = numbers
    }

    mutating func next() -> UInt64 {
        defer { self.draws += 1 }
        return self.draws < self.numbers.count ? self.numbers[self.draws] : 0
    }
}

@Suite struct ProbeIntervalsTests {
    static let configuration = try! HealthCheckConfiguration(
        interval: .seconds(10),
        unhealthyInterval: .seconds(3),
        unhealthyEdgeInterval: .seconds(2),
        healthyEdgeInterval: .seconds(4),
        noTrafficInterval: .seconds(60),
        noTrafficHealthyInterval: .seconds(120)
    )

    /// Envoy's `HealthCheckerImplBase::interval`, every branch.
    @Test(arguments: [
        (true, false, true, Duration.seconds(10)),  // healthy, unchanged: interval
        (true, true, true, .seconds(4)),  // passed on the way to healthy: healthy edge interval
        (false, false, true, .seconds(3)),  // failed while unhealthy (or just became so): unhealthy interval
        (false, true, true, .seconds(2)),  // failed on the way to unhealthy: unhealthy edge interval
        (true, false, false, .seconds(120)),  // no traffic, healthy: no-traffic healthy interval
        (true, true, false, .seconds(60)),  // no traffic, pending: no-traffic interval
        (false, false, false, .seconds(60)),
        (false, true, false, .seconds(60)),
    ])
    func baseWaitFollowsEnvoy(passed: Bool, pending: Bool, hasTraffic: Bool, expected: Duration) {
        let wait = ProbeIntervals.baseWait(
            passed: passed,
            pending: pending,
            hasTraffic: hasTraffic,
            configuration: Self.configuration
        )
        #expect(wait == expected)
    }

    @Test func unsetEdgeIntervalsFallBackAsInEnvoy() {
        let configuration = HealthCheckConfiguration.defaults
        for (passed, pending) in [(true, false), (true, true), (false, false), (false, true)] {
            let wait = ProbeIntervals.baseWait(
                passed: passed,
                pending: pending,
                hasTraffic: true,
                configuration: configuration
            )
            #expect(wait == .seconds(1))
        }
    }

    /// `base + draw % (percent × base / 100) + draw % jitter`, percentage first.
    @Test(arguments: [
        // base, jitter, percent, draws, expected
        (Duration.seconds(1), Duration.zero, 0, [UInt64](), Duration.seconds(1)),
        (.seconds(1), .zero, 10, [123_456_789], .nanoseconds(1_023_456_789)),  // 123456789 % 100 ms
        (.seconds(1), .milliseconds(50), 0, [70_000_001], .nanoseconds(1_020_000_001)),  // % 50 ms
        (.seconds(1), .milliseconds(50), 10, [250_000_000, 49_999_999], .nanoseconds(1_099_999_999)),
        (.seconds(1), .zero, 100, [UInt64.max], .nanoseconds(1_000_000_000 + Int64(UInt64.max % 1_000_000_000))),
        (.microseconds(10), .zero, 0, [], .milliseconds(1)),  // never below 1 ms
        (.zero, .seconds(2), 0, [1_500_000_000], .milliseconds(1_500)),  // the initial jitter's form
    ])
    func jitterIsEnvoys(base: Duration, jitter: Duration, percent: Int, draws: [UInt64], expected: Duration) {
        var random = ScriptedRandom(draws)
        #expect(ProbeIntervals.withJitter(base, jitter: jitter, percent: percent, random: &random) == expected)
        #expect(random.draws == draws.count)
    }

    @Test func jitterSaturatesInsteadOfOverflowing() {
        var random = ScriptedRandom([.max, .max])
        let wait = ProbeIntervals.withJitter(
            .nanoseconds(Int64.max),
            jitter: .nanoseconds(Int64.max),
            percent: 100,
            random: &random
        )
        #expect(wait == .nanoseconds(Int64.max))
    }

    @Test func initialDelayIsZeroWithoutInitialJitter() throws {
        var random = ScriptedRandom([999])
        #expect(ProbeIntervals.initialDelay(configuration: .defaults, random: &random) == .zero)
        #expect(random.draws == 0)
        let jittered = try HealthCheckConfiguration(initialJitter: .milliseconds(500))
        random = ScriptedRandom([123_000_000])
        #expect(ProbeIntervals.initialDelay(configuration: jittered, random: &random) == .milliseconds(123))
    }
}
