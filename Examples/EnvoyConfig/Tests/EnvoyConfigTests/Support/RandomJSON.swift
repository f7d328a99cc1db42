import EnvoyExport

/// Random JSON documents for the invariant and fuzz tests, and the order-free form to compare them by.
enum RandomJSON {
    /// The characters strings are drawn from: every one RFC 8259 makes a renderer escape (quote,
    /// backslash, the 32 control characters), the ones it may leave alone (`/`, DEL, U+2028, U+2029),
    /// and text beyond ASCII and beyond the BMP.
    static let alphabet: [Unicode.Scalar] =
        (0..<0x20).compactMap(Unicode.Scalar.init) + ["\"", "\\", "/", "\u{7F}", "\u{2028}", "\u{2029}", "A", "é", "😀"]

    /// A document up to five levels deep. Numbers are integers or have a fraction, so that each renders
    /// to one form and reads back as the same case.
    static func value(depth: Int = 0, _ random: inout SplitMix64) -> JSONValue {
        switch random.next() % (depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .integer(Int64(bitPattern: random.next()) >> Int64(random.next() % 63))
        case 3: return .number(Double(Int64(bitPattern: random.next()) >> 20) + 0.5)
        case 4:
            let scalars = (0..<(random.next() % 8)).map { _ in
                Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))]
            }
            return .string(String(String.UnicodeScalarView(scalars)))
        case 5: return .array((0..<(random.next() % 4)).map { _ in Self.value(depth: depth + 1, &random) })
        default:
            var object = JSONObject()
            for index in 0..<(random.next() % 4) {
                object["k\(index)\(random.next() % 3)"] = Self.value(depth: depth + 1, &random)
            }
            return .object(object)
        }
    }
}

extension JSONValue {
    /// The document with every object's members in sorted order, as parsing returns them.
    var sortingKeys: JSONValue {
        switch self {
        case .array(let elements):
            return .array(elements.map(\.sortingKeys))
        case .object(let object):
            var sorted = JSONObject()
            for (key, value) in object.members.sorted(by: { $0.key < $1.key }) {
                sorted[key] = value.sortingKeys
            }
            return .object(sorted)
        default:
            return self
        }
    }
}
