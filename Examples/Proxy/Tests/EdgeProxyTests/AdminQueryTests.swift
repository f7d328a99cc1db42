import Testing

@testable import ProxyKit

/// The admin listener's query splitting, on every shape a client can send.
@Suite("Admin query parsing")
struct AdminQueryTests {
    @Test(
        "Targets split into a path and parameters without trapping",
        arguments: [
            ("/stats", "/stats", [:]),
            ("/stats?", "/stats", [:]),
            ("/stats?=", "/stats", ["": ""]),
            ("/stats?=x", "/stats", ["": "x"]),
            ("/stats?==", "/stats", ["": "="]),
            ("/stats?&&", "/stats", [:]),
            ("/stats?filter", "/stats", ["filter": ""]),
            ("/stats?filter=a=b&usedonly", "/stats", ["filter": "a=b", "usedonly": ""]),
            ("/stats?filter=a&filter=b", "/stats", ["filter": "b"]),
            ("?", "", [:]),
        ] as [(String, String, [String: String])]
    )
    func split(target: String, path: String, query: [String: String]) {
        let (splitPath, splitQuery) = AdminEndpoints.split(target)
        #expect(splitPath == path)
        #expect(splitQuery == query)
    }
}
