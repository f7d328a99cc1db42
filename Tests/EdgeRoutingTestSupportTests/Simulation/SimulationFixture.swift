import EdgeRouting
import EdgeRoutingTestSupport

/// Runs drills on the demo and reads reports.
enum SimulationFixture {
    static func run(
        _ drill: GuideDrill,
        _ destination: DemoEnvironment.Destination,
        seed: UInt64 = 1,
        observer: (any RoutingObserver)? = nil
    ) throws -> TrafficReport {
        let deployment = DemoEnvironment.deployment(destination)
        return try Simulation(
            deployment: deployment,
            scenario: drill.scenario(for: deployment),
            seed: seed,
            observer: observer
        ).run()
    }
}

extension TrafficReport {
    /// Attempts per cluster by outcome over the seconds in `range`.
    func attempts(in range: Range<Int>) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for second in self.seconds where range.contains(second.second) {
            for (cluster, counts) in second.ingress {
                result[cluster, default: [:]].merge(counts, uniquingKeysWith: +)
            }
        }
        return result
    }

    /// Successful attempts (`200`) per cluster over the seconds in `range`.
    func successes(in range: Range<Int>) -> [String: Int] {
        self.attempts(in: range).compactMapValues { $0["200"] }
    }

    /// Edge answers by status over the seconds in `range`.
    func edge(in range: Range<Int>) -> [String: Int] {
        var result: [String: Int] = [:]
        for second in self.seconds where range.contains(second.second) {
            result.merge(second.edge, uniquingKeysWith: +)
        }
        return result
    }

    func timeline(_ kind: String) -> [TimelineEntry] {
        self.timeline.filter { $0.kind == kind }
    }
}
