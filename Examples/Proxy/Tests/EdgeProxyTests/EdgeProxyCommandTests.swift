import Foundation
import NIOPosix
import ProxyKit
import Testing

/// The `edge-proxy` executable as an operator starts it: what its command line turns on by default.
@Suite("edge-proxy command line", .timeLimit(.minutes(1)))
struct EdgeProxyCommandTests {
    @Test("the access log is on by default: one line per request on standard output")
    func writesTheAccessLogByDefault() async throws {
        try await Self.withProxy(extraArguments: []) { proxy, stubPort, group in
            let port = try #require(proxy.port)
            for _ in 0..<3 {
                let response = try await TestHTTPClient.send(TestRequest(), port: port, group: group)
                #expect(response.body == "cluster-1\n")
            }
            #expect(await proxy.stop())
            let lines = try #require(proxy.standardOutput).split(separator: "\n")
            #expect(lines.count == 3, "\(lines)")
            for line in lines {
                #expect(line.contains(#""GET /productpage HTTP/1.1" 200 - 1 "#), "\(line)")
                #expect(line.hasSuffix(#" "cluster-1" "127.0.0.1:\#(stubPort)""#), "\(line)")
            }
        }
    }

    @Test("--no-access-log writes nothing on standard output")
    func writesNoAccessLogWhenTurnedOff() async throws {
        try await Self.withProxy(extraArguments: ["--no-access-log"]) { proxy, _, group in
            let port = try #require(proxy.port)
            for _ in 0..<3 {
                let response = try await TestHTTPClient.send(TestRequest(), port: port, group: group)
                #expect(response.body == "cluster-1\n")
            }
            #expect(await proxy.stop())
            #expect(proxy.standardOutput == "")
        }
    }

    /// Runs `body` with two ingress stubs in process and `edge-proxy` in front of them, and tears
    /// everything down afterwards.
    private static func withProxy(
        extraArguments: [String],
        _ body: (EdgeProxyProcess, Int, MultiThreadedEventLoopGroup) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edge-proxy-command-\(UUID())")
        var stubs: [IngressStub] = []
        var proxy: EdgeProxyProcess?
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            stubs.append(try await StubPorts.start(cluster: "cluster-1", group: group))
            stubs.append(try await StubPorts.start(cluster: "cluster-2", group: group))
            let edge = folder.appendingPathComponent("edge.yaml").path
            let topology = folder.appendingPathComponent("topology.yaml").path
            try ProxyHarness.automaticEdge.write(toFile: edge, atomically: true, encoding: .utf8)
            try ProxyHarness.topology(
                cluster1: ["127.0.0.1:\(stubs[0].port)"],
                cluster2: ["127.0.0.1:\(stubs[1].port)"]
            ).write(toFile: topology, atomically: true, encoding: .utf8)
            proxy = try await EdgeProxyProcess(
                arguments: [
                    "--edge", edge, "--topology", topology, "--listen", "127.0.0.1:0", "--admin", "none",
                    "--threads", "1", "--watch-interval", "0", "--log-level", "notice",
                ] + extraArguments
            )
            try await body(proxy!, stubs[0].port, group)
        } catch {
            await Self.tearDown(proxy: proxy, stubs: stubs, group: group, folder: folder)
            throw error
        }
        await Self.tearDown(proxy: proxy, stubs: stubs, group: group, folder: folder)
    }

    private static func tearDown(
        proxy: EdgeProxyProcess?,
        stubs: [IngressStub],
        group: MultiThreadedEventLoopGroup,
        folder: URL
    ) async {
        await proxy?.stop()
        for stub in stubs { await stub.shutdown() }
        try? await group.shutdownGracefully()
        try? FileManager.default.removeItem(at: folder)
    }
}
