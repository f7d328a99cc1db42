import Foundation

extension JSONValue {
    /// Why a text or a file is not a JSON document.
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        /// The file the document was read from, if any.
        public let path: String?
        /// What is wrong; for a syntax error, Foundation's words with the character where it is.
        public let reason: String

        /// `PATH: invalid JSON: REASON` (without `PATH: ` for a text).
        public var description: String {
            (self.path.map { "\($0): " } ?? "") + "invalid JSON: \(self.reason)"
        }
    }

    /// How many arrays and objects a parsed value may sit inside (Envoy's configurations nest about 20
    /// deep).
    ///
    /// Deeper input is rejected: decoding recurses once per level, and this bound keeps it within a
    /// secondary thread's stack (512 KiB on macOS) even in a debug build.
    public static let maximumDepth = 64

    /// Parses an RFC 8259 JSON document (for example an xDS file written by an earlier export) with
    /// Foundation's `JSONDecoder`.
    ///
    /// `true` and `false` become ``bool(_:)`` and never numbers; a number that is whole and fits `Int64`
    /// (`1`, also `1.0` and `1e3`) becomes ``integer(_:)``, any other ``number(_:)``. Objects hold their
    /// members in sorted order, because Foundation does not report the document's order; the rendered
    /// document is therefore the same on every run and every platform. Where Foundation is lenient (it
    /// accepts a trailing comma) or free (which value a repeated key keeps), this follows it. Bad input
    /// of any kind throws; nothing traps.
    ///
    /// - Parameter data: The document, UTF-8.
    /// - Throws: ``ParseError``.
    /// - Complexity: O(*n* log *n*) in the size of the document.
    public init(parsing data: Data) throws {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ParseError(path: nil, reason: Self.reason(data, error))
        }
    }

    /// Parses an RFC 8259 JSON document, as the `Data` overload does with the text's UTF-8.
    ///
    /// - Parameter text: The document.
    /// - Throws: ``ParseError``.
    public init(parsing text: String) throws {
        try self.init(parsing: Data(text.utf8))
    }

    /// Reads and parses the JSON file at `path`, as the `Data` overload of `init(parsing:)` does.
    ///
    /// - Parameter path: The file.
    /// - Throws: ``ParseError`` naming the file, when it cannot be read or is not a JSON document.
    public init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ParseError(path: path, reason: "cannot read the file: \(error.localizedDescription)")
        }
        do {
            try self.init(parsing: data)
        } catch let error as ParseError {
            throw ParseError(path: path, reason: error.reason)
        }
    }

    /// The decoder says only "not valid JSON" about a syntax error; `JSONSerialization`, which reads the
    /// same grammar, also says what and where, so its words are used when it rejects the text too.
    private static func reason(_ data: Data, _ error: any Error) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            return context.debugDescription + Self.location(context.codingPath)
        @unknown default:
            return "\(error)"
        }
    }

    /// ` (at resources[0].name)`, the first eight steps of the path; empty for the document itself.
    private static func location(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "" }
        var text = ""
        for key in path.prefix(8) {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return " (at \(text)\(path.count > 8 ? "…" : ""))"
    }
}

extension JSONValue: Decodable {
    /// Decodes any JSON value: `null`, a Boolean, a string, a number (an integer when it is one), an
    /// array or an object (members in sorted order).
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a value nested deeper than ``maximumDepth`` or a number that no
    ///   `Double` holds.
    public init(from decoder: any Decoder) throws {
        guard decoder.codingPath.count <= Self.maximumDepth else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "nested deeper than \(Self.maximumDepth)")
            )
        }
        if let container = try? decoder.container(keyedBy: MemberName.self) {
            var object = JSONObject()
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                object[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
            }
            self = .object(object)
        } else if var container = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !container.isAtEnd {
                elements.append(try container.decode(JSONValue.self))
            }
            self = .array(elements)
        } else {
            let container = try decoder.singleValueContainer()
            // Foundation decodes a Boolean only as a Bool, a string only as a String and a number only
            // as a number (never `1` as `true`), so the one order that matters is Int64 before Double.
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode(Int64.self) {
                self = .integer(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "a number that is malformed or out of range"
                )
            }
        }
    }

    /// An object member's name.
    private struct MemberName: CodingKey {
        let stringValue: String

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        var intValue: Int? { nil }

        init?(intValue: Int) {
            nil
        }
    }
}
