import Testing

@testable import EdgeRouting

@Suite struct HTTPHealthCheckTests {
    /// The default judges every status below 500 healthy, so an ingress whose upstream is gone (503)
    /// fails at once; network failures only count towards the threshold.
    @Test(arguments: [
        (ProbeResult.status(200), ProbeClassification.pass),
        (.status(204), .pass),
        (.status(301), .pass),
        (.status(404), .pass),
        (.status(499), .pass),
        (.status(500), .immediateFailure),
        (.status(503), .immediateFailure),
        (.status(599), .immediateFailure),
        (.status(99), .immediateFailure),
        (.status(-5), .immediateFailure),
        (.status(100_000), .immediateFailure),
        (.connectFailure, .countedFailure),
        (.timeout, .countedFailure),
        (.reset, .countedFailure),
    ])
    func defaultsJudgeBelow500Healthy(result: ProbeResult, expected: ProbeClassification) {
        #expect(HTTPHealthCheck.defaults.classify(result) == expected)
    }

    /// Envoy's rule: expected passes; retriable counts towards the threshold; anything else is at once.
    @Test func retriableStatusesCountTowardsTheThreshold() throws {
        let probe = try HTTPHealthCheck(
            expectedStatuses: [HTTPStatusRange(start: 200, end: 201)],
            retriableStatuses: [HTTPStatusRange(start: 503, end: 504), HTTPStatusRange(start: 200, end: 300)]
        )
        #expect(probe.classify(.status(200)) == .pass)  // expected wins over retriable
        #expect(probe.classify(.status(204)) == .countedFailure)
        #expect(probe.classify(.status(503)) == .countedFailure)
        #expect(probe.classify(.status(502)) == .immediateFailure)
        #expect(probe.passes(statusCode: 200) && !probe.passes(statusCode: 204))
    }

    @Test func resultsDescribeThemselves() {
        #expect(ProbeResult.status(503).description == "503")
        #expect(ProbeResult.status(503).statusCode == 503 && !ProbeResult.status(503).isNetworkFailure)
        #expect(
            ProbeResult.connectFailure.description == "connect-failure" && ProbeResult.connectFailure.isNetworkFailure
        )
        #expect(ProbeResult.timeout.description == "timeout" && ProbeResult.reset.description == "reset")
        #expect(ProbeResult.status(1234).statusCode == 999)
    }

    @Test(arguments: ["example.com", "example.com:8080", "10.0.0.1", "10.0.0.1:443", "a-b.example.com."])
    func validHosts(host: String) throws {
        #expect(try HTTPHealthCheck(host: host).host == host)
    }

    @Test(arguments: ["", "*.example.com", "example.com:", "example.com:+80", "example.com:70000", "a b", "[::1]"])
    func invalidHosts(host: String) {
        #expect(throws: ConfigurationError.self) { try HTTPHealthCheck(host: host) }
    }

    @Test func statusRangesAreHalfOpen() throws {
        let range = try HTTPStatusRange(start: 200, end: 300)
        #expect(range.contains(200) && range.contains(299) && !range.contains(300) && !range.contains(199))
        #expect(range.description == "200..<300")
        #expect(try HTTPStatusRange(start: 599, end: 600).contains(599))
        #expect(throws: ConfigurationError.self) { try HTTPStatusRange(start: 300, end: 200) }
    }
}
