import ArgumentParser
import Dispatch
import Foundation
import NIOPosix
import ProxyKit

/// `ingress-stub`: a workload cluster's ingress gateway, switchable between healthy, failing and stopped.
@main
struct IngressStubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingress-stub",
        abstract: "A stand-in for a workload cluster's ingress gateway.",
        discussion: """
            healthy: 200 with the cluster's name; failing: 503 'no healthy upstream' (the upstream \
            service scaled to 0); stopped: connections refused (the ingress scaled to 0). Switch with \
            'curl -X POST http://CONTROL/mode/failing'; 'GET /stats' counts requests.
            """
    )

    @Option(help: "Where to serve, HOST:PORT (loopback).")
    var listen: String

    @Option(help: "The workload cluster's name, returned in each 200 body.")
    var cluster: String

    @Option(help: "The control listener, HOST:PORT.")
    var control: String

    @Option(help: "The mode to start in: healthy, failing or stopped.")
    var mode = "healthy"

    @Option(help: "Event loops (threads).")
    var threads = 1

    func run() async throws {
        guard let mode = IngressStub.Mode(rawValue: self.mode) else {
            throw ValidationError("--mode expects healthy, failing or stopped")
        }
        let (host, port) = try Self.address(self.listen, option: "--listen")
        let (controlHost, controlPort) = try Self.address(self.control, option: "--control")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, self.threads))
        let stub = try await IngressStub.start(
            cluster: self.cluster,
            host: host,
            port: port,
            controlHost: controlHost,
            controlPort: controlPort,
            group: group
        )
        try await stub.setMode(mode)
        let banner =
            "ingress-stub \(self.cluster) on \(host):\(stub.port), control on \(controlHost):\(stub.controlPort ?? 0)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))

        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
        await stub.shutdown()
        try await group.shutdownGracefully()
    }

    static func address(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw ValidationError("\(option) expects HOST:PORT, got '\(text)'")
        }
        return (String(text[..<colon]), port)
    }
}
