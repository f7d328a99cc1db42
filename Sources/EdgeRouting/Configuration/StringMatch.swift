/// How a request's path or a header value is compared: exactly, or by prefix. Case-sensitive.
///
/// Written in documents as `{exact: "/productpage"}` or `{prefix: "/api/"}`; exactly one of the two.
public struct StringMatch: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case exact(String)
        case prefix(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Matches only this exact value.
    ///
    /// - Parameter value: The value to compare with.
    public static func exact(_ value: String) -> StringMatch {
        StringMatch(.exact(value))
    }

    /// Matches any value that starts with `value`.
    ///
    /// - Parameter value: The prefix.
    public static func prefix(_ value: String) -> StringMatch {
        StringMatch(.prefix(value))
    }

    /// The exact value, when this is an exact match.
    public var exactValue: String? {
        if case .exact(let value) = self.kind { return value }
        return nil
    }

    /// The prefix, when this is a prefix match.
    public var prefixValue: String? {
        if case .prefix(let value) = self.kind { return value }
        return nil
    }

    /// Whether `candidate` satisfies the match.
    ///
    /// - Parameter candidate: The path or header value.
    public func matches(_ candidate: Substring) -> Bool {
        switch self.kind {
        case .exact(let value): return candidate.utf8.elementsEqual(value.utf8)
        case .prefix(let value): return candidate.utf8.starts(with: value.utf8)
        }
    }

    /// `exact "/productpage"` or `prefix "/api/"`.
    public var description: String {
        switch self.kind {
        case .exact(let value): return "exact \"\(value)\""
        case .prefix(let value): return "prefix \"\(value)\""
        }
    }
}

extension StringMatch: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case exact
        case prefix
    }

    /// Decodes `{exact: …}` or `{prefix: …}`; regular expressions are not supported.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self) { key in
            key == "regex" ? "regular-expression matches are not supported; use exact or prefix" : nil
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let exact = try container.decodeIfPresent(String.self, forKey: .exact)
        let prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
        switch (exact, prefix) {
        case (let exact?, nil): self = .exact(exact)
        case (nil, let prefix?): self = .prefix(prefix)
        case (nil, nil):
            throw ConfigurationError(
                code: .missingField,
                path: FieldPath.render(decoder.codingPath),
                message: "a match needs one of 'exact' or 'prefix'"
            )
        case (.some, .some):
            throw ConfigurationError(
                code: .conflictingFields,
                path: FieldPath.render(decoder.codingPath),
                message: "a match has either 'exact' or 'prefix', not both"
            )
        }
    }

    /// Encodes `{exact: …}` or `{prefix: …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self.kind {
        case .exact(let value): try container.encode(value, forKey: .exact)
        case .prefix(let value): try container.encode(value, forKey: .prefix)
        }
    }
}
