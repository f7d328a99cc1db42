import EdgeRouting
import EdgeRoutingMetrics
import EdgeRoutingTestSupport
import MetricsTestKit
import Testing

@Suite struct EnvoyStatNameTests {
    /// Envoy's tag extraction: the cluster, destination and code (or class) are labels, never in the name.
    @Test(arguments: [
        (
            "cluster.cluster-1.upstream_rq_200", "envoy_cluster_upstream_rq",
            [["envoy_cluster_name", "cluster-1"], ["envoy_response_code", "200"]]
        ),
        (
            "cluster.cluster-1.upstream_rq_5xx", "envoy_cluster_upstream_rq_xx",
            [["envoy_cluster_name", "cluster-1"], ["envoy_response_code_class", "5"]]
        ),
        ("cluster.a.b.upstream_rq_retry", "envoy_cluster_upstream_rq_retry", [["envoy_cluster_name", "a.b"]]),
        ("cluster.c.upstream_rq_total", "envoy_cluster_upstream_rq_total", [["envoy_cluster_name", "c"]]),
        (
            "destination.bookinfo.tse.tetratelabs.io:80 automatic.outlier_detection.ejections_active",
            "envoy_cluster_outlier_detection_ejections_active",
            [["destination", "bookinfo.tse.tetratelabs.io:80 automatic"]]
        ),
        ("downstream_rq_4xx", "envoy_http_downstream_rq_xx", [["envoy_response_code_class", "4"]]),
        ("downstream_rq_total", "envoy_http_downstream_rq_total", []),
        ("no_healthy_upstream", "envoy_http_no_healthy_upstream", []),
    ])
    func namesAndLabels(statistic: String, label: String, dimensions: [[String]]) throws {
        let name = try #require(EnvoyStatName(statistic: statistic))
        #expect(name.label == label)
        #expect(name.dimensions.map { [$0.name, $0.value] } == dimensions)
    }

    @Test func onlyActiveCountsAreGauges() throws {
        #expect(EnvoyStatName(statistic: "destination.d.outlier_detection.ejections_active")?.kind == .gauge)
        #expect(EnvoyStatName(statistic: "destination.d.outlier_detection.ejections_enforced_total")?.kind == .counter)
    }

    /// The router's own sums would double every `sum(...)`; names it does not know are not guessed at.
    @Test(arguments: ["upstream_rq_total", "outlier_detection.ejections_active", "cluster.", "something_else"])
    func sumsAndUnknownNamesAreNotReported(statistic: String) {
        #expect(EnvoyStatName(statistic: statistic) == nil)
    }
}

@Suite struct RouterMetricsTests {
    static func router(observer: any RoutingObserver) throws -> EdgeRouter<ManualClock> {
        let json = """
            {"apiVersion": "gateway.tsb.tetrate.io/v2", "kind": "Gateway",
             "spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}},
              "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io",
                "routing": {"rules": [{"route": {"clusterDestination": {}}}]}}]}}
            """
        return try EdgeRouter(
            gateway: try Gateway(json: json),
            edge: DemoEnvironment.edge,
            topology: DemoEnvironment.topology(),
            configuration: EdgeRouterConfiguration(shardCount: 1),
            clock: ManualClock(),
            random: SeededRandomNumberGenerator(seed: 1),
            observer: observer
        )
    }

    /// Sends one request that the upstream answers with `status`, retries included, and returns the final status.
    @discardableResult
    static func request(_ router: EdgeRouter<ManualClock>, status: Int) -> Int? {
        guard
            case .forward(var attempt) = router.route(RequestHead(authority: "bookinfo.tse.tetratelabs.io", path: "/"))
        else { return nil }
        for _ in 0..<10 {
            switch router.complete(attempt, outcome: .status(status)) {
            case .finish(let response): return response.status
            case .retry(let retry): attempt = retry.attempt
            }
        }
        return nil
    }

    @Test func countersAreReportedOnceWithLabelsAndOnlyTheirIncrease() throws {
        let metrics = TestMetrics()
        let reporter = RouterMetrics(factory: metrics)
        let router = try Self.router(observer: reporter)
        Self.request(router, status: 200)
        Self.request(router, status: 200)
        reporter.update(from: router.statistics())
        reporter.update(from: router.statistics())  // no new requests: nothing is added twice
        let cluster = try #require(router.statistics().counters.first { $0.name.hasSuffix(".upstream_rq_200") }?.name)
        let clusterName = String(cluster.dropFirst("cluster.".count).dropLast(".upstream_rq_200".count))
        let ok = try metrics.expectCounter(
            "envoy_cluster_upstream_rq",
            [("envoy_cluster_name", clusterName), ("envoy_response_code", "200")]
        )
        #expect(ok.totalValue == 2)
        #expect(
            try metrics.expectCounter("envoy_http_downstream_rq_xx", [("envoy_response_code_class", "2")]).totalValue
                == 2
        )
        #expect(try metrics.expectCounter("envoy_http_downstream_rq_total").totalValue == 2)
        Self.request(router, status: 200)
        reporter.update(from: router.statistics())
        #expect(ok.totalValue == 3)
        #expect(ok.values == [2, 1])
        // No metric name carries a cluster, destination or code.
        for counter in metrics.counters {
            #expect(!counter.label.contains(clusterName))
            #expect(counter.label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
        }
    }

    @Test func downstreamTimeIsRecordedInMillisecondsPerRequest() throws {
        let metrics = TestMetrics()
        let reporter = RouterMetrics(factory: metrics)
        reporter.requestCompleted(
            AccessLogRecord(
                start: MonotonicTime(nanoseconds: 0),
                duration: .milliseconds(12) + .microseconds(500),
                method: "GET",
                path: "/",
                httpVersion: "HTTP/1.1",
                authority: "a",
                status: 200,
                flags: ResponseFlags(rawValue: 0),
                attempts: 1,
                cluster: "cluster-1",
                upstreamHost: "10.0.0.1:80"
            )
        )
        #expect(try metrics.expectRecorder(RouterMetrics.downstreamRequestTime).values == [12.5])
        reporter.recordUpstreamRequestTime(.milliseconds(3), cluster: "cluster-1")
        #expect(
            try metrics.expectRecorder(RouterMetrics.upstreamRequestTime, [("envoy_cluster_name", "cluster-1")]).values
                == [3]
        )
    }

    @Test func ejectionsAreAGaugeAndAnEventCounter() throws {
        let metrics = TestMetrics()
        let reporter = RouterMetrics(factory: metrics)
        let router = try Self.router(observer: reporter)
        for _ in 0..<20 { Self.request(router, status: 503) }
        reporter.update(from: router.statistics())
        let ejected = metrics.counters(label: RouterMetrics.events).first {
            $0.dimensions.contains { $0 == ("event", "endpoint_ejected") }
        }
        #expect((ejected?.totalValue ?? 0) >= 1)
        let active = metrics.recorders(label: "envoy_cluster_outlier_detection_ejections_active")
        #expect(active.count == 1)
        #expect((active.first?.lastValue ?? 0) >= 1)
        #expect(active.first?.dimensions.first?.0 == "destination")
    }
}
