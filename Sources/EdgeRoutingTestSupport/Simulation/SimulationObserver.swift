@_spi(TestSupport) import EdgeRouting

/// The simulation's own observer: turns the router's health events into timeline entries and forwards
/// every event to the user's observer, if any. The engine runs on one thread; the lock is uncontended.
final class SimulationObserver: RoutingObserver {
    struct HealthEntry {
        var time: Int64
        var kind: String
        var cluster: String
        var detail: String
    }

    private struct State {
        var entries: [HealthEntry] = []
        /// The ejected endpoints' addresses, by destination and cluster.
        var ejected: [String: [String: Set<String>]] = [:]
    }

    private let state = Locked(State())
    private let forward: (any RoutingObserver)?
    /// How many ingress endpoints each cluster has.
    private let endpointCounts: [String: Int]
    let wantsAccessLog: Bool

    init(forwardingTo observer: (any RoutingObserver)?, endpointCounts: [String: Int]) {
        self.forward = observer
        self.endpointCounts = endpointCounts
        self.wantsAccessLog = observer?.wantsAccessLog ?? false
    }

    func observe(_ event: RoutingEvent) {
        switch event.kind {
        case .endpointEjected:
            guard let event = event.endpoint else { break }
            let until = event.detail.ejectedUntil.map { Self.seconds(event.detail.time.duration(to: $0)) } ?? "?"
            let reason = event.detail.ejectionType.map { " (\($0))" } ?? ""
            _ = self.state.withLock {
                $0.ejected[event.destination, default: [:]][event.cluster, default: []].insert(event.address)
            }
            self.append(
                HealthEntry(
                    time: event.detail.time.nanoseconds,
                    kind: "ejected",
                    cluster: event.cluster,
                    detail: "\(event.cluster) \(event.address) ejected for \(until)\(reason)"
                )
            )
        case .endpointReadmitted:
            guard let event = event.endpoint else { break }
            _ = self.state.withLock { $0.ejected[event.destination]?[event.cluster]?.remove(event.address) }
            self.append(
                HealthEntry(
                    time: event.detail.time.nanoseconds,
                    kind: "readmitted",
                    cluster: event.cluster,
                    detail: "\(event.cluster) \(event.address) re-admitted"
                )
            )
        case .trafficShifted:
            guard let shift = event.trafficShift else { break }
            let parts = shift.tiers.indices.map { tier in
                let names = shift.tiers[tier].joined(separator: "+")
                return "\(names) \(shift.before.load(ofTier: tier))%→\(shift.after.load(ofTier: tier))%"
            }
            // With every endpoint of every tier ejected, Envoy's loads send everything to the first tier
            // (panic threshold 0): a shift, but no failback — the requests get 503 UH.
            let allEjected = self.everyTierEjected(shift)
            self.append(
                HealthEntry(
                    time: shift.time.nanoseconds,
                    kind: "shifted",
                    cluster: "",
                    detail: "traffic " + parts.joined(separator: ", ")
                        + (allEjected ? " (every tier ejected: no healthy upstream)" : "")
                )
            )
        default:
            break
        }
        self.forward?.observe(event)
    }

    func requestCompleted(_ record: AccessLogRecord) {
        self.forward?.requestCompleted(record)
    }

    private func append(_ entry: HealthEntry) {
        self.state.withLock { $0.entries.append(entry) }
    }

    /// Whether every endpoint of every cluster in the shift's tiers is ejected.
    private func everyTierEjected(_ shift: TrafficShift) -> Bool {
        let ejected = self.state.withLock { $0.ejected[shift.destination] ?? [:] }
        let clusters = shift.tiers.joined()
        return !clusters.isEmpty
            && clusters.allSatisfy { cluster in
                let count = self.endpointCounts[cluster] ?? 0
                return count > 0 && (ejected[cluster]?.count ?? 0) >= count
            }
    }

    var health: [HealthEntry] {
        self.state.withLock { $0.entries }
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.totalNanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(Double(milliseconds) / 1000)s"
    }
}
