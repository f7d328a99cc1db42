import Foundation
import Logging
import NIOCore
import NIOPosix
import ProxyKit

/// Two ingress stubs (cluster-1 in region-1, cluster-2 in region-2), an edge proxy in region-1 in
/// front of them, all on ephemeral loopback ports, and the files the proxy reads in a temporary folder.
struct ProxyHarness {
    let group: MultiThreadedEventLoopGroup
    let stubs: [IngressStub]
    let proxy: EdgeProxyServer
    let folder: URL
    let files: ProxyFiles

    var port: Int { self.proxy.localAddress?.port ?? 0 }
    var adminPort: Int { self.proxy.adminAddress?.port ?? 0 }

    /// Runs `body` with a harness and tears it down afterwards, whatever happens.
    ///
    /// `threads`, `watchInterval`, `logger` and `accessLog` are handed to the proxy as they are, so that a
    /// test can run one event loop, turn on the file watcher or capture what the proxy logs; by default
    /// there are two loops, the watcher is off (reloads happen only when a test calls `reload`), the
    /// logger is silent and there is no access log.
    static func with(
        edge: String = Self.automaticEdge,
        configuration: String? = Self.fastConfiguration,
        extraEndpoint: String? = nil,
        maximumReplayBodyBytes: Int = 64 * 1024,
        threads: Int = 2,
        watchInterval: TimeAmount? = nil,
        logger: Logger? = nil,
        accessLog: AccessLogWriter? = nil,
        _ body: (ProxyHarness) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var stubs: [IngressStub] = []
        var proxy: EdgeProxyServer?
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edge-proxy-tests-\(UUID())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            stubs.append(try await StubPorts.start(cluster: "cluster-1", group: group))
            stubs.append(try await StubPorts.start(cluster: "cluster-2", group: group))
            let files = ProxyFiles(
                edge: folder.appendingPathComponent("edge.yaml").path,
                topology: folder.appendingPathComponent("topology.yaml").path,
                configuration: configuration.map { _ in folder.appendingPathComponent("router.json").path }
            )
            try edge.write(toFile: files.edge, atomically: true, encoding: .utf8)
            let endpoints1 = ["127.0.0.1:\(stubs[0].port)"] + (extraEndpoint.map { [$0] } ?? [])
            try Self.topology(cluster1: endpoints1, cluster2: ["127.0.0.1:\(stubs[1].port)"])
                .write(toFile: files.topology, atomically: true, encoding: .utf8)
            if let configuration, let path = files.configuration {
                try configuration.write(toFile: path, atomically: true, encoding: .utf8)
            }
            var quiet = Logger(label: "edge-proxy-tests")
            quiet.logLevel = .critical
            proxy = try await EdgeProxyServer.start(
                files: files,
                settings: ProxySettings(
                    listenPort: 0,
                    adminPort: 0,
                    threads: threads,
                    maximumReplayBodyBytes: maximumReplayBodyBytes,
                    drainTimeout: .seconds(5),
                    watchInterval: watchInterval
                ),
                logger: logger ?? quiet,
                accessLog: accessLog,
                group: group
            )
            try await body(ProxyHarness(group: group, stubs: stubs, proxy: proxy!, folder: folder, files: files))
        } catch {
            await Self.tearDown(group: group, stubs: stubs, proxy: proxy, folder: folder)
            throw error
        }
        await Self.tearDown(group: group, stubs: stubs, proxy: proxy, folder: folder)
    }

    private static func tearDown(
        group: MultiThreadedEventLoopGroup,
        stubs: [IngressStub],
        proxy: EdgeProxyServer?,
        folder: URL
    ) async {
        await proxy?.shutdown()
        for stub in stubs { await stub.shutdown() }
        try? await group.shutdownGracefully()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Makes `endpoints` cluster-1's only ingress endpoints (cluster-2 keeps its stub), by rewriting
    /// the topology file and reloading, so that a test's own upstream is certain to get the first
    /// attempt.
    func routeCluster1(to endpoints: [String]) throws {
        let topology = Self.topology(cluster1: endpoints, cluster2: ["127.0.0.1:\(self.stubs[1].port)"])
        try topology.write(toFile: self.files.topology, atomically: true, encoding: .utf8)
        let result = self.proxy.reload(trigger: "test")
        guard result == .applied else { throw ReloadNotApplied(result: result) }
    }

    /// ``routeCluster1(to:)``'s reload did not take effect.
    struct ReloadNotApplied: Error {
        var result: EdgeProxyServer.ReloadResult
    }

    /// Sends one request through the proxy on a new connection.
    func send(_ request: TestRequest = TestRequest()) async throws -> TestResponse {
        try await TestHTTPClient.send(request, port: self.port, group: self.group)
    }

    /// Fetches an admin page.
    func admin(_ path: String) async throws -> TestResponse {
        try await TestHTTPClient.send(TestRequest(path: path, host: "admin"), port: self.adminPort, group: self.group)
    }

    /// Outlier detection that ejects after 3 failures, for short tests; the rest is the default.
    static let fastConfiguration = #"{"outlierDetection": {"consecutive5xx": 3, "interval": "1s"}}"#

    static let automaticEdge = """
        spec:
          workloadSelector: { namespace: edge, labels: { app: edgegw } }
          http:
            - name: bookinfo
              port: 80
              hostname: bookinfo.tse.tetratelabs.io
              routing:
                rules:
                  - route:
                      clusterDestination: {}
        """

    static func topology(cluster1: [String], cluster2: [String], gatewayOnCluster1: Bool = true) -> String {
        func cluster(_ name: String, _ region: String, _ endpoints: [String], gateway: Bool) -> String {
            let list = endpoints.map { "\"\($0)\"" }.joined(separator: ", ")
            var text = """
                  - name: \(name)
                    locality: { region: \(region) }
                    ingressEndpoints: [\(list)]

                """
            if gateway {
                text += """
                        gateways:
                          - metadata: { name: bookinfo-ingress }
                            spec:
                              workloadSelector: { namespace: bookinfo, labels: { app: ingressgw } }
                              http:
                                - name: bookinfo
                                  port: 443
                                  hostname: bookinfo.tse.tetratelabs.io
                                  routing:
                                    rules:
                                      - route:
                                          serviceDestination: { host: bookinfo/productpage.bookinfo.svc.cluster.local }

                    """
            }
            return text
        }
        return "edge:\n  locality: { region: region-1 }\nclusters:\n"
            + cluster("cluster-1", "region-1", cluster1, gateway: gatewayOnCluster1)
            + cluster("cluster-2", "region-2", cluster2, gateway: true)
    }
}
