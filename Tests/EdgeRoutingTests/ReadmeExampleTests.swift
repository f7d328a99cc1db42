import Testing

@testable import EdgeRouting

/// The README's usage example, compiled and checked. Keep the two in step.
@Suite struct ReadmeExampleTests {
    @Test func usage() throws {
        let gateway = try Gateway(
            json: """
                {"spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}},
                  "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io",
                    "routing": {"rules": [{"route": {"clusterDestination": {}}}]}}]}}
                """
        )
        let server = gateway.spec.http[0]
        let line = "\(server.hostname) \(server.rules[0].route.clusterDestination?.form.description ?? "none")"
        #expect(line == "bookinfo.tse.tetratelabs.io automatic")
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
