import EdgeRouting

extension SimulationEngine {
    /// Builds the report from the counters once the event loop has drained.
    func report() -> TrafficReport {
        let clusterCount = self.clusters.count
        var seconds: [TrafficReport.Second] = []
        for second in self.secondRequests.indices {
            var edge: [String: Int] = [:]
            for entry in self.edgeRows[second] {
                edge[self.edgeKeyNames[entry.key]] = entry.count
            }
            seconds.append(
                TrafficReport.Second(
                    second: second,
                    edge: edge,
                    ingress: self.attemptCounts { (second * clusterCount + $0) * Self.resultColumns },
                    requests: self.secondRequests[second],
                    errors: self.secondErrors[second],
                    retries: self.secondRetries[second]
                )
            )
        }
        var totalEdge: [String: Int] = [:]
        for row in self.edgeRows {
            for entry in row {
                totalEdge[self.edgeKeyNames[entry.key], default: 0] += entry.count
            }
        }
        let health = self.observer.health
        var answeredBy: [String: Int] = [:]
        for (index, cluster) in self.clusters.enumerated() where self.answeredBy[index] > 0 {
            answeredBy[cluster.name] = self.answeredBy[index]
        }
        let totals = TrafficReport.Totals(
            requests: self.requests,
            succeeded: self.requests - self.errors,
            errors: self.errors,
            retries: self.retries,
            ejections: health.filter { $0.kind == "ejected" }.count,
            readmissions: health.filter { $0.kind == "readmitted" }.count,
            edge: totalEdge,
            attempts: self.totalAttempts(),
            answeredBy: answeredBy,
            latencyP50: self.latencyPercentile(0.5),
            latencyP99: self.latencyPercentile(0.99),
            latencyMax: Double(self.latencyMax) / 1e9
        )

        var items = self.timeline.enumerated().map { (order: $0.offset, item: $0.element) }
        for entry in health {
            items.append((items.count, TimelineItem(time: entry.time, kind: entry.kind, detail: entry.detail)))
        }
        items.sort { $0.item.time != $1.item.time ? $0.item.time < $1.item.time : $0.order < $1.order }
        let timeline = items.map {
            TrafficReport.TimelineEntry(time: Self.seconds($0.item.time), kind: $0.item.kind, detail: $0.item.detail)
        }

        let destination =
            self.simulation.label ?? self.simulation.deployment.primaryDestinationForm?.description ?? "-"
        return TrafficReport(
            scenario: self.simulation.scenario.name,
            destination: destination,
            hostname: self.hostname,
            seed: self.simulation.seed,
            load: self.simulation.scenario.load.description,
            duration: Self.seconds(self.endNanoseconds),
            clusters: self.clusters.map {
                TrafficReport.Cluster(name: $0.name, region: $0.region, ingress: $0.ingress, isLocal: $0.isLocal)
            },
            seconds: seconds,
            totals: totals,
            timeline: timeline,
            incidents: self.measureIncidents(health: health)
        )
    }

