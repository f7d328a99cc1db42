import Synchronization

/// The counters of one workload cluster, with Envoy's names, sharded so that counting never contends.
///
/// Exact status codes (`upstream_rq_200`, `upstream_rq_503`, …) are counted in up to
/// ``codeSlotCount`` slots claimed on first sight of a code; codes seen after every slot is taken are
/// still counted in their class (`upstream_rq_5xx`) and in `upstream_rq_total`.
final class ClusterCounters: Sendable {
    /// The fixed counters, in the order they are reported.
    enum Counter: Int, CaseIterable {
        case requestsTotal
        case requests1xx
        case requests2xx
        case requests3xx
        case requests4xx
        case requests5xx
        case connectFailures
        case timeouts
        case remoteResets
        case connectionTerminations
        case localResets
        case retries
        case retrySuccesses
        case retryOverflows
        case retryLimitExceeded
        case noHealthyUpstream

        var name: String {
            switch self {
            case .requestsTotal: return "upstream_rq_total"
            case .requests1xx: return "upstream_rq_1xx"
            case .requests2xx: return "upstream_rq_2xx"
            case .requests3xx: return "upstream_rq_3xx"
            case .requests4xx: return "upstream_rq_4xx"
            case .requests5xx: return "upstream_rq_5xx"
            case .connectFailures: return "upstream_cx_connect_fail"
            case .timeouts: return "upstream_rq_per_try_timeout"
            case .remoteResets: return "upstream_rq_rx_reset"
            case .connectionTerminations: return "upstream_cx_destroy_remote_with_active_rq"
            case .localResets: return "upstream_rq_tx_reset"
            case .retries: return "upstream_rq_retry"
            case .retrySuccesses: return "upstream_rq_retry_success"
            case .retryOverflows: return "upstream_rq_retry_overflow"
            case .retryLimitExceeded: return "upstream_rq_retry_limit_exceeded"
            case .noHealthyUpstream: return "upstream_cx_none_healthy"
            }
        }
    }

    static let codeSlotCount = 32
    private static let fixedCount = Counter.allCases.count

    /// The cluster's name, as reported.
    let name: String
    private let counters: ShardedCounters
    /// The status code that owns each slot, 0 for a free slot.
    private let slotCodes: AtomicBuffer

    init(name: String, shards: Int) {
        self.name = name
        self.counters = ShardedCounters(count: Self.fixedCount + Self.codeSlotCount, shards: shards)
        self.slotCodes = AtomicBuffer(count: Self.codeSlotCount, initialValue: 0)
    }

    @inline(__always)
    func increment(_ counter: Counter) {
        self.counters.add(counter.rawValue)
    }

    /// Counts one upstream response with this status: its exact code and its class.
    @inline(__always)
    func countResponse(status: Int) {
        let code = UInt16(clamping: status)
        switch code {
        case 100..<200: self.counters.add(Counter.requests1xx.rawValue)
        case 200..<300: self.counters.add(Counter.requests2xx.rawValue)
        case 300..<400: self.counters.add(Counter.requests3xx.rawValue)
        case 400..<500: self.counters.add(Counter.requests4xx.rawValue)
        default: self.counters.add(Counter.requests5xx.rawValue)
        }
        if code != 0, let slot = self.slot(for: code) {
            self.counters.add(Self.fixedCount + slot)
        }
    }

    /// Counts an attempt that failed before any status arrived.
    @inline(__always)
    func countLocalFailure(_ outcome: AttemptOutcome) {
        switch outcome.kind {
        case .status: return
        case .connectFailure: self.counters.add(Counter.connectFailures.rawValue)
        case .timeout: self.counters.add(Counter.timeouts.rawValue)
        case .remoteReset, .refusedStream: self.counters.add(Counter.remoteResets.rawValue)
        case .connectionTermination: self.counters.add(Counter.connectionTerminations.rawValue)
        case .localReset: self.counters.add(Counter.localResets.rawValue)
        }
    }

    /// The slot that counts `code`, claiming a free one on first sight; `nil` when all are taken.
    @inline(__always)
    private func slot(for code: UInt16) -> Int? {
        for slot in 0..<Self.codeSlotCount {
            let owner = self.slotCodes.load(slot)
            if owner == UInt64(code) { return slot }
            if owner == 0 {
                let (claimed, current) = self.slotCodes.compareExchange(slot, expected: 0, desired: UInt64(code))
                if claimed || current == UInt64(code) { return slot }
            }
        }
        return nil
    }

    func value(_ counter: Counter) -> UInt64 {
        self.counters.sum(counter.rawValue)
    }

    /// Every counter with its Envoy name (without the `cluster.<name>.` prefix), exact codes included.
    func values() -> [(String, UInt64)] {
        var result = Counter.allCases.map { ($0.name, self.counters.sum($0.rawValue)) }
        for slot in 0..<Self.codeSlotCount {
            let code = self.slotCodes.load(slot)
            if code == 0 { break }
            result.append(("upstream_rq_\(code)", self.counters.sum(Self.fixedCount + slot)))
        }
        return result
    }
}
