import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A workload cluster's ingress gateway on loopback, for Envoy to route to: it answers every request
/// `200` with its cluster's name as the body, and can be switched to the guide's failures.
///
/// HTTP/1.1 with keep-alive, one thread per connection (Envoy keeps a few), no NIO: the stub needs only
/// to answer Envoy, which sends well-formed requests without bodies here.
final class StubIngress: @unchecked Sendable {
    /// How the stub answers.
    enum Mode: Sendable, Equatable {
        /// `200 OK`, body = the cluster's name.
        case serve
        /// The upstream service scaled to 0: the ingress answers `503 no healthy upstream`.
        case upstreamDown
        /// The ingress gateway scaled to 0: every connection is reset without an answer.
        case reset
    }

    /// The workload cluster the stub stands for.
    let cluster: String
    /// Its port on 127.0.0.1.
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var currentMode = Mode.serve
    private var requestCount = 0
    private var stopped = false

    /// Starts a stub on a free port.
    init(cluster: String) throws {
        (self.listener, self.port) = try LoopbackSocket.listen()
        self.cluster = cluster
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    deinit {
        self.stop()
    }

    /// The address in topology form, `127.0.0.1:PORT`.
    var address: String {
        "127.0.0.1:\(self.port)"
    }

    /// How the stub answers from now on (open connections included).
    var mode: Mode {
        get { self.lock.withLock { self.currentMode } }
        set { self.lock.withLock { self.currentMode = newValue } }
    }

    /// The requests (or, in ``Mode/reset``, the connections or requests reset) seen so far.
    var requests: Int {
        self.lock.withLock { self.requestCount }
    }

    /// Stops the stubs. Tests call it at their end (in a `defer`), which also keeps each stub alive
    /// until then: a stub released early would stop serving in the middle of the test.
    static func stop(_ stubs: StubIngress...) {
        for stub in stubs { stub.stop() }
    }

    /// Stops accepting connections.
    func stop() {
        let first = self.lock.withLock { () -> Bool in
            defer { self.stopped = true }
            return !self.stopped
        }
        if first {
            shutdown(self.listener, Int32(SHUT_RDWR))
            close(self.listener)
        }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(self.listener, nil, nil)
            if connection < 0 {
                if self.lock.withLock({ self.stopped }) { return }
                continue
            }
            Thread { [self] in self.serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        if self.mode == .reset {
            // A new connection while the ingress is down: reset at once.
            self.lock.withLock { self.requestCount += 1 }
            LoopbackSocket.reset(connection)
            return
        }
        while true {
            guard let end = Self.headEnd(buffer) else {
                let more = LoopbackSocket.read(connection)
                if more.isEmpty {
                    close(connection)
                    return
                }
                buffer += more
                continue
            }
            let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
            buffer.removeSubrange(..<(end + 4))
            let mode = self.lock.withLock { () -> Mode in
                self.requestCount += 1
                return self.currentMode
            }
            let response: String
            switch mode {
            case .serve:
                response = Self.response(status: "200 OK", body: self.cluster)
            case .upstreamDown:
                response = Self.response(status: "503 Service Unavailable", body: "no healthy upstream")
            case .reset:
                LoopbackSocket.reset(connection)
                return
            }
            guard LoopbackSocket.write(connection, response), !head.contains("\r\nconnection: close") else {
                close(connection)
                return
            }
        }
    }

    private static func response(status: String, body: String) -> String {
        "HTTP/1.1 \(status)\r\ncontent-type: text/plain\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// The index of the `\r\n\r\n` that ends a request head, if the buffer holds one.
    private static func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
