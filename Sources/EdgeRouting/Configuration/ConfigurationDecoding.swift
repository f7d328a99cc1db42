// Helpers shared by every `Codable` type of the configuration and topology model: strict keys,
// field paths, and the translation of a decoder's own errors into `ConfigurationError`.

/// A coding key with any name, used to list the keys a document really contains.
@_spi(TestSupport)
public struct AnyCodingKey: CodingKey, Hashable {
    /// The key's name.
    public var stringValue: String
    /// The key's index, for array positions.
    public var intValue: Int?

    /// A key with this name.
    public init(_ string: String) {
        self.stringValue = string
        self.intValue = nil
    }

    /// A key with this name.
    public init(stringValue: String) {
        self.init(stringValue)
    }

    /// A key for an array position.
    public init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Renders coding paths the way a person finds a field in a document: `spec.http[0].port`.
@_spi(TestSupport)
public enum FieldPath {
    /// The path of a coding path.
    public static func render(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            self.append(key, to: &result)
        }
        return result
    }

    /// The path of a field relative to a coding path.
    public static func render(_ codingPath: [any CodingKey], _ relative: String) -> String {
        self.join(self.render(codingPath), relative)
    }

    /// Joins a prefix and a relative path: `a.b` + `c` is `a.b.c`, `a.b` + `[1].c` is `a.b[1].c`.
    public static func join(_ prefix: String, _ relative: String) -> String {
        if prefix.isEmpty { return relative }
        if relative.isEmpty { return prefix }
        if relative.hasPrefix("[") { return prefix + relative }
        return prefix + "." + relative
    }

    /// `[index]`.
    public static func index(_ index: Int) -> String {
        "[\(index)]"
    }

    private static func append(_ key: any CodingKey, to result: inout String) {
        if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
            result += "[\(index)]"
            return
        }
        let name = key.stringValue
        if name.utf8.allSatisfy({ Self.isPlainNameByte($0) }) && !name.isEmpty {
            result += result.isEmpty ? name : "." + name
        } else {
            // Label keys such as `topology.kubernetes.io/region` are quoted so the path stays readable.
            result += "[\"\(name)\"]"
        }
    }

    private static func isPlainNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

extension ConfigurationError {
    /// Translates a decoder's error into a configuration error that names the field.
    ///
    /// `DecodingError`s become ``Code-swift.struct/malformedDocument`` or
    /// ``Code-swift.struct/missingField`` with the decoder's coding path; configuration errors pass
    /// through unchanged; anything else is wrapped as a malformed document.
    ///
    /// - Parameter error: The error a decoder (JSON, YAML, or any other) threw.
    public init(decoding error: any Error) {
        if let error = error as? ConfigurationError {
            self = error
            return
        }
        // Some decoders (Yams, for one) wrap the errors thrown while decoding a value in their own.
        if let decodingError = error as? DecodingError, case .dataCorrupted(let context) = decodingError,
            let underlying = context.underlyingError
        {
            if let configurationError = underlying as? ConfigurationError {
                self = configurationError
                return
            }
            if underlying is DecodingError {
                self.init(decoding: underlying)
                return
            }
        }
        guard let decodingError = error as? DecodingError else {
            self.init(code: .malformedDocument, path: "", message: "\(error)", cause: error)
            return
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            self.init(
                code: .missingField,
                path: FieldPath.render(context.codingPath + [key]),
                message: "required field '\(key.stringValue)' is missing",
                cause: error
            )
        case .valueNotFound(let type, let context):
            self.init(
                code: .malformedDocument,
                path: FieldPath.render(context.codingPath),
                message: "expected \(Self.describe(type)) but found null",
                cause: error
            )
        case .typeMismatch(let type, let context):
            self.init(
                code: .malformedDocument,
                path: FieldPath.render(context.codingPath),
                message: "expected \(Self.describe(type)): \(context.debugDescription)",
                cause: error
            )
        case .dataCorrupted(let context):
            var message = context.debugDescription
            if let underlying = context.underlyingError {
                message += " (\(underlying))"
            }
            self.init(
                code: .malformedDocument,
                path: FieldPath.render(context.codingPath),
                message: message,
                cause: error
            )
        @unknown default:
            self.init(code: .malformedDocument, path: "", message: "\(error)", cause: error)
        }
    }

    /// The same error with its path placed under `prefix`.
    func prefixed(by prefix: String) -> ConfigurationError {
        var copy = self
        copy.path = FieldPath.join(prefix, self.path)
        return copy
    }

    static func invalid(_ path: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, path: path, message: message)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is UInt32.Type, is UInt16.Type, is UInt64.Type, is Int32.Type:
            return "a whole number"
        case is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") { return "a list" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "a value of type \(name)"
        }
    }
}

@_spi(TestSupport)
extension Decoder {
    /// Throws an `unknownField` error when the object being decoded has a key that `keys` does not
    /// list. Strictness catches typos and mis-indented YAML, which would otherwise silently change
    /// routing.
    ///
    /// - Parameter hint: Extra advice for a particular unknown key, such as where it belongs.
    public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(
        _ keys: Keys.Type,
        hint: (String) -> String? = { _ in nil }
    ) throws {
        try self.rejectUnknownKeys(allowed: Keys.allCases.map(\.stringValue), hint: hint)
    }

    /// Throws an `unknownField` error when the object being decoded has a key not in `allowed`.
    ///
    /// - Parameters:
    ///   - allowed: The keys the schema defines, in the order the error message lists them.
    ///   - hint: Extra advice for a particular unknown key.
    public func rejectUnknownKeys(allowed: [String], hint: (String) -> String? = { _ in nil }) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Set(allowed)
        // Sorted so that the first unknown key reported does not depend on hashing order.
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
        where !known.contains(key.stringValue) {
            var message = "unknown field '\(key.stringValue)'; expected one of: "
            message += allowed.joined(separator: ", ")
            if let advice = hint(key.stringValue) {
                message += "; " + advice
            }
            throw ConfigurationError(
                code: .unknownField,
                path: FieldPath.render(self.codingPath + [key]),
                message: message
            )
        }
    }

    /// Runs `body`, placing the path of any `ConfigurationError` it throws under this decoder's path.
    public func validating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConfigurationError {
            throw error.prefixed(by: FieldPath.render(self.codingPath))
        }
    }
}
