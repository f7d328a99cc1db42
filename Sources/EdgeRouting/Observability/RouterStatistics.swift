/// A point-in-time copy of the router's counters, with Envoy's names.
///
/// Names:
/// - router-wide: `downstream_rq_total`, `downstream_rq_<class>` (`2xx`…`5xx`), `no_route`,
///   `no_healthy_upstream`, and the sums over clusters of every cluster counter (`upstream_rq_total`,
///   `upstream_rq_retry`, …);
/// - per workload cluster: `cluster.<name>.upstream_rq_total`, `cluster.<name>.upstream_rq_200`,
///   `cluster.<name>.upstream_rq_5xx`, `cluster.<name>.upstream_rq_retry`,
///   `cluster.<name>.upstream_rq_retry_success`, `cluster.<name>.upstream_rq_retry_overflow`,
///   `cluster.<name>.upstream_rq_retry_limit_exceeded`, `cluster.<name>.upstream_cx_connect_fail`,
///   `cluster.<name>.upstream_cx_none_healthy`, …;
/// - outlier detection, summed over destinations and per destination:
///   `outlier_detection.ejections_active`, `outlier_detection.ejections_enforced_total`,
///   `outlier_detection.ejections_overflow`, `outlier_detection.ejections_enforced_consecutive_5xx`, …
///   and `destination.<name>.outlier_detection.…`.
public struct RouterStatistics: Sendable, CustomStringConvertible {
    /// Every counter, sorted by name.
    public let counters: [(name: String, value: UInt64)]

    /// Creates statistics from named values.
    ///
    /// - Parameter counters: The counters; they are sorted by name.
    public init(counters: [(name: String, value: UInt64)]) {
        self.counters = counters.sorted { $0.name < $1.name }
    }

    /// The value of a counter, or 0 when there is no counter of that name.
    ///
    /// - Parameter name: The counter's name, for example `cluster.cluster-1.upstream_rq_200`.
    public subscript(_ name: String) -> UInt64 {
        self.counters.first { $0.name == name }?.value ?? 0
    }

    /// Envoy's admin `/stats` format: one `name: value` line per counter, sorted by name.
    public var description: String {
        self.counters.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }
}