    private func attemptCounts(_ offset: (Int) -> Int) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for (index, cluster) in self.clusters.enumerated() {
            var counts: [String: Int] = [:]
            let base = offset(index)
            for column in 0..<Self.resultColumns where self.ingressCounts[base + column] > 0 {
                counts[AttemptResult.names[column], default: 0] += self.ingressCounts[base + column]
            }
            if !counts.isEmpty {
                result[cluster.name] = counts
            }
        }
        return result
    }

    private func totalAttempts() -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for second in self.secondRequests.indices {
            let row = self.attemptCounts { (second * self.clusters.count + $0) * Self.resultColumns }
            for (cluster, counts) in row {
                result[cluster, default: [:]].merge(counts, uniquingKeysWith: +)
            }
        }
        return result
    }

    private func latencyPercentile(_ fraction: Double) -> Double {
        guard self.requests > 0 else { return 0 }
        let target = Int((Double(self.requests) * fraction).rounded(.up))
        var seen = 0
        for (milliseconds, count) in self.latencyMilliseconds.enumerated() {
            seen += count
            if seen >= max(target, 1) {
                return Double(milliseconds) / 1000
            }
        }
        return Double(self.latencyMax) / 1e9
    }

    // MARK: - Incidents

    private func measureIncidents(health: [SimulationObserver.HealthEntry]) -> [TrafficReport.Incident] {
        let clusterCount = self.clusters.count
        let buckets = self.bucketTotal.count
        // Prefix sums over 100 ms buckets: totals, errors, and successes per cluster.
        var total = [Int](repeating: 0, count: buckets + 1)
        var failed = [Int](repeating: 0, count: buckets + 1)
        var success = [Int](repeating: 0, count: (buckets + 1) * clusterCount)
        for bucket in 0..<buckets {
            total[bucket + 1] = total[bucket] + Int(self.bucketTotal[bucket])
            failed[bucket + 1] = failed[bucket] + Int(self.bucketErrors[bucket])
            for cluster in 0..<clusterCount {
                success[(bucket + 1) * clusterCount + cluster] =
                    success[bucket * clusterCount + cluster] + Int(self.bucketSuccess[bucket * clusterCount + cluster])
            }
        }
        func successes(_ from: Int, _ to: Int, _ clusters: Set<Int>) -> Int {
            let from = min(max(from, 0), buckets)
            let to = min(max(to, 0), buckets)
            return clusters.reduce(0) { sum, cluster in
                sum + success[to * clusterCount + cluster] - success[from * clusterCount + cluster]
            }
        }
        func count(_ sums: [Int], _ from: Int, _ to: Int) -> Int {
            sums[min(max(to, 0), buckets)] - sums[min(max(from, 0), buckets)]
        }
        /// Whether the one-second window from `window` had answers, at least 99 % of them successes of
        /// `good` clusters.
        func passes(_ window: Int, good: Set<Int>) -> Bool {
            let requests = count(total, window, window + 10)
            return requests > 0 && successes(window, window + 10, good) * 100 >= requests * 99
        }
        /// The first bucket of a passing window in `start..<end`, or `nil`.
        func firstPassing(from start: Int, to end: Int, good: Set<Int>) -> Int? {
            var window = start
            while window + 10 <= end {
                if passes(window, good: good) { return window }
                window += 1
            }
            return nil
        }
        /// The first bucket from which every one-second window up to `end` passes, or `nil`.
        func settled(from start: Int, to end: Int, good: Set<Int>) -> Int? {
            var first: Int?
            var window = end - 10
            guard window >= start else { return nil }
            while window >= start {
                let requests = count(total, window, window + 10)
                let passing = requests == 0 || successes(window, window + 10, good) * 100 >= requests * 99
                if !passing { break }
                first = window
                window -= 1
            }
            return first
        }

        let all = Set(0..<clusterCount)
        let local = Set(self.clusters.indices.filter { self.clusters[$0].isLocal })
        let endBucket = Int(self.endNanoseconds / Self.bucketNanoseconds)
        var result: [TrafficReport.Incident] = []
        for (position, incident) in self.incidents.enumerated() {
            let startBucket = Int((incident.start + Self.bucketNanoseconds - 1) / Self.bucketNanoseconds)
            let nextStart =
                position + 1 < self.incidents.count ? self.incidents[position + 1].start : self.endNanoseconds
            let nextBucket = min(Int(nextStart / Self.bucketNanoseconds), endBucket)
            let repairBucket = incident.repair.map { Int($0 / Self.bucketNanoseconds) } ?? endBucket

            // Where traffic went in the ten seconds before the fault.
            let before = startBucket - 100
            let answered = successes(before, startBucket, all)
            var home = Set(all.filter { answered > 0 && successes(before, startBucket, [$0]) * 100 >= answered })
            if home.isEmpty { home = local.isEmpty ? all : local }

            // A fault of clusters that carried no traffic needs no failover; otherwise traffic has failed
            // over at the first window answered by the unimpaired clusters (a flapping cluster may take
            // traffic back between its outages), and the answers that came from outside the home
            // clusters measure how much of it spilled over, all or in part.
            let carried = !home.isDisjoint(with: incident.clusters)
            let failover =
                carried
                ? firstPassing(from: startBucket, to: repairBucket, good: all.subtracting(incident.clusters)) : nil
            var spill: Double?
            let answeredDuring = successes(startBucket, repairBucket, all)
            if carried && answeredDuring > 0 {
                let elsewhere = successes(startBucket, repairBucket, all.subtracting(home))
                spill = (Double(elsewhere) * 1000 / Double(answeredDuring)).rounded() / 10
            }
            var recovery: Int?
            if carried && incident.repair != nil {
                let repairStart = Int((incident.repair! + Self.bucketNanoseconds - 1) / Self.bucketNanoseconds)
                recovery = settled(from: repairStart, to: nextBucket, good: home)
            }
            let impairedNames = Set(incident.clusters.map { self.clusters[$0].name })
            let ejection = health.first {
                $0.kind == "ejected" && $0.time >= incident.start && $0.time < nextStart
                    && impairedNames.contains($0.cluster)
            }
            let errorsUntil = recovery ?? nextBucket
            result.append(
                TrafficReport.Incident(
                    start: Self.seconds(incident.start),
                    repair: incident.repair.map(Self.seconds),
                    clusters: incident.clusters.map { self.clusters[$0].name }.sorted(),
                    faults: incident.faults,
                    homeClusters: home.map { self.clusters[$0].name }.sorted(),
                    timeToEject: ejection.map { Self.seconds($0.time - incident.start) },
                    timeToFailover: failover.map {
                        Self.seconds(max(0, Int64($0) * Self.bucketNanoseconds - incident.start))
                    },
                    timeToRecover: recovery.map { bucket in
                        Self.seconds(max(0, Int64(bucket) * Self.bucketNanoseconds - (incident.repair ?? 0)))
                    },
                    errors: count(failed, startBucket, errorsUntil),
                    carriedTraffic: carried,
                    spillPercent: spill
                )
            )
        }
        return result
    }

    /// Nanoseconds as seconds, rounded to the millisecond (so that reports print short numbers).
    static func seconds(_ nanoseconds: Int64) -> Double {
        Double(nanoseconds / 1_000_000) / 1000
    }
}
