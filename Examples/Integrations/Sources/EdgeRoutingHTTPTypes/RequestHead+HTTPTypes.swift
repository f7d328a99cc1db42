public import EdgeRouting
public import HTTPTypes

extension RequestHead {
    /// The routing view of a swift-http-types request: its authority, path and method.
    ///
    /// The authority is the request's `:authority` pseudo-header, which HTTP/1 servers built on
    /// swift-http-types (Hummingbird, `NIOHTTPTypesHTTP1`) fill from the `Host` header; a request
    /// without one falls back to its `Host` field, and then to the empty authority, which no server
    /// matches (the router answers `404 NR`). A request without a path (`CONNECT`, `OPTIONS *`) routes
    /// as `/`.
    ///
    /// ```swift
    /// let decision = router.route(RequestHead(request), headers: request.headerFields.routingValue)
    /// ```
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - httpVersion: The protocol, for the access log (swift-http-types requests do not carry it).
    ///   - listenerPort: The port the request arrived on, if the edge listens on several.
    public init(_ request: HTTPRequest, httpVersion: String = "HTTP/1.1", listenerPort: Int? = nil) {
        self.init(
            authority: request.authority ?? request.headerFields[HTTPField.Name.hostField] ?? "",
            path: request.path ?? "/",
            method: request.method.rawValue,
            httpVersion: httpVersion,
            listenerPort: listenerPort
        )
    }
}

extension HTTPField.Name {
    /// `Host`, which swift-http-types marks unavailable in favour of `HTTPRequest.authority`; an HTTP/1
    /// request built without an authority may still carry it.
    static let hostField = HTTPField.Name("host")!  // A valid name: never nil.
}

extension HTTPFields {
    /// The value of a request header as ``EdgeRouter``'s header matching reads it: pass this method as
    /// the `headers` argument of `route(_:headers:)`.
    ///
    /// The router asks by lower-cased name, and only for headers that a rule matches on. Several fields
    /// of the same name are joined with `,`, as Envoy joins them for header matching; a name that is not a
    /// valid field name, or that is absent, gives `nil`.
    ///
    /// - Parameter name: The header's name, lower-cased.
    /// - Returns: The value, or `nil` when the request has no such header.
    /// - Complexity: O(*n*) in the number of fields; it allocates only for a name with several fields.
    public func routingValue(_ name: String) -> Substring? {
        guard let fieldName = HTTPField.Name(name) else { return nil }
        let values = self[values: fieldName]
        switch values.count {
        case 0: return nil
        case 1: return Substring(values[0])
        default: return Substring(values.joined(separator: ","))
        }
    }

    /// The upstream response's rate-limit reset headers that `policy` reads (`Retry-After` and the
    /// like), for ``EdgeRouter/complete(_:outcome:responseHeaders:wallClockSeconds:retryAllowed:)``;
    /// empty when the policy reads none.
    ///
    /// - Parameter policy: The router's retry policy.
    /// - Returns: Each field the policy names, in the order the policy lists them.
    public func resetHeaders(for policy: RetryPolicy) -> [RetryContext.ResponseHeader] {
        guard let backoff = policy.rateLimitedBackoff else { return [] }
        var found: [RetryContext.ResponseHeader] = []
        var seen: Set<String> = []
        for header in backoff.resetHeaders {
            let name = header.name.lowercased()
            guard seen.insert(name).inserted, let fieldName = HTTPField.Name(name) else { continue }
            for value in self[values: fieldName] {
                found.append(RetryContext.ResponseHeader(name: name, value: value))
            }
        }
        return found
    }
}

extension AttemptOutcome {
    /// The outcome of an attempt that the upstream answered with this status.
    ///
    /// - Parameter status: The upstream response's status.
    public init(_ status: HTTPResponse.Status) {
        self = .status(status.code)
    }
}

extension HTTPResponse {
    /// The response a proxy sends when the router answers a request itself (`404 NR`, `503 UH`, or the
    /// local reply after failed attempts): the status, `content-type: text/plain` when there is a body,
    /// and `content-length`.
    ///
    /// - Parameters:
    ///   - status: The status the router decided.
    ///   - body: The local reply's body, possibly empty.
    public init(localStatus status: Int, body: String) {
        var fields = HTTPFields()
        if !body.isEmpty {
            fields[.contentType] = "text/plain"
        }
        fields[.contentLength] = String(body.utf8.count)
        self.init(status: HTTPResponse.Status(code: min(max(status, 100), 999)), headerFields: fields)
    }
}
