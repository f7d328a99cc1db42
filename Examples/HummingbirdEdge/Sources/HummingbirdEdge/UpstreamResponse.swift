import AsyncHTTPClient
import EdgeRouting
import HTTPTypes
import Hummingbird
import NIOCore

/// An upstream's response head, as the client will get it, and its body still to come.
struct UpstreamResponse: Sendable {
    let status: HTTPResponse.Status
    /// The end-to-end headers (hop-by-hop ones removed).
    let headers: HTTPFields
    let body: HTTPClientResponse.Body

    init(_ response: HTTPClientResponse) {
        self.status = HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase)
        var connection = HTTPFields()
        for value in response.headers["connection"] {
            connection.append(HTTPField(name: .connection, value: value))
        }
        let hopByHop = HopByHop.names(listedIn: connection)
        var headers = HTTPFields()
        for (name, value) in response.headers {
            guard let fieldName = HTTPField.Name(name), !hopByHop.contains(fieldName.canonicalName) else { continue }
            headers.append(HTTPField(name: fieldName, value: value))
        }
        self.headers = headers
        self.body = response.body
    }

    /// The response for the client, its body streamed from the upstream. A body that fails half-way
    /// is reported to the router as a reset of `attempt` — the status was already counted as a
    /// success — and ends the client's response.
    func passedThrough(reportingFailuresOf attempt: Attempt, to router: EdgeRouter<ContinuousClock>) -> Response {
        let body = self.body
        return Response(
            status: self.status,
            headers: self.headers,
            body: ResponseBody { writer in
                var chunks = body.makeAsyncIterator()
                while true {
                    let chunk: ByteBuffer?
                    do {
                        chunk = try await chunks.next()
                    } catch {
                        router.record(.reset, for: attempt)
                        throw error
                    }
                    guard let chunk else { break }
                    try await writer.write(chunk)
                }
                try await writer.finish(nil)
            }
        )
    }
}

/// The hop-by-hop headers of RFC 9110 §7.6.1, which a proxy does not forward.
enum HopByHop {
    /// The canonical (lower-cased) names that must not be forwarded: the standard ones and those the
    /// `Connection` fields list.
    static func names(listedIn fields: HTTPFields) -> Set<String> {
        var names: Set<String> = [
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
        ]
        for value in fields[values: .connection] {
            for token in value.split(separator: ",") {
                let trimmed = token.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
                names.insert(String(trimmed.reversed()).lowercased())
            }
        }
        return names
    }
}
