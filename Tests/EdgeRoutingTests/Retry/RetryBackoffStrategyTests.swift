import Testing

@testable import EdgeRouting

@Suite struct RetryBackoffStrategyTests {
    /// Envoy's exponential bounds for the defaults (25 ms base, 250 ms cap), per retry number.
    static let defaultBounds: [(retry: Int, bound: Int64)] = [
        (1, 25), (2, 50), (3, 100), (4, 200), (5, 250), (6, 250), (10, 250), (64, 250), (Int.max, 250), (0, 25),
        (-7, 25),
    ]

    @Test(arguments: Self.defaultBounds)
    func jitteredExponentialStaysInItsBound(retry: Int, bound: Int64) {
        let backoff = JitteredExponentialBackoff()
        #expect(backoff.upperBound(forRetry: retry) == .milliseconds(bound))
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: retry))
        var largest = Duration.zero
        for _ in 0..<2000 {
            let delay = backoff.delay(forRetry: retry, previousDelay: nil, random: &random)
            #expect(delay >= .zero && delay < .milliseconds(bound))
            largest = max(largest, delay)
        }
        // The draws reach the top of the range, so the bound is not narrower than claimed.
        #expect(largest >= .milliseconds(bound * 9 / 10))
    }

    @Test(arguments: Self.defaultBounds)
    func equalJitterStaysInTheUpperHalf(retry: Int, bound: Int64) {
        let backoff = EqualJitterBackoff()
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: retry))
        var smallest = Duration.seconds(1)
        for _ in 0..<2000 {
            let delay = backoff.delay(forRetry: retry, previousDelay: nil, random: &random)
            #expect(delay >= .milliseconds(bound / 2) && delay < .milliseconds(bound))
            smallest = min(smallest, delay)
        }
        #expect(smallest <= .milliseconds(bound / 2 + 2))
    }

    @Test(arguments: [nil, 1, 10, 25, 40, 90, 249, 1000] as [Int64?])
    func decorrelatedJitterStaysBetweenBaseAndThreeTimesPrevious(previous: Int64?) {
        let backoff = DecorrelatedJitterBackoff()
        let upper = min(3 * (previous ?? 25), 250)
        var random = SplitMix64(seed: UInt64(previous ?? 0))
        for _ in 0..<2000 {
            let delay = backoff.delay(forRetry: 3, previousDelay: previous.map { .milliseconds($0) }, random: &random)
            #expect(delay >= .milliseconds(25))
            #expect(delay <= .milliseconds(max(25, upper)))
            if 3 * (previous ?? 25) <= 250 {
                #expect(delay < .milliseconds(max(26, upper)))
            }
        }
    }

    @Test func exactSequencesForSeed42() {
        var random = SplitMix64(seed: 42)
        let exponential = JitteredExponentialBackoff()
        let exponentialDelays = (1...8).map { exponential.delay(forRetry: $0, previousDelay: nil, random: &random) }
        #expect(exponentialDelays == [13, 41, 58, 164, 0, 62, 175, 158].map { Duration.milliseconds($0) })

        random = SplitMix64(seed: 42)
        let equal = EqualJitterBackoff()
        let equalDelays = (1...8).map { equal.delay(forRetry: $0, previousDelay: nil, random: &random) }
        #expect(equalDelays == [21, 41, 58, 164, 125, 187, 175, 158].map { Duration.milliseconds($0) })

        random = SplitMix64(seed: 42)
        let decorrelated = DecorrelatedJitterBackoff()
        var previous: Duration?
        var decorrelatedDelays: [Duration] = []
        for retry in 1...8 {
            let delay = decorrelated.delay(forRetry: retry, previousDelay: previous, random: &random)
            decorrelatedDelays.append(delay)
            previous = delay
        }
        #expect(decorrelatedDelays == [38, 29, 79, 77, 135, 47, 66, 41].map { Duration.milliseconds($0) })
    }

    @Test func oddMaximumJumpsToTheMaximumAsEnvoyDoes() {
        // doubling_limit_ = 201 / 2 = 100: the bound 100 is not below it, so the next bound is 201, not 200.
        let backoff = JitteredExponentialBackoff(baseInterval: .milliseconds(25), maxInterval: .milliseconds(201))
        let bounds = (1...5).map { backoff.upperBound(forRetry: $0) }
        #expect(bounds == [25, 50, 100, 201, 201].map { Duration.milliseconds($0) })
    }

    @Test func intervalsAreWholeMillisecondsOfAtLeastOne() {
        let tiny = JitteredExponentialBackoff(baseInterval: .microseconds(300), maxInterval: .nanoseconds(5))
        #expect(tiny.baseInterval == .milliseconds(1) && tiny.maxInterval == .milliseconds(1))
        var random = SplitMix64(seed: 7)
        #expect(tiny.delay(forRetry: 5, previousDelay: nil, random: &random) == .zero)

        let truncated = JitteredExponentialBackoff(baseInterval: .microseconds(2500))
        #expect(truncated.baseInterval == .milliseconds(2) && truncated.maxInterval == .milliseconds(20))

        let inverted = EqualJitterBackoff(baseInterval: .milliseconds(100), maxInterval: .milliseconds(10))
        #expect(inverted.maxInterval == .milliseconds(100))
        #expect(inverted.upperBound(forRetry: 9) == .milliseconds(100))
    }

    @Test func hugeIntervalsSaturateInsteadOfTrapping() {
        let huge = JitteredExponentialBackoff(baseInterval: .seconds(Int64.max / 2))
        var random = SplitMix64(seed: 1)
        let delay = huge.delay(forRetry: Int.max, previousDelay: nil, random: &random)
        #expect(delay >= .zero)
        let decorrelated = DecorrelatedJitterBackoff(baseInterval: .seconds(1), maxInterval: .seconds(Int64.max / 2))
        let next = decorrelated.delay(forRetry: 2, previousDelay: .seconds(Int64.max / 4), random: &random)
        #expect(next >= .seconds(1))
    }

    @Test func policyConfigurationBuildsItsStrategy() throws {
        let exponential = try RetryPolicy.Backoff(baseInterval: .milliseconds(10)).makeStrategy()
        #expect(
            exponential as? JitteredExponentialBackoff == JitteredExponentialBackoff(baseInterval: .milliseconds(10))
        )
        let equal = try RetryPolicy.Backoff(strategy: .equalJitter).makeStrategy()
        #expect(equal is EqualJitterBackoff)
        let decorrelated = try RetryPolicy.Backoff(maxInterval: .seconds(1), strategy: .decorrelatedJitter)
            .makeStrategy()
        #expect((decorrelated as? DecorrelatedJitterBackoff)?.maxInterval == .seconds(1))
    }
}
