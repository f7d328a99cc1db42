import ArgumentParser
import AsyncHTTPClient
import EdgeRouting
import Foundation
import Hummingbird
import HummingbirdEdge

/// `hummingbird-edge`: a Hummingbird application that is an edge gateway, routing every request for
/// the edge Gateway's hostnames through an `EdgeRouter` to the workload clusters' ingress gateways.
@main
struct HummingbirdEdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hummingbird-edge",
        abstract: "An edge gateway built on Hummingbird 2, AsyncHTTPClient and EdgeRouting.",
        discussion: """
            Requests for a hostname of the edge Gateway are routed to the workload clusters' ingress \
            gateways, with locality-aware failover, outlier detection and retries; any other request \
            reaches the application's own routes (GET /healthz answers "ok"). Documents are JSON.
            """
    )

    @Option(help: ArgumentHelp("The edge Gateway resource (JSON).", valueName: "file"))
    var gateway: String

    @Option(help: ArgumentHelp("The workload clusters: {clusters: [...]} (JSON).", valueName: "file"))
    var topology: String

    @Option(help: "The edge's region.")
    var region: String

    @Option(help: "The edge's zone, if any.")
    var zone: String?

    @Option(help: ArgumentHelp("Router settings (EdgeRouterConfiguration, JSON).", valueName: "file"))
    var config: String?

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    func run() async throws {
        let configuration = try self.config.map { try Self.decode(EdgeRouterConfiguration.self, $0) } ?? .defaults
        let router = try EdgeRouter(
            gateway: try Self.decode(Gateway.self, self.gateway),
            edge: try EdgeLocation(region: self.region, zone: self.zone),
            topology: try Self.decode(Topology.self, self.topology),
            configuration: configuration
        )
        let client = HTTPClient(configuration: EdgeRoutingMiddleware<BasicRequestContext>.clientConfiguration)
        let application = EdgeApplication.make(
            router: router,
            client: client,
            retries: configuration.retries,
            host: self.host,
            port: self.port
        )
        do {
            try await application.runService()
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Decodes a JSON document; its errors name the file and the field.
    static func decode<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("\(file): cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONConfiguration.decode(type, from: data)
        } catch {
            throw ValidationError("\(file): \(error)")
        }
    }
}
