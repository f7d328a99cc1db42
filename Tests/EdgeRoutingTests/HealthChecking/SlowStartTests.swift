import EdgeRouting
import Testing

@Suite struct SlowStartTests {
    static func configuration(
        _ window: Duration,
        _ aggression: Double = 1,
        _ minimum: Double = 10
    ) -> SlowStartConfiguration {
        try! SlowStartConfiguration(window: window, aggression: aggression, minWeightPercent: minimum)
    }

    /// Envoy's `applySlowStartFactor`, to the bit: `max(min / 100, (max(elapsed, 1 ms) / window)^(1 / a))`
    /// in whole milliseconds, 1 from the window on. Expected values computed with C's `pow`, as Envoy.
    @Test(arguments: [
        (Duration.zero, Duration.seconds(60), 1.0, 10.0, 0.1),
        (.milliseconds(1), .seconds(60), 1, 0, 1.6666666666666667e-05),
        (.microseconds(999), .seconds(60), 1, 0, 1.6666666666666667e-05),  // truncated to 0 ms, then 1 ms
        (.seconds(-5), .seconds(60), 1, 0, 1.6666666666666667e-05),
        (.seconds(30), .seconds(60), 1, 10, 0.5),
        (.milliseconds(59_999), .seconds(60), 1, 10, 0.9999833333333333),
        (.seconds(60), .seconds(60), 1, 10, 1.0),
        (.seconds(600), .seconds(60), 1, 10, 1.0),
        (.seconds(15), .seconds(60), 2, 10, 0.5),
        (.seconds(30), .seconds(60), 0.5, 10, 0.25),
        (.seconds(30), .seconds(60), 3, 10, 0.7937005259840998),
        (.seconds(1), .seconds(60), 0.5, 10, 0.1),
        (.milliseconds(2_500), .seconds(10), 1.5, 0, 0.3968502629920499),
        (.milliseconds(7), .milliseconds(10), 1, 0, 0.7),
        (.milliseconds(9_999), .seconds(10), 4, 50, 0.9999749990624454),
    ])
    func factorIsEnvoys(elapsed: Duration, window: Duration, aggression: Double, minimum: Double, expected: Double) {
        let configuration = Self.configuration(window, aggression, minimum)
        #expect(SlowStart.factor(elapsed: elapsed, configuration: configuration) == expected)
        #expect(SlowStart.weight(4, elapsed: elapsed, configuration: configuration) == 4 * expected)
    }

    @Test func endpointsNotInSlowStartKeepTheirWeight() {
        let configuration = Self.configuration(.seconds(60))
        #expect(SlowStart.weight(3, elapsed: nil, configuration: configuration) == 3)
        #expect(SlowStart.weight(3, elapsed: .seconds(60), configuration: configuration) == 3)
        #expect(!SlowStart.isInSlowStart(elapsed: nil, configuration: configuration))
        #expect(SlowStart.isInSlowStart(elapsed: .milliseconds(59_999), configuration: configuration))
        #expect(!SlowStart.isInSlowStart(elapsed: .seconds(60), configuration: configuration))
    }

    /// The pickers' weights: the factor in whole per cents (rounded down, with a tolerance so that
    /// 0.29 gives 29), times the weight; 100 × the weight outside slow start.
    @Test(arguments: [
        (UInt32(1), Duration?.none, UInt32(100)),
        (1, .zero, 10),
        (1, .milliseconds(17_400), 29),
        (1, .milliseconds(34_999), 58),
        (1, .seconds(59), 98),
        (1, .seconds(60), 100),
        (3, .seconds(30), 150),
        (UInt32.max, .seconds(30), UInt32.max),
    ])
    func scaledWeights(weight: UInt32, elapsed: Duration?, expected: UInt32) {
        #expect(
            SlowStart.scaledWeight(weight, elapsed: elapsed, configuration: Self.configuration(.seconds(60)))
                == expected
        )
    }

    /// When the scaled weight next changes: the router rebuilds the candidate list then.
    @Test(arguments: [
        (Duration.zero, 1.0, Duration?.some(.milliseconds(6_600))),  // 10 % until 11 %
        (.zero, 2, .milliseconds(726)),
        (.zero, 0.5, .milliseconds(19_900)),
        (.milliseconds(34_999), 1, .milliseconds(35_400)),
        (.milliseconds(59_500), 1, .seconds(60)),
        (.seconds(60), 1, nil),
    ])
    func nextChange(elapsed: Duration, aggression: Double, expected: Duration?) throws {
        let configuration = Self.configuration(.seconds(60), aggression)
        let next = SlowStart.nextChange(elapsed: elapsed, configuration: configuration)
        #expect(next == expected)
        if let next {
            let before = SlowStart.scaledWeight(1, elapsed: next - .milliseconds(1), configuration: configuration)
            #expect(SlowStart.scaledWeight(1, elapsed: next, configuration: configuration) > before)
            #expect(before == SlowStart.scaledWeight(1, elapsed: elapsed, configuration: configuration))
        }
    }

    @Test func aFloorOfAHundredPercentNeverChanges() {
        let configuration = Self.configuration(.milliseconds(100), 1, 100)
        #expect(SlowStart.nextChange(elapsed: .zero, configuration: configuration) == nil)
        #expect(SlowStart.scaledWeight(2, elapsed: .zero, configuration: configuration) == 200)
    }

    @Test func configurationDecodesAndValidates() throws {
        let decoded = try HealthCheckCoding.decode(SlowStartConfiguration.self, #"{"window": "30s", "aggression": 2}"#)
        #expect(decoded == Self.configuration(.seconds(30), 2, 10))
        #expect(try HealthCheckCoding.decode(SlowStartConfiguration.self, "{}") == .defaults)
        #expect(try HealthCheckCoding.roundTrip(decoded) == decoded)
        #expect(HealthCheckCoding.rejection(SlowStartConfiguration.self, #"{"window": "999us"}"#)?.path == "window")
        #expect(HealthCheckCoding.rejection(SlowStartConfiguration.self, #"{"aggression": 0}"#)?.path == "aggression")
        #expect(
            HealthCheckCoding.rejection(SlowStartConfiguration.self, #"{"aggression": -1.5}"#)?.path == "aggression"
        )
        #expect(
            HealthCheckCoding.rejection(SlowStartConfiguration.self, #"{"minWeightPercent": 101}"#)?.path
                == "minWeightPercent"
        )
        #expect(HealthCheckCoding.rejection(SlowStartConfiguration.self, #"{"windows": "1s"}"#)?.code == .unknownField)
    }
}
