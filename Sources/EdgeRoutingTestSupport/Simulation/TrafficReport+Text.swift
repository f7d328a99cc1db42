import EdgeRouting

extension TrafficReport {
    /// The report as JSON with sorted keys: equal reports give equal text.
    ///
    /// - Parameter prettyPrinted: Whether to indent (the default).
    /// - Returns: The JSON text.
    /// - Throws: An `EncodingError` (a report always encodes).
    public func json(prettyPrinted: Bool = true) throws -> String {
        try JSONConfiguration.encode(self, prettyPrinted: prettyPrinted)
    }

    /// The report as text: a heading, the per-second table (the edge gateway's log and each ingress
    /// gateway's log side by side, with retries and what happened), and the incident summary.
    ///
    /// Quiet stretches — seconds with the same status codes in every column, no retry and no event —
    /// are folded into one row such as `12-38` with their sums. A second at or after the end of the
    /// load (requests still in flight when clients stopped) is never folded into the seconds before it,
    /// so that no row runs past the duration.
    ///
    /// ```
    ///  time   edge gateway   ingressgw-1 (cluster-1)   ingressgw-2 (cluster-2)   retries   events
    ///  0-9    200×960        200×960                   -                               0
    ///  10     200×57         200×52 UF×5               200×5                           5   fault: …
    /// ```
    ///
    /// - Parameter perSecond: Whether to include the per-second table (default `true`).
    /// - Returns: The text, ending with a newline.
    public func text(perSecond: Bool = true) -> String {
        var lines: [String] = []
        lines.append(
            "\(self.destination) · \(self.scenario) · \(self.load) · \(Self.format(seconds: self.duration)) · "
                + "seed \(self.seed) · \(self.hostname)"
        )
        if perSecond {
            lines.append(contentsOf: self.secondsTable().map { "  " + $0 })
        }
        let totals = self.totals
        lines.append(
            "  total: \(totals.requests) requests, \(totals.errors) client errors, \(totals.retries) retries, "
                + "\(totals.ejections) ejections; latency p50 \(Self.format(seconds: totals.latencyP50)), "
                + "p99 \(Self.format(seconds: totals.latencyP99))"
        )
        for incident in self.incidents {
            lines.append("  incident at \(Self.format(seconds: incident.start)): " + Self.describe(incident))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per incident measurement: ejection, failover and recovery times, errors.
    static func describe(_ incident: Incident) -> String {
        var parts: [String] = []
        parts.append(incident.clusters.joined(separator: ", ") + " impaired")
        if let repair = incident.repair {
            parts.append("repaired at \(Self.format(seconds: repair))")
        }
        parts.append("ejected after " + (incident.timeToEject.map { Self.format(seconds: $0) } ?? "-"))
        parts.append(Self.failover(of: incident))
        if incident.carriedTraffic && incident.repair != nil {
            parts.append(
                "recovered after "
                    + (incident.timeToRecover.map { Self.format(seconds: $0) } ?? "- (not within the run)")
            )
        }
        parts.append("\(incident.errors) client errors")
        return parts.joined(separator: "; ")
    }

    /// How traffic left the impaired clusters, if it did: all of it, part of it, or none.
    static func failover(of incident: Incident) -> String {
        guard incident.carriedTraffic else {
            return "no failover needed (the impaired clusters carried no traffic)"
        }
        if let time = incident.timeToFailover {
            return "failed over after " + Self.format(seconds: time)
        }
        let names = incident.homeClusters
        let home = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.joined()
        guard let spill = incident.spillPercent, spill > 0 else {
            return "no failover (traffic kept going to \(home))"
        }
        if spill >= Self.partialFailoverPercent {
            return "partly failed over (\(Self.format(percent: spill)) of the answers from outside \(home))"
        }
        return
            "no failover (traffic kept going to \(home); \(Self.format(percent: spill)) of the answers from elsewhere)"
    }

    /// The summary's cell for the failover: a time, `partly (7 %)`, `never`, or `not needed`.
    static func failoverCell(of incident: Incident) -> String {
        guard incident.carriedTraffic else { return "not needed" }
        if let time = incident.timeToFailover { return Self.format(seconds: time) }
        if let spill = incident.spillPercent, spill >= Self.partialFailoverPercent {
            return "partly (\(Self.format(percent: spill)))"
        }
        return "never"
    }

    /// The spill from which an incident without a complete failover reads as a partial one: below it,
    /// the answers from elsewhere are retries that hid a few failures.
    static let partialFailoverPercent = 1.0

    /// `7 %`, `0.3 %`.
    static func format(percent: Double) -> String {
        let tenths = Int((percent * 10).rounded())
        return (tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)") + " %"
    }

    /// A table with one row per report: what each run did, side by side.
    ///
    /// - Parameter reports: The reports, for example one per destination form and drill.
    /// - Returns: The table's lines joined by newlines, ending with a newline.
    public static func summary(_ reports: [TrafficReport]) -> String {
        var rows: [[String]] = [
            [
                "destination", "drill", "requests", "errors", "retries", "ejections", "ejected after",
                "failed over after", "recovered after",
            ]
        ]
        for report in reports {
            let incident = report.incidents.first
            rows.append([
                report.destination,
                report.scenario,
                String(report.totals.requests),
                String(report.totals.errors),
                String(report.totals.retries),
                String(report.totals.ejections),
                incident?.timeToEject.map { Self.format(seconds: $0) } ?? "-",
                incident.map(Self.failoverCell) ?? "-",
                incident.map { $0.carriedTraffic ? $0.timeToRecover.map { Self.format(seconds: $0) } ?? "never" : "-" }
                    ?? "-",
            ])
        }
        let numeric: Set<Int> = [2, 3, 4, 5, 6, 7, 8]
        return Self.layout(rows, rightAligned: numeric).joined(separator: "\n") + "\n"
    }

    // MARK: - The per-second table

    private func secondsTable() -> [String] {
        let clusterNames = self.clusters.map(\.name)
        var header = ["time", "edge gateway"]
        header += self.clusters.map { "\($0.ingress) (\($0.name))" }
        header += ["retries", "events"]

        var eventsBySecond: [Int: [String]] = [:]
        for entry in self.timeline {
            eventsBySecond[Int(entry.time.rounded(.down)), default: []].append(entry.detail)
        }

        struct Row {
            var first: Int
            var last: Int
            var edge: [String: Int]
            var ingress: [String: [String: Int]]
            var retries: Int
            var events: [String]
            var quiet: Bool

            func sameShape(as other: Row) -> Bool {
                self.quiet && other.quiet && Set(self.edge.keys) == Set(other.edge.keys)
                    && self.ingress.mapValues { Set($0.keys) } == other.ingress.mapValues { Set($0.keys) }
            }
        }
        var rows: [Row] = []
        let end = Int((self.duration * 1000).rounded()) / 1000
        for second in self.seconds {
            let events = eventsBySecond[second.second] ?? []
            let row = Row(
                first: second.second,
                last: second.second,
                edge: second.edge,
                ingress: second.ingress,
                retries: second.retries,
                events: events,
                quiet: events.isEmpty && second.retries == 0
            )
            if var previous = rows.last, previous.sameShape(as: row), (previous.last < end) == (row.first < end) {
                previous.last = row.last
                previous.edge.merge(row.edge, uniquingKeysWith: +)
                for (cluster, counts) in row.ingress {
                    previous.ingress[cluster, default: [:]].merge(counts, uniquingKeysWith: +)
                }
                rows[rows.count - 1] = previous
            } else {
                rows.append(row)
            }
        }

        var table = [header]
        for row in rows {
            var cells = [row.first == row.last ? "\(row.first)" : "\(row.first)-\(row.last)"]
            cells.append(Self.counts(row.edge))
            for name in clusterNames {
                cells.append(Self.counts(row.ingress[name] ?? [:]))
            }
            cells.append(String(row.retries))
            cells.append(row.events.joined(separator: "; "))
            table.append(cells)
        }
        let right: Set<Int> = [header.count - 2]
        return Self.layout(table, rightAligned: right)
    }

    /// `200×93 503 UH×2`, ordered by status then flags; `-` when empty.
    static func counts(_ counts: [String: Int]) -> String {
        if counts.isEmpty { return "-" }
        let keys = counts.keys.sorted { lhs, rhs in
            let left = Int(lhs.prefix { $0.isNumber }) ?? Int.max
            let right = Int(rhs.prefix { $0.isNumber }) ?? Int.max
            return left != right ? left < right : lhs < rhs
        }
        return keys.map { "\($0)×\(counts[$0]!)" }.joined(separator: " ")
    }

    /// `5 s`, `0.3 s`, `0.011 s`: seconds with as many decimals as the milliseconds need.
    static func format(seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        if fraction == 0 { return "\(whole) s" }
        if fraction % 100 == 0 { return "\(whole).\(fraction / 100) s" }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 3 - text.count) + text + " s"
    }

    /// Pads the cells of each column to the same width; the last column is not padded.
    static func layout(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == row.count - 1
                if rightAligned.contains(index) {
                    line += padding + cell
                } else {
                    line += isLast ? cell : cell + padding
                }
                if !isLast { line += "   " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
