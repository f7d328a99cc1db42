import EdgeRouting

/// Renders a drill as the article's table: one row per second, runs of identical seconds merged.
enum FailbackTimeline {
    struct Row: Equatable {
        var first: Int
        var last: Int
        var cluster1: String
        var detection: String
        var probes: String
        var attempts: String

        var markdown: String {
            let seconds = self.first == self.last ? "\(self.first)" : "\(self.first)–\(self.last)"
            return "| \(seconds) | \(self.cluster1) | \(self.detection) | \(self.probes) | \(self.attempts) |"
        }
    }

    static func rows(_ drill: FailbackDrill, seconds: ClosedRange<Int>) -> [Row] {
        var rows: [Row] = []
        for second in seconds {
            let start = MonotonicTime.origin + .seconds(second)
            let broken = drill.isBroken(at: start)
            let events = drill.events.filter { Int($0.time.nanoseconds / 1_000_000_000) == second }
            let detection =
                events.isEmpty
                ? (drill.availableAtSecond[second] == true ? "" : "out")
                : events.map {
                    "\(Self.seconds($0.time)): \($0.text)"
                }.joined(separator: "; ")
            let results = drill.probeResults[second] ?? []
            let probes = results.isEmpty ? "" : results.map { $0 ? "pass" : "fail" }.joined(separator: ", ")
            let attempts = drill.attemptsToCluster1[second] ?? 0
            let attemptsText = attempts == 0 ? "0" : "\(attempts)" + (broken ? " (failed, retried on cluster-2)" : "")
            let row = Row(
                first: second,
                last: second,
                cluster1: broken ? (drill.fault == .ingressDown ? "down" : "503") : "up",
                detection: detection,
                probes: probes,
                attempts: attemptsText
            )
            if var previous = rows.last, events.isEmpty, previous.cluster1 == row.cluster1,
                previous.detection == row.detection, previous.probes == row.probes,
                previous.attempts == row.attempts, !previous.detection.contains(" s:")
            {
                previous.last = second
                rows[rows.count - 1] = previous
            } else {
                rows.append(row)
            }
        }
        return rows
    }

    /// `30.020 s`.
    static func seconds(_ time: MonotonicTime) -> String {
        let milliseconds = time.nanoseconds / 1_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }

    static func markdown(_ drill: FailbackDrill, seconds: ClosedRange<Int>) -> String {
        let header =
            "| second | cluster-1 | outlier detection and probes | probe results | client attempts at cluster-1 |\n"
            + "|---|---|---|---|---|\n"
        return header + self.rows(drill, seconds: seconds).map(\.markdown).joined(separator: "\n")
    }
}
