/// A half-open range of HTTP status codes, `start..<end`, as Envoy's `Int64Range` in
/// `expected_statuses` and `retriable_statuses`.
///
/// Only codes in `100..<600` are accepted, as in Envoy. In documents a range is an object:
///
/// ```json
/// { "start": 200, "end": 300 }
/// ```
///
/// ```swift
/// let below500 = try HTTPStatusRange(start: 100, end: 500)
/// below500.contains(503)  // false
/// ```
public struct HTTPStatusRange: Hashable, Sendable, CustomStringConvertible {
    /// The first code in the range.
    public let start: Int
    /// The first code after the range.
    public let end: Int

    /// The codes a range may hold: `100..<600`.
    public static let validCodes = 100..<600

    /// Every status below 500: EdgeRouting's default for probes (an ingress whose upstream service is
    /// gone answers 503).
    public static let below500 = HTTPStatusRange(unchecked: 100, 500)

    /// Creates a range.
    ///
    /// - Parameters:
    ///   - start: The first code, at least 100.
    ///   - end: The first code after the range, greater than `start` and at most 600.
    /// - Throws: ``ConfigurationError`` naming `start` or `end`.
    public init(start: Int, end: Int) throws {
        guard Self.validCodes.contains(start) else {
            throw ConfigurationError.invalid("start", "must be a status code in 100...599, got \(start)")
        }
        guard end > start, end <= Self.validCodes.upperBound else {
            throw ConfigurationError.invalid(
                "end",
                "must be in \(start + 1)...600 (the range is start..<end), got \(end)"
            )
        }
        self.init(unchecked: start, end)
    }

    private init(unchecked start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether the range holds `code`.
    ///
    /// - Parameter code: An HTTP status code.
    public func contains(_ code: Int) -> Bool {
        code >= self.start && code < self.end
    }

    /// `100..<500`.
    public var description: String {
        "\(self.start)..<\(self.end)"
    }
}

extension HTTPStatusRange: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case start
        case end
    }

    /// Decodes and validates `{"start": 100, "end": 500}`; both fields are required.
    ///
    /// - Parameter decoder: Any decoder.
    /// - Throws: ``ConfigurationError`` naming the offending field.
    public init(from decoder: any Decoder) throws {
        do {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let range = 0...Int(UInt16.max)
            guard let start = try container.decodeInteger(Int.self, forKey: .start, in: range, what: "start") else {
                throw Self.missing(.start, in: container)
            }
            guard let end = try container.decodeInteger(Int.self, forKey: .end, in: range, what: "end") else {
                throw Self.missing(.end, in: container)
            }
            self = try decoder.validating { try HTTPStatusRange(start: start, end: end) }
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes `{"start": …, "end": …}`.
    ///
    /// - Parameter encoder: Any encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.start, forKey: .start)
        try container.encode(self.end, forKey: .end)
    }

    private static func missing(
        _ key: CodingKeys,
        in container: KeyedDecodingContainer<CodingKeys>
    ) -> ConfigurationError {
        ConfigurationError(
            code: .missingField,
            path: FieldPath.render(container.codingPath + [key]),
            message: "required field '\(key.stringValue)' is missing"
        )
    }
}
