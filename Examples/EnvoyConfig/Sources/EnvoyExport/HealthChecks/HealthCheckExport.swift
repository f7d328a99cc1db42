import EdgeRouting

/// EXTENSION POINT: active health checks.
///
/// EdgeRouting's active health checking (the failback probes of `Sources/EdgeRouting/HealthChecking/`,
/// being added alongside this exporter) is not part of `EdgeRouterConfiguration` yet, so there is
/// nothing to export: every cluster is exported without `health_checks`, and the export reports
/// ``ExportDiagnostic/Kind-swift.struct/activeHealthChecksNotExported`` once, so that nobody mistakes the
/// exported Envoy for one that probes. Without probe results EdgeRouting behaves exactly as Envoy's
/// outlier detection, which is what the exported Envoy does.
///
/// When the health-checking settings land, this is the one place to change:
///
/// 1. read them from the configuration in ``init(_:diagnostics:)`` instead of reporting the diagnostic;
/// 2. return, from ``healthChecks(forCluster:hostname:)``, one `envoy.config.core.v3.HealthCheck` per
///    cluster — `http_health_check {path, host: <the route's hostname>}`, `interval`,
///    `healthy_threshold`, `unhealthy_threshold`, `expected_statuses` for "healthy below 500" — and keep
///    `outlier_detection.successful_active_health_check_uneject_host: true` (Envoy's default), which
///    re-admits an ejected endpoint as soon as its probe passes;
/// 3. report as diagnostics what Envoy cannot express: Envoy probes every endpoint, not only ejected ones
///    (EdgeRouting's default), and has no gradual failback across tiers.
struct HealthCheckExport: Sendable {
    /// Reads the health-checking settings; today, reports that there are none to export.
    init(_ configuration: EdgeRouterConfiguration, diagnostics: inout [ExportDiagnostic]) {
        diagnostics.append(
            ExportDiagnostic(
                kind: .activeHealthChecksNotExported,
                path: "healthChecking",
                message: "active health checks are not exported yet: the exported Envoy probes nothing and relies "
                    + "on outlier detection alone, which is what EdgeRouting does when its embedder runs no probes"
            )
        )
    }

    /// The `health_checks` of a cluster; empty until health checking is exported.
    ///
    /// - Parameters:
    ///   - cluster: The Envoy cluster's name.
    ///   - hostname: The edge server's hostname, the `Host` of an HTTP probe.
    func healthChecks(forCluster cluster: String, hostname: Hostname) -> [JSONValue] {
        []
    }
}
