/// The lexical rules shared by the configuration and topology model. Each returns what is wrong with
/// a value, or `nil` when it is valid, so callers can name the field in their error.
enum ValidationRules {
    /// Names of servers, clusters, regions and zones: 1–253 characters of letters, digits, `-`, `_`
    /// and `.`, starting and ending with a letter or digit (Kubernetes-style names, a little looser).
    static func nameProblem(_ name: String, what: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "\(what) must not be empty" }
        if bytes.count > 253 { return "\(what) \"\(name)\" is longer than 253 characters" }
        if let bad = bytes.first(where: { !isNameByte($0) }) {
            return "\(what) \"\(name)\" contains \(describe(bad)); use letters, digits, \"-\", \"_\" and \".\""
        }
        if !isAlphanumeric(bytes[0]) || !isAlphanumeric(bytes[bytes.count - 1]) {
            return "\(what) \"\(name)\" must start and end with a letter or digit"
        }
        return nil
    }

    /// Label keys as Kubernetes defines them: an optional DNS prefix and `/`, then a name of at most 63
    /// characters.
    static func labelKeyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2 { return "label key \"\(key)\" has more than one \"/\"" }
        if parts.count == 2, let problem = Hostname.problem(with: String(parts[0])) {
            return "label key \"\(key)\" has an invalid prefix: \(problem)"
        }
        let name = String(parts[parts.count - 1])
        if name.utf8.count > 63 { return "label key \"\(key)\" has a name longer than 63 characters" }
        return self.nameProblem(name, what: "label key").map { _ in
            "label key \"\(key)\" must be letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit"
        }
    }

    /// Label values: empty, or at most 63 characters of the name alphabet.
    static func labelValueProblem(_ value: String, key: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 { return "the value of label \"\(key)\" is longer than 63 characters" }
        return self.nameProblem(value, what: "label value").map { _ in
            "the value \"\(value)\" of label \"\(key)\" must be letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit"
        }
    }

    /// Validates a label map, returning the key of the offending entry and the problem.
    static func labelsProblem(_ labels: [String: String]) -> (key: String, problem: String)? {
        for key in labels.keys.sorted() {
            if let problem = self.labelKeyProblem(key) { return (key, problem) }
            if let problem = self.labelValueProblem(labels[key] ?? "", key: key) { return (key, problem) }
        }
        return nil
    }

    /// HTTP header field names: RFC 9110 tokens.
    static func headerNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a header name must not be empty" }
        if let bad = name.utf8.first(where: { !isTokenByte($0) }) {
            return "header name \"\(name)\" contains \(describe(bad))"
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        self.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        if self.isAlphanumeric(byte) { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x80 { return "a non-ASCII character" }
        if byte < 0x20 || byte == 0x7F { return "a control character" }
        if byte == UInt8(ascii: " ") { return "a space" }
        return "the character \"\(Character(Unicode.Scalar(byte)))\""
    }
}

extension KeyedDecodingContainer {
    /// Decodes a whole number that must lie in `range`, with a message that names the allowed range
    /// instead of the decoder's type-level complaint (negative, fractional and huge numbers included).
    func decodeInteger<T: FixedWidthInteger & Decodable>(
        _ type: T.Type,
        forKey key: Key,
        in range: ClosedRange<T>,
        what: String
    ) throws -> T? {
        guard self.contains(key), try !self.decodeNil(forKey: key) else { return nil }
        let path = FieldPath.render(self.codingPath + [key])
        let message = "\(what) must be a whole number in \(range.lowerBound)...\(range.upperBound)"
        let value: T
        do {
            value = try self.decode(T.self, forKey: key)
        } catch {
            if let number = try? self.decode(Double.self, forKey: key) {
                throw ConfigurationError.invalid(path, "\(message), got \(Self.format(number))")
            }
            if let text = try? self.decode(String.self, forKey: key) {
                throw ConfigurationError(
                    code: .malformedDocument,
                    path: path,
                    message: "\(message), got the string \"\(text)\"",
                    cause: error
                )
            }
            throw ConfigurationError(
                code: .malformedDocument,
                path: path,
                message: "\(message), got a value that is not a representable number",
                cause: error
            )
        }
        guard range.contains(value) else {
            throw ConfigurationError.invalid(path, "\(message), got \(value)")
        }
        return value
    }

    private static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }
}
