import NIOHTTP1

/// Header rewriting between the client and the ingress, as an HTTP/1.1 proxy must do it (RFC 9110
/// §7.6.1): connection-specific headers stay on their hop.
enum HopByHop {
    /// Headers that never cross a proxy. `transfer-encoding` and `content-length` are kept: they frame
    /// the body, which is streamed with the framing it came with.
    static let names = ["connection", "keep-alive", "proxy-connection", "te", "upgrade"]

    /// ``names`` and `expect`, as bytes.
    private static let candidates: [[UInt8]] = (Self.names + ["expect"]).map { Array($0.utf8) }

    /// Whether a header name (any case) is one of ``names`` or `expect`, without allocating.
    @inline(__always)
    private static func needsAttention(_ name: String) -> Bool {
        name.utf8.withContiguousStorageIfAvailable { bytes in
            for candidate in Self.candidates where candidate.count == bytes.count {
                var equal = true
                for index in 0..<bytes.count where bytes[index] | 0x20 != candidate[index] {
                    equal = false
                    break
                }
                if equal { return true }
            }
            return false
        } ?? Self.candidates.contains { Array(name.lowercased().utf8) == $0 }
    }

    /// Whether any header needs rewriting (one pass, no allocation in the common case).
    static func needsRewriting(_ headers: HTTPHeaders) -> Bool {
        for header in headers where Self.needsAttention(header.name) {
            return true
        }
        return false
    }

    /// Removes the hop-by-hop headers, including those the `Connection` header names.
    static func strip(_ headers: inout HTTPHeaders) {
        guard Self.needsRewriting(headers) else { return }
        for value in headers[canonicalForm: "connection"] {
            let name = value.lowercased()
            if name != "close" && name != "keep-alive" {
                headers.remove(name: String(name))
            }
        }
        for name in Self.names where headers.contains(name: name) {
            headers.remove(name: name)
        }
    }

    /// The request head sent upstream: HTTP/1.1, hop-by-hop headers removed, `x-forwarded-for` and
    /// `x-forwarded-proto` added, and `expect: 100-continue` dropped (the proxy answers it itself).
    static func upstreamRequest(_ head: HTTPRequestHead, clientAddress: String?) -> HTTPRequestHead {
        var headers = head.headers
        if Self.needsRewriting(headers) {
            Self.strip(&headers)
            if headers.contains(name: "expect") {
                headers.remove(name: "expect")
            }
        }
        if let clientAddress {
            if let existing = headers.first(name: "x-forwarded-for") {
                headers.replaceOrAdd(name: "x-forwarded-for", value: existing + ", " + clientAddress)
            } else {
                headers.add(name: "x-forwarded-for", value: clientAddress)
            }
        }
        if !headers.contains(name: "x-forwarded-proto") {
            headers.add(name: "x-forwarded-proto", value: "http")
        }
        return HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: headers)
    }
}
