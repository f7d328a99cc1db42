/// Envoy's default histogram bucket bounds, in milliseconds (`stats_config.histogram_bucket_settings`
/// unset): 0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
/// 1800000, 3600000.
///
/// Give them to a backend that takes bucket bounds per metric, for example swift-prometheus's
/// `PrometheusMetricsFactory.valueHistogramBuckets` for ``RouterMetrics/downstreamRequestTime`` and
/// ``RouterMetrics/upstreamRequestTime``, so that the histograms line up with an Envoy's.
public enum EnvoyHistogramBuckets {
    /// The bounds in milliseconds, ascending.
    public static let milliseconds: [Double] = [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300_000, 600_000, 1_800_000,
        3_600_000,
    ]
}
