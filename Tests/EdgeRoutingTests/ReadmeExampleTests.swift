import Testing

@testable import EdgeRouting

/// The README's usage examples, compiled and checked. Keep the two in step.
@Suite struct ReadmeExampleTests {
    static let edgeGatewayJSON = """
        {"spec": {"http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io",
          "routing": {"rules": [{"route": {"clusterDestination": {}}}]}}]}}
        """

    static func workload(_ name: String) -> String {
        """
        {"metadata": {"name": "\(name)"}, "spec": {"http": [{"name": "bookinfo", "port": 443,
          "hostname": "bookinfo.tse.tetratelabs.io", "routing": {"rules": [{"route":
          {"serviceDestination": {"host": "bookinfo/productpage.bookinfo.svc.cluster.local", "port": 9080}}}]}}]}}
        """
    }

    static let topologyJSON = """
        {"clusters": [
          {"name": "cluster-1", "locality": {"region": "region-1"}, "ingressEndpoints": ["10.0.1.10:443"],
           "gateways": [\(workload("bookinfo-ingress-1"))]},
          {"name": "cluster-2", "locality": {"region": "region-2"}, "ingressEndpoints": ["10.0.2.10:443"],
           "gateways": [\(workload("bookinfo-ingress-2"))]}]}
        """

    @Test func usage() throws {
        let edgeGatewayJSON = Self.edgeGatewayJSON
        let topologyJSON = Self.topologyJSON
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let router = try EdgeRouter(
            gateway: Gateway(json: edgeGatewayJSON),  // the guide's edge Gateway: automatic, named or weighted
            edge: EdgeLocation(region: "region-1"),
            topology: Topology(json: topologyJSON)  // clusters, their ingress endpoints and workload Gateways
        )

        switch router.route(RequestHead(authority: "bookinfo.tse.tetratelabs.io", path: "/productpage")) {
        case .respond(let local):
            print("answer locally:", local)  // 404 NR (no route) or 503 UH (no healthy upstream)
        case .forward(let attempt):
            print("send to", router.address(of: attempt.endpoint)?.description ?? "?")  // 10.0.1.10:443, cluster-1
            switch router.complete(attempt, outcome: .status(503)) {  // cluster-1's upstream is down
            case .retry(let retry):
                print("retry on", router.name(of: retry.attempt.cluster) ?? "?", "after", retry.delay)  // cluster-2
            case .finish(let final):
                print("answer:", final)
            }
        }
        #expect(printed.count == 2)
        #expect(printed.first == "send to 10.0.1.10:443")
        #expect(printed.last?.hasPrefix("retry on cluster-2 after") == true)
    }

    @Test func rejectedDocument() throws {
        var printed = ""
        do {
            _ = try ClusterDestination.weighted([("cluster-1", 0), ("cluster-2", 0)])
        } catch let error as ConfigurationError {
            printed = "\(error)"
        }
        #expect(
            printed
                == "invalid configuration at clusters: every weight is 0; at least one weight must be greater than 0"
        )
    }
}
