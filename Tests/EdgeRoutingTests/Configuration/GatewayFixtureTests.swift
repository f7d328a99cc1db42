import Foundation
import Testing

@testable import EdgeRouting

/// The guide's documents, converted to JSON, decode to the expected forms and values.
@Suite struct GatewayFixtureTests {
    private func gateway(_ name: String) throws -> Gateway {
        try Gateway(json: try Fixtures.bytes("gateways/\(name).json"))
    }

    @Test func automaticDestination() throws {
        let gateway = try self.gateway("edge-automatic")
        #expect(gateway.role == .edge)
        #expect(gateway.spec.workloadSelector == (try WorkloadSelector(namespace: "edge", labels: ["app": "edgegw"])))
        let server = try #require(gateway.spec.http.first)
        #expect(server.name == "bookinfo")
        #expect(server.port == 80)
        #expect(server.hostname.value == "bookinfo.tse.tetratelabs.io")
        #expect(server.failoverSettings == nil)
        #expect(server.rules.count == 1)
        #expect(server.rules[0].match.isEmpty)
        let destination = try #require(server.rules[0].route.clusterDestination)
        #expect(destination.form == .automatic)
        #expect(destination.clusters.isEmpty)
        #expect(destination == .automatic)
    }

    @Test func namedDestination() throws {
        let gateway = try self.gateway("edge-named")
        let destination = try #require(gateway.spec.http.first?.rules.first?.route.clusterDestination)
        #expect(destination.form == .named)
        #expect(destination.clusters.map(\.selector.name) == ["cluster-1", "cluster-2"])
        #expect(destination.clusters.allSatisfy { $0.weight == nil && $0.network == nil })
        #expect(destination == (try .named(["cluster-1", "cluster-2"])))
    }

    @Test func weightedDestination() throws {
        let gateway = try self.gateway("edge-weighted")
        let destination = try #require(gateway.spec.http.first?.rules.first?.route.clusterDestination)
        #expect(destination.form == .weighted)
        #expect(destination.clusters.map(\.selector.name) == ["cluster-1", "cluster-2"])
        #expect(destination.clusters.map(\.weight) == [50, 50])
        #expect(destination.totalWeight == 100)
        #expect(destination == (try .weighted([("cluster-1", 50), ("cluster-2", 50)])))
    }

    @Test func workloadGateway() throws {
        let gateway = try self.gateway("workload-bookinfo")
        #expect(gateway.role == .workload)
        let server = try #require(gateway.spec.http.first)
        #expect(server.hostname == (try Hostname("bookinfo.tse.tetratelabs.io")))
        let service = try #require(server.rules.first?.route.serviceDestination)
        #expect(service.host == "bookinfo/productpage.bookinfo.svc.cluster.local")
        #expect(service.namespace == "bookinfo")
        #expect(service.port == 9080)
        #expect(server.rules.first?.route.clusterDestination == nil)
    }

    @Test(arguments: ["edge-automatic", "edge-named", "edge-weighted", "workload-bookinfo"])
    func roundTripsToTheSameJSON(name: String) throws {
        let original = try Fixtures.bytes("gateways/\(name).json")
        let gateway = try Gateway(json: original)
        let encoded = try JSONConfiguration.encode(gateway)
        // Same value after a second decode, and the same JSON object as the fixture.
        #expect(try Gateway(json: encoded) == gateway)
        let expected = try JSONSerialization.jsonObject(with: Data(original)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? NSDictionary
        #expect(expected != nil)
        #expect(expected == actual)
    }

    /// `clusters: []` is the automatic form as much as `{}` is, and both encode as `{}`.
    @Test(arguments: [#"{}"#, #"{"clusters": []}"#])
    func anEmptyClusterListIsTheAutomaticForm(json: String) throws {
        let destination = try JSONDecoder().decode(ClusterDestination.self, from: Data(json.utf8))
        #expect(destination.form == .automatic)
        #expect(destination == .automatic)
        #expect(try JSONConfiguration.encode(destination) == "{}")
    }

    /// Matches on an exact path and on a header prefix, as written in a document.
    @Test func exactPathAndHeaderPrefixMatchesDecode() throws {
        let json = #"{"uri": {"exact": "/x"}, "headers": {"X-Version": {"prefix": "v2"}}}"#
        let condition = try JSONDecoder().decode(HTTPMatchCondition.self, from: Data(json.utf8))
        #expect(condition.uri == .exact("/x"))
        #expect(condition.headers["x-version"] == .prefix("v2"))
        let encoded = try JSONConfiguration.encode(condition)
        #expect(try JSONDecoder().decode(HTTPMatchCondition.self, from: Data(encoded.utf8)) == condition)
    }

    @Test func fullTSBDocumentDecodes() throws {
        let json = """
            {"apiVersion": "gateway.tsb.tetrate.io/v2", "kind": "Gateway",
             "metadata": {"organization": "tetrate", "tenant": "tse", "workspace": "edge-ws",
                          "group": "edge-group", "name": "bookinfo-edge"},
             "spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}},
              "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io",
                "failoverSettings": {"failoverPriority": ["topology.istio.io/network"],
                                     "regionalFailover": [{"from": "region-1", "to": "region-2"}]},
                "routing": {"rules": [
                  {"match": [{"uri": {"prefix": "/api/"}, "headers": {"X-Canary": {"exact": "true"}}}],
                   "route": {"clusterDestination": {"clusters": [{"labels": {"tier": "canary"}}]}}},
                  {"route": {"clusterDestination": {}}}]}}]}}
            """
        let gateway = try Gateway(json: json)
        #expect(gateway.name == "bookinfo-edge")
        #expect(gateway.metadata?.workspace == "edge-ws")
        #expect(gateway.apiVersion == "gateway.tsb.tetrate.io/v2")
        let server = try #require(gateway.spec.http.first)
        #expect(server.failoverSettings?.failoverPriority == ["topology.istio.io/network"])
        #expect(server.failoverSettings?.regionalFailover == [try RegionalFailover(from: "region-1", to: "region-2")])
        #expect(server.rules[0].match[0].headers["x-canary"] == .exact("true"))
        #expect(server.rules[0].route.clusterDestination?.clusters[0].selector.labels == ["tier": "canary"])
        #expect(try Gateway(json: try JSONConfiguration.encode(gateway)) == gateway)
    }
}
