import EdgeRouting
import Foundation
import Testing

// The request loop of the "Getting started" article (Sources/EdgeRouting/EdgeRouting.docc/
// GettingStarted.md), word for word; `theArticleShowsTheCodeThatRunsHere` checks that the two agree.
func handle(
    _ request: RequestHead,
    with router: EdgeRouter<ContinuousClock>,
    send: (EndpointAddress, Duration?) async -> AttemptOutcome
) async throws -> (status: Int, localBody: String?) {
    var attempt: Attempt
    switch router.route(request) {
    case .respond(let local):
        // No route (404 NR) or no healthy upstream (503 UH): answer without an upstream.
        return (local.status, local.body)
    case .forward(let first):
        attempt = first
    }
    while true {
        let outcome: AttemptOutcome
        if let address = router.address(of: attempt.endpoint) {
            outcome = await send(address, attempt.perTryTimeout)
        } else {
            outcome = .connectFailure  // the endpoint has just left the topology
        }
        switch router.complete(attempt, outcome: outcome) {
        case .finish(let final):
            // A nil body means: pass the upstream's own response (status final.status) on.
            return (final.status, final.localBody)
        case .retry(let retry):
            try await Task.sleep(for: retry.delay)
            attempt = retry.attempt
        }
    }
}

@Suite struct GettingStartedTests {
    @Test func theArticlesRequestLoopRoutesRetriesAndAnswers() async throws {
        let edgeGatewayJSON = try JSONConfiguration.encode(DemoFixture.edgeGateway(.automatic))
        let topologyJSON = try JSONConfiguration.encode(DemoFixture.topology())
        // The article's "Create the router", word for word.
        let router = try EdgeRouter(
            gateway: try Gateway(json: edgeGatewayJSON),
            edge: try EdgeLocation(region: "region-1"),
            topology: try Topology(json: topologyJSON)
        )
        // cluster-1's upstream answers 503: the loop retries on cluster-2 and the client sees 200.
        var visited: [String] = []
        let answer = try await handle(DemoFixture.request, with: router) { address, _ in
            visited.append(address.description)
            return address.host == "ingressgw-1.cluster-1.example" ? .status(503) : .status(200)
        }
        #expect(answer.status == 200 && answer.localBody == nil)
        #expect(visited == ["ingressgw-1.cluster-1.example:443", "ingressgw-2.cluster-2.example:443"])

        let unknown = try await handle(RequestHead(authority: "nowhere.example.com", path: "/"), with: router) { _, _ in
            .status(200)
        }
        #expect(unknown.status == 404)
    }

    /// Every Swift block of the article stands in this file, line for line (indentation aside), so the
    /// article shows code that compiles and runs.
    @Test func theArticleShowsTheCodeThatRunsHere() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let article = try String(
            contentsOf: root.appendingPathComponent("Sources/EdgeRouting/EdgeRouting.docc/GettingStarted.md"),
            encoding: .utf8
        )
        let source = Self.unindented(try String(contentsOf: here, encoding: .utf8))
        let blocks = article.components(separatedBy: "```swift\n").dropFirst().map {
            $0.components(separatedBy: "\n```")[0]
        }
        #expect(blocks.count == 2)
        for block in blocks {
            #expect(source.contains(Self.unindented(block)), "not in GettingStartedTests.swift:\n\(block)")
        }
    }

    private static func unindented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }
            .joined(separator: "\n")
    }
}
