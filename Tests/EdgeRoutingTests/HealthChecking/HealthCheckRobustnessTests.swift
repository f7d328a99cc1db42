import EdgeRouting
import Testing

/// Fields set out of range after validation are clamped, never trapped on.
@Suite struct HealthCheckRobustnessTests {
    @Test func outOfRangeCheckerSettingsDoNotTrap() throws {
        var configuration = HealthCheckConfiguration.defaults
        configuration.healthyThreshold = 0
        configuration.unhealthyThreshold = -3
        configuration.timeout = .seconds(-1)
        configuration.interval = .zero
        configuration.intervalJitter = .seconds(-5)
        configuration.intervalJitterPercent = -40
        var driver = CheckerDriver(configuration)
        driver.eject(0, at: .origin)
        _ = try driver.probe(.connectFailure, at: at(0.001))
        #expect(try driver.probe(.status(200), at: at(0.002)).transition == .becameHealthy)
        let probe = try #require(driver.checker.snapshot().endpoints.first)
        #expect(probe.health == .healthy)
        driver.collect(at: at(1))
        let deadline = try #require(driver.inFlight.first).deadline
        #expect(deadline == at(1.001))  // the timeout is at least 1 ms
    }

    @Test func outOfRangeRampSettingsDoNotTrap() {
        var configuration = SlowStartConfiguration.defaults
        configuration.minWeightPercent = .nan
        configuration.aggression = -1
        #expect(SlowStart.factor(elapsed: .seconds(5), configuration: configuration) == 0.5)
        #expect(SlowStart.scaledWeight(1, elapsed: .zero, configuration: configuration) == 1)
        configuration.minWeightPercent = 400
        #expect(SlowStart.factor(elapsed: .zero, configuration: configuration) == 1)
        configuration.window = .zero
        #expect(SlowStart.factor(elapsed: .zero, configuration: configuration) == 1)
        #expect(SlowStart.nextChange(elapsed: .zero, configuration: configuration) == nil)
        var failback = GradualFailback(configuration: configuration)
        failback.update(availability: [-20, 300], now: .origin)
        failback.update(availability: [100, 100], now: .origin + .seconds(1))
        #expect(failback.caps(at: .origin + .seconds(1)) == .none)
    }
}
