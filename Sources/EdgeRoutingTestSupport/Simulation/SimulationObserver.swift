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

    private let entries = Locked<[HealthEntry]>([])
    private let forward: (any RoutingObserver)?
    let wantsAccessLog: Bool

    init(forwardingTo observer: (any RoutingObserver)?) {
        self.forward = observer
        self.wantsAccessLog = observer?.wantsAccessLog ?? false
    }

    func observe(_ event: RoutingEvent) {
        switch event.kind {
        case .endpointEjected:
            guard let event = event.endpoint else { break }
            let until = event.detail.ejectedUntil.map { Self.seconds(event.detail.time.duration(to: $0)) } ?? "?"
            let reason = event.detail.ejectionType.map { " (\($0))" } ?? ""
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
            self.append(
                HealthEntry(
                    time: shift.time.nanoseconds,
                    kind: "shifted",
                    cluster: "",
                    detail: "traffic " + parts.joined(separator: ", ")
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
        self.entries.withLock { $0.append(entry) }
    }

    var health: [HealthEntry] {
        self.entries.withLock { $0 }
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.totalNanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(Double(milliseconds) / 1000)s"
    }
}
