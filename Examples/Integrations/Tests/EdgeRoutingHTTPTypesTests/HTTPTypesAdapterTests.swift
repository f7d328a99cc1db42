import EdgeRouting
import EdgeRoutingHTTPTypes
import EdgeRoutingTestSupport
import HTTPTypes
import Testing

@Suite struct RequestHeadFromHTTPRequestTests {
    @Test func theAuthorityPathAndMethodAreTheRequests() {
        let request = HTTPRequest(method: .post, scheme: "http", authority: "Shop.Example.com:8080", path: "/cart?x=1")
        let head = RequestHead(request, httpVersion: "HTTP/2", listenerPort: 8080)
        #expect(head.authority == "Shop.Example.com:8080")
        #expect(head.path == "/cart?x=1")
        #expect(head.method == "POST")
        #expect(head.httpVersion == "HTTP/2")
        #expect(head.listenerPort == 8080)
    }

    @Test func withoutAnAuthorityTheHostFieldIsUsedAndWithoutAPathSlash() {
        let host = HTTPRequest(
            method: .get,
            scheme: nil,
            authority: nil,
            path: nil,
            headerFields: [HTTPField.Name("host")!: "a.example"]
        )
        #expect(RequestHead(host).authority == "a.example")
        #expect(RequestHead(host).path == "/")
        let neither = HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/")
        #expect(RequestHead(neither).authority == "")
    }
}

@Suite struct HeaderLookupTests {
    @Test func namesAreCaseInsensitiveAndRepeatedFieldsJoinWithACommaAsEnvoyJoinsThem() throws {
        var fields = HTTPFields()
        fields.append(HTTPField(name: try #require(HTTPField.Name("X-Canary")), value: "true"))
        fields.append(HTTPField(name: try #require(HTTPField.Name("x-version")), value: "v1"))
        fields.append(HTTPField(name: try #require(HTTPField.Name("X-Version")), value: "v2"))
        #expect(fields.routingValue("x-canary") == "true")
        #expect(fields.routingValue("x-version") == "v1,v2")
        #expect(fields.routingValue("x-absent") == nil)
        #expect(fields.routingValue("not a name") == nil)
    }

    @Test func resetHeadersAreTheOnesThePolicyReads() throws {
        var fields = HTTPFields()
        fields[.retryAfter] = "7"
        fields[try #require(HTTPField.Name("X-RateLimit-Reset"))] = "1700000000"
        fields[.server] = "upstream"
        #expect(fields.resetHeaders(for: .defaults).isEmpty)
        let policy = try RetryPolicy(
            rateLimitedBackoff: RetryPolicy.RateLimitedBackoff(resetHeaders: [
                try RetryPolicy.ResetHeader(name: "Retry-After"),
                try RetryPolicy.ResetHeader(name: "x-ratelimit-reset", format: .unixTimestamp),
            ])
        )
        #expect(
            fields.resetHeaders(for: policy) == [
                RetryContext.ResponseHeader(name: "retry-after", value: "7"),
                RetryContext.ResponseHeader(name: "x-ratelimit-reset", value: "1700000000"),
            ]
        )
    }

    @Test func statusesAndLocalAnswersConvert() {
        #expect(AttemptOutcome(HTTPResponse.Status.serviceUnavailable) == .status(503))
        let local = HTTPResponse(localStatus: 503, body: "no healthy upstream")
        #expect(local.status.code == 503)
        #expect(local.headerFields[.contentType] == "text/plain")
        #expect(local.headerFields[.contentLength] == "19")
        let empty = HTTPResponse(localStatus: 404, body: "")
        #expect(empty.headerFields[.contentType] == nil)
        #expect(empty.headerFields[.contentLength] == "0")
        // A status the router would never give still makes a response instead of trapping.
        #expect(HTTPResponse(localStatus: 5, body: "").status.code == 100)
    }
}

@Suite struct RoutingHTTPTypesRequestsTests {
    /// A header rule sends canary requests to cluster-2; everything else stays on cluster-1.
    static func router() throws -> EdgeRouter<ManualClock> {
        let json = """
            {"apiVersion": "gateway.tsb.tetrate.io/v2", "kind": "Gateway",
             "spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}},
              "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io",
                "routing": {"rules": [
                  {"match": [{"headers": {"X-Canary": {"exact": "true"}}}],
                   "route": {"clusterDestination": {"clusters": [{"name": "cluster-2"}]}}},
                  {"route": {"clusterDestination": {}}}]}}]}}
            """
        return try EdgeRouter(
            gateway: try Gateway(json: json),
            edge: DemoEnvironment.edge,
            topology: DemoEnvironment.topology(),
            configuration: EdgeRouterConfiguration(shardCount: 1),
            clock: ManualClock(),
            random: SeededRandomNumberGenerator(seed: 1)
        )
    }

    @Test func aHeaderRuleSeesTheRequestsFields() throws {
        let router = try Self.router()
        func cluster(_ fields: HTTPFields) -> String? {
            let request = HTTPRequest(
                method: .get,
                scheme: "http",
                authority: "BookInfo.tse.tetratelabs.io",
                path: "/productpage",
                headerFields: fields
            )
            guard case .forward(let attempt) = router.route(RequestHead(request), headers: fields.routingValue)
            else { return nil }
            router.cancel(attempt)
            return router.name(of: attempt.cluster)
        }
        #expect(cluster([:]) == "cluster-1")
        #expect(cluster([HTTPField.Name("x-canary")!: "true"]) == "cluster-2")
        #expect(cluster([HTTPField.Name("x-canary")!: "false"]) == "cluster-1")
    }

    @Test func anUnknownAuthorityIsAnsweredLocally() throws {
        let router = try Self.router()
        let request = HTTPRequest(method: .get, scheme: "http", authority: "elsewhere.example", path: "/")
        guard case .respond(let local) = router.route(RequestHead(request), headers: request.headerFields.routingValue)
        else {
            Issue.record("routed a request for an unknown host")
            return
        }
        #expect(local.status == 404)
        #expect(HTTPResponse(localStatus: local.status, body: local.body).status == .notFound)
    }
}
