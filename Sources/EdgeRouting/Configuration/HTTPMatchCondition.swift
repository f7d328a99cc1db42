/// One condition a request must meet for a routing rule to apply: its path (`uri`) and any number of
/// headers. Every part of one condition must match; a rule applies when any of its conditions does.
///
/// The path is compared without its query string for exact matches and with it for prefix matches,
/// as Envoy does; header names are case-insensitive (stored lower-cased), values case-sensitive. A
/// header that is absent never matches. A condition with no parts matches every request.
///
/// ```yaml
/// match:
///   - uri: { prefix: /api/ }
///     headers: { x-canary: { exact: "true" } }
/// ```
public struct HTTPMatchCondition: Hashable, Sendable {
    /// The path match, if any.
    public let uri: StringMatch?
    /// Header matches by lower-cased header name.
    public let headers: [String: StringMatch]

    /// Creates a condition.
    ///
    /// - Parameters:
    ///   - uri: The path match, if any. Its value must start with `/`.
    ///   - headers: Header matches by header name (any case; stored lower-cased).
    /// - Throws: ``ConfigurationError`` naming `uri` or `headers["name"]` when a value is invalid.
    public init(uri: StringMatch? = nil, headers: [String: StringMatch] = [:]) throws {
        if let uri {
            let value = uri.exactValue ?? uri.prefixValue ?? ""
            if !value.hasPrefix("/") {
                throw ConfigurationError.invalid("uri", "a path match must start with \"/\", got \"\(value)\"")
            }
        }
        var normalised: [String: StringMatch] = [:]
        for name in headers.keys.sorted() {
            if let problem = ValidationRules.headerNameProblem(name) {
                throw ConfigurationError.invalid("headers[\"\(name)\"]", problem)
            }
            let lower = name.lowercased()
            if normalised[lower] != nil {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: "headers[\"\(name)\"]",
                    message: "header \"\(lower)\" is matched twice (header names are case-insensitive)"
                )
            }
            normalised[lower] = headers[name]
        }
        self.uri = uri
        self.headers = normalised
    }

    /// Whether a request satisfies this condition.
    ///
    /// - Parameters:
    ///   - path: The request path, with its query string if any.
    ///   - header: Looks up a header's value by lower-cased name (`nil` when absent); several values
    ///     should be joined with `,` as HTTP allows.
    public func matches(path: Substring, header: (String) -> Substring?) -> Bool {
        if let uri = self.uri {
            let candidate = uri.exactValue != nil ? Self.stripQuery(path) : path
            if !uri.matches(candidate) { return false }
        }
        for (name, match) in self.headers {
            guard let value = header(name), match.matches(value) else { return false }
        }
        return true
    }

    private static func stripQuery(_ path: Substring) -> Substring {
        guard let end = path.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else {
            return path
        }
        return path[..<end]
    }
}

extension HTTPMatchCondition: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case uri
        case headers
    }

    /// Decodes `{uri?, headers?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let uri = try container.decodeIfPresent(StringMatch.self, forKey: .uri)
        let headers = try container.decodeIfPresent([String: StringMatch].self, forKey: .headers) ?? [:]
        self = try decoder.validating { try HTTPMatchCondition(uri: uri, headers: headers) }
    }

    /// Encodes `{uri?, headers?}`, omitting empty parts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.uri, forKey: .uri)
        if !self.headers.isEmpty {
            try container.encode(self.headers, forKey: .headers)
        }
    }
}
