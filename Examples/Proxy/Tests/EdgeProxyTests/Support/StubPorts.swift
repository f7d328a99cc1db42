import Foundation
import NIOCore
import ProxyKit
import Synchronization

/// Starts ingress stubs on ports that nothing else in the test process can be given.
///
/// Tests run in parallel, and several stop a stub (`setMode(.stopped)` closes its listener) while
/// their proxy keeps trying its port. A stub on an ephemeral port (port 0) frees that port for the
/// kernel to hand to the next `bind(0)` — another test's stub — and the first proxy's attempts then
/// reach a live server that is not its own. So stubs take ports below the kernel's ephemeral range,
/// which `bind(0)` never hands out, and each port at most once per process.
enum StubPorts {
    private static let used = Mutex(Set<Int>())

    /// Starts a stub for `cluster` on a port of its own.
    static func start(cluster: String, group: any EventLoopGroup) async throws -> IngressStub {
        let range = 20_000..<min(Self.ephemeralLow, 32_768)
        var lastError: (any Error)?
        for _ in 0..<50 {
            let port = Int.random(in: range)
            guard Self.used.withLock({ $0.insert(port).inserted }) else { continue }
            do {
                return try await IngressStub.start(cluster: cluster, port: port, group: group)
            } catch {
                lastError = error  // taken by another process: try another
            }
        }
        throw lastError ?? CocoaError(.fileWriteUnknown)
    }

    /// The first port of the kernel's ephemeral range (Linux); macOS starts it at 49152.
    private static var ephemeralLow: Int {
        let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        return text?.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 49_152
    }
}
