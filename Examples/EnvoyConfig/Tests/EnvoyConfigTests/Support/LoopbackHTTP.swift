import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client for loopback: one request per connection (`Connection: close`), the whole
/// response read to the end of the stream, chunked bodies decoded.
enum LoopbackHTTP {
    struct Response: CustomStringConvertible {
        let status: Int
        let headers: [String: String]
        let body: String

        var description: String {
            "\(self.status) \(self.body.prefix(80))"
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends one request and returns the response.
    ///
    /// - Parameters:
    ///   - method: `GET` or `POST`.
    ///   - port: The port on 127.0.0.1.
    ///   - path: The request target.
    ///   - host: The `Host` header.
    ///   - timeout: The longest wait for any one read or write.
    static func request(
        _ method: String = "GET",
        port: Int,
        path: String,
        host: String = "127.0.0.1",
        timeout: Double = 5
    ) throws -> Response {
        let connection = try LoopbackSocket.connect(port: port, timeout: timeout)
        defer { close(connection) }
        let request = "\(method) \(path) HTTP/1.1\r\nhost: \(host)\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
        guard LoopbackSocket.write(connection, request) else {
            throw Malformed(description: "the connection closed before the request was sent")
        }
        // Read until the response is complete rather than until the end of the stream: Envoy waits up to
        // its delayed-close timeout (1 s) for the client to close first after some local replies.
        var bytes: [UInt8] = []
        while !self.isComplete(bytes) {
            let more = LoopbackSocket.read(connection)
            if more.isEmpty { break }
            bytes += more
        }
        return try self.parse(bytes)
    }

    /// Whether `bytes` hold a whole response: its head, and a body of `content-length` bytes or a
    /// chunked body up to its last chunk.
    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<split.lowerBound].lowercased()
        let body = text[split.upperBound...]
        if let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            return body.utf8.count >= length
        }
        if head.contains("transfer-encoding: chunked") {
            return body.hasSuffix("0\r\n\r\n")
        }
        return false
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Malformed(description: "no complete response head in \(bytes.count) bytes")
        }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Malformed(description: "bad status line \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = self.dechunk(body)
        }
        return Response(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ body: String) -> String {
        var rest = Substring(body)
        var result = ""
        while let lineEnd = rest.range(of: "\r\n") {
            let size = Int(rest[..<lineEnd.lowerBound].split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            let chunk = rest[start...].utf8.prefix(size)
            result += String(decoding: chunk, as: UTF8.self)
            rest = rest[rest.utf8.index(start, offsetBy: min(size + 2, rest[start...].utf8.count))...]
        }
        return result
    }
}
