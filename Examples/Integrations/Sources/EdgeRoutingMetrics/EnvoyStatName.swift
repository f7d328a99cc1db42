/// One of the router's flat statistic names split the way Envoy's tag extraction splits its own: the
/// cluster, destination and response code (or class) become labels and never stay inside the name.
///
/// | router statistic | metric | labels |
/// |---|---|---|
/// | `cluster.C.upstream_rq_200` | `envoy_cluster_upstream_rq` | `envoy_cluster_name=C`, `envoy_response_code=200` |
/// | `cluster.C.upstream_rq_5xx` | `envoy_cluster_upstream_rq_xx` | `envoy_cluster_name=C`, `envoy_response_code_class=5` |
/// | `cluster.C.upstream_rq_retry` (any other) | `envoy_cluster_upstream_rq_retry` | `envoy_cluster_name=C` |
/// | `destination.D.outlier_detection.ejections_active` | `envoy_cluster_outlier_detection_ejections_active` | `destination=D` |
/// | `downstream_rq_5xx` | `envoy_http_downstream_rq_xx` | `envoy_response_code_class=5` |
/// | `downstream_rq_total` | `envoy_http_downstream_rq_total` | none |
/// | `no_route`, `no_healthy_upstream` | `envoy_http_no_route`, `envoy_http_no_healthy_upstream` | none |
///
/// The router's sums over clusters and destinations (`upstream_rq_total`, `outlier_detection.…` without a
/// prefix) map to `nil`: a metrics backend sums over labels itself, and reporting both would count every
/// request twice in `sum(...)`.
public struct EnvoyStatName: Hashable, Sendable {
    /// Whether a statistic only ever grows (a counter) or goes up and down (a gauge).
    public enum Kind: Hashable, Sendable {
        /// Grows monotonically.
        case counter
        /// Goes up and down, for example `ejections_active`.
        case gauge
    }

    /// The metric's name, for example `envoy_cluster_upstream_rq_xx`.
    public let label: String
    /// The labels, for example `[("envoy_cluster_name", "cluster-1"), ("envoy_response_code_class", "5")]`.
    public let dimensions: [Dimension]
    /// Counter or gauge.
    public let kind: Kind

    /// One label.
    public struct Dimension: Hashable, Sendable {
        /// The label's name.
        public let name: String
        /// The label's value.
        public let value: String
    }

    /// Splits a router statistic name; `nil` for the router's own sums (see the type's discussion) and for
    /// names it does not recognise.
    ///
    /// - Parameter statistic: A name from `RouterStatistics.counters`.
    public init?(statistic: String) {
        if statistic.hasPrefix("cluster.") {
            // Counter names never contain a dot; the cluster name may.
            guard let dot = statistic.lastIndex(of: "."), dot > statistic.index(statistic.startIndex, offsetBy: 7)
            else { return nil }
            let cluster = String(statistic[statistic.index(statistic.startIndex, offsetBy: 8)..<dot])
            let counter = String(statistic[statistic.index(after: dot)...])
            self.init(
                scope: "envoy_cluster_",
                counter: counter,
                first: Dimension(name: "envoy_cluster_name", value: cluster)
            )
        } else if statistic.hasPrefix("destination."), let marker = statistic.firstRange(of: ".outlier_detection.") {
            let destination = String(statistic[statistic.index(statistic.startIndex, offsetBy: 12)..<marker.lowerBound])
            let counter = "outlier_detection_" + statistic[marker.upperBound...]
            self.init(
                scope: "envoy_cluster_",
                counter: counter,
                first: Dimension(name: "destination", value: destination)
            )
        } else if statistic.hasPrefix("downstream_") || statistic == "no_route" || statistic == "no_healthy_upstream" {
            self.init(scope: "envoy_http_", counter: statistic, first: nil)
        } else {
            return nil
        }
    }

    private init(scope: String, counter: String, first: Dimension?) {
        var dimensions = first.map { [$0] } ?? []
        var name = Self.sanitised(counter)
        if let (base, code) = Self.splitCode(name) {
            if code.hasSuffix("xx") {
                name = base + "_xx"
                dimensions.append(Dimension(name: "envoy_response_code_class", value: String(code.prefix(1))))
            } else {
                name = base
                dimensions.append(Dimension(name: "envoy_response_code", value: code))
            }
        }
        self.label = scope + name
        self.dimensions = dimensions
        self.kind = name.hasSuffix("_active") ? .gauge : .counter
    }

    /// `upstream_rq_503` → (`upstream_rq`, `503`), `downstream_rq_2xx` → (`downstream_rq`, `2xx`).
    private static func splitCode(_ name: String) -> (String, String)? {
        guard let underscore = name.lastIndex(of: "_") else { return nil }
        let code = name[name.index(after: underscore)...]
        let base = String(name[..<underscore])
        guard base.hasSuffix("_rq"), code.count == 3, let first = code.first, ("1"..."5").contains(first) else {
            return nil
        }
        let isClass = code.dropFirst() == "xx"
        let isCode = code.allSatisfy { $0.isASCII && $0.isNumber }
        return isClass || isCode ? (base, String(code)) : nil
    }

    /// Prometheus metric names allow `[a-zA-Z0-9_:]`; anything else becomes `_`.
    private static func sanitised(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                let isAllowed =
                    (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                    || (scalar >= "0" && scalar <= "9") || scalar == "_"
                return isAllowed ? Character(scalar) : "_"
            }
        )
    }
}
