import Benchmark
import EdgeRouting
import EdgeRoutingTestSupport

/// The deterministic simulator. One operation is one whole simulation: the guide's ingress drill at an
/// open loop of 10,000 requests per virtual second for 10 virtual seconds — 100,000 simulated requests,
/// with cluster-1's ingress scaled to 0 at 2 s and back at 6 s, so ejections, retries and failover are
/// all on the path. Simulated requests per second = 100,000 / the wall-clock time of one operation.
func simulatorBenchmarks() {
    Benchmark(
        "Simulator-100k-requests-ingress-drill",
        configuration: .init(
            metrics: [.wallClock, .throughput],
            scalingFactor: .one,
            maxDuration: .seconds(20),
            maxIterations: 5,
            thresholds: [.wallClock: Settings.lenientTime, .throughput: Settings.unchecked]
        )
    ) { benchmark in
        let scenario = SimulationScenario(
            name: "benchmark",
            duration: .seconds(10),
            load: .openLoop(rate: 10_000),
            faults: [
                .at(.seconds(2), .scaleIngress(cluster: "cluster-1", replicas: 0)),
                .at(.seconds(6), .scaleIngress(cluster: "cluster-1", replicas: 1)),
            ]
        )
        let simulation = Simulation(deployment: DemoEnvironment.deployment(.automatic), scenario: scenario)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try simulation.run())
        }
    }
}
