import Testing

/// Every test that runs a real Envoy: one at a time (the machine is small and each test owns an Envoy),
/// each in a suite of its own nested here.
@Suite("Against Envoy 1.40", .serialized)
struct EnvoyIntegration {}

/// Sends `count` requests for the guide's hostname through Envoy's listener, one after the other.
func sendRequests(_ count: Int, port: Int, path: String = "/productpage") throws -> [LoopbackHTTP.Response] {
    try (0..<count).map { _ in try LoopbackHTTP.request(port: port, path: path, host: TestDocuments.hostname) }
}

/// The responses' bodies counted, for example `["cluster-1": 20]`.
func bodies(_ responses: [LoopbackHTTP.Response]) -> [String: Int] {
    responses.reduce(into: [:]) { $0[$1.body, default: 0] += 1 }
}
