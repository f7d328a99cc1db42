extension JSONValue {
    /// Why a text is not a JSON document, and where.
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        /// The byte offset of the problem.
        public let offset: Int
        /// What is wrong.
        public let reason: String

        /// `invalid JSON at byte N: REASON`.
        public var description: String {
            "invalid JSON at byte \(self.offset): \(self.reason)"
        }
    }

    /// The deepest nesting a parsed document may have; deeper input is rejected rather than exhausting
    /// the stack.
    public static let maximumDepth = 256

    /// Parses an RFC 8259 JSON document (for example an xDS file written by an earlier export).
    ///
    /// Objects keep the document's key order (a repeated key keeps its first position and its last
    /// value); whole numbers that fit `Int64` become ``integer(_:)``, others ``number(_:)``. Bad input of
    /// any kind throws; nothing traps.
    ///
    /// - Parameter text: The document.
    /// - Throws: ``ParseError``.
    /// - Complexity: O(*n*) in the length of the text.
    public init(parsing text: String) throws {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the document") }
        self = value
    }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ reason: String) -> JSONValue.ParseError {
        JSONValue.ParseError(offset: self.index, reason: reason)
    }

    var current: UInt8? {
        self.index < self.bytes.count ? self.bytes[self.index] : nil
    }

    mutating func skipWhitespace() {
        while let byte = self.current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            self.index += 1
        }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < JSONValue.maximumDepth else { throw self.error("nested deeper than \(JSONValue.maximumDepth)") }
        switch self.current {
        case UInt8(ascii: "{"): return try self.object(depth: depth)
        case UInt8(ascii: "["): return try self.array(depth: depth)
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"): return try self.literal("true", .bool(true))
        case UInt8(ascii: "f"): return try self.literal("false", .bool(false))
        case UInt8(ascii: "n"): return try self.literal("null", .null)
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            return try self.number()
        case nil: throw self.error("unexpected end of the document")
        default: throw self.error("unexpected character")
        }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let expected = Array(word.utf8)
        guard self.bytes.count - self.index >= expected.count,
            self.bytes[self.index..<(self.index + expected.count)].elementsEqual(expected)
        else { throw self.error("expected \(word)") }
        self.index += expected.count
        return value
    }

    mutating func object(depth: Int) throws -> JSONValue {
        self.index += 1
        var object = JSONObject()
        self.skipWhitespace()
        if self.current == UInt8(ascii: "}") {
            self.index += 1
            return .object(object)
        }
        while true {
            self.skipWhitespace()
            guard self.current == UInt8(ascii: "\"") else { throw self.error("expected a member name") }
            let key = try self.string()
            self.skipWhitespace()
            guard self.current == UInt8(ascii: ":") else { throw self.error("expected ':'") }
            self.index += 1
            self.skipWhitespace()
            object[key] = try self.value(depth: depth + 1)
            self.skipWhitespace()
            switch self.current {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "}"):
                self.index += 1
                return .object(object)
            default: throw self.error("expected ',' or '}'")
            }
        }
    }

    mutating func array(depth: Int) throws -> JSONValue {
        self.index += 1
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if self.current == UInt8(ascii: "]") {
            self.index += 1
            return .array(elements)
        }
        while true {
            self.skipWhitespace()
            elements.append(try self.value(depth: depth + 1))
            self.skipWhitespace()
            switch self.current {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"):
                self.index += 1
                return .array(elements)
            default: throw self.error("expected ',' or ']'")
            }
        }
    }

    mutating func string() throws -> String {
        self.index += 1
        var scalars = String.UnicodeScalarView()
        var run = self.index
        func flush(_ parser: Parser, upTo end: Int) throws {
            guard let text = String(validating: parser.bytes[run..<end], as: UTF8.self) else {
                throw parser.error("a string is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while let byte = self.current {
            switch byte {
            case UInt8(ascii: "\""):
                try flush(self, upTo: self.index)
                self.index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush(self, upTo: self.index)
                self.index += 1
                scalars.append(try self.escape())
                run = self.index
            case 0..<0x20:
                throw self.error("a control character inside a string")
            default:
                self.index += 1
            }
        }
        throw self.error("an unterminated string")
    }

    mutating func escape() throws -> Unicode.Scalar {
        guard let byte = self.current else { throw self.error("an unterminated escape") }
        self.index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try self.hex4()
            if (0xD800..<0xDC00).contains(first) {
                guard self.current == UInt8(ascii: "\\") else { throw self.error("a lone high surrogate") }
                self.index += 1
                guard self.current == UInt8(ascii: "u") else { throw self.error("a lone high surrogate") }
                self.index += 1
                let second = try self.hex4()
                guard (0xDC00..<0xE000).contains(second),
                    let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                else { throw self.error("an invalid surrogate pair") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw self.error("a lone low surrogate") }
            return scalar
        default:
            throw self.error("an unknown escape")
        }
    }

    mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = self.current, let digit = Self.hexDigit(byte) else {
                throw self.error("expected four hexadecimal digits")
            }
            value = value << 4 | digit
            self.index += 1
        }
        return value
    }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    mutating func number() throws -> JSONValue {
        let start = self.index
        var whole = true
        if self.current == UInt8(ascii: "-") { self.index += 1 }
        if self.current == UInt8(ascii: "0") {
            self.index += 1
            if let byte = self.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                throw self.error("a number with a leading zero")
            }
        } else if !self.consumeDigits() {
            throw self.error("expected a digit")
        }
        if self.current == UInt8(ascii: ".") {
            whole = false
            self.index += 1
            guard self.consumeDigits() else { throw self.error("expected a digit after '.'") }
        }
        if self.current == UInt8(ascii: "e") || self.current == UInt8(ascii: "E") {
            whole = false
            self.index += 1
            if self.current == UInt8(ascii: "+") || self.current == UInt8(ascii: "-") { self.index += 1 }
            guard self.consumeDigits() else { throw self.error("expected a digit in the exponent") }
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        if whole, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw self.error("a number out of range") }
        return .number(double)
    }

    /// Consumes one or more digits; `false` when there is none.
    mutating func consumeDigits() -> Bool {
        let start = self.index
        while let byte = self.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            self.index += 1
        }
        return self.index > start
    }
}
