import EnvoyExport
import Testing

@Suite("JSON parsing")
struct JSONParsingTests {
    @Test(
        "Valid documents",
        arguments: [
            (
                " {\"b\": [1, -2, 0.5, 1e3, true, false, null], \"a\": {}} ",
                ["b": [1, -2, 0.5, 1000.0, true, false, .null], "a": [:]]
            ),
            (#""\u00e9\ud83d\ude00\n\/""#, "é😀\n/"),
            ("9223372036854775807", .integer(Int64.max)),
            ("9223372036854775808", .number(9_223_372_036_854_775_808)),
            ("-0", 0),
            (#"{"k": 1, "k": 2}"#, ["k": 2]),
        ] as [(String, JSONValue)]
    )
    func valid(text: String, value: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == value)
    }

    @Test(
        "Invalid documents are rejected with the offset",
        arguments: [
            ("", 0), ("{", 1), ("[1,]", 3), ("{\"a\" 1}", 5), ("01", 1), ("1.", 2), ("-", 1), ("1e", 2),
            ("\"\\x\"", 3), ("\"\\ud800\"", 7), ("\"\u{01}\"", 1), ("tru", 0), ("[1] 2", 4), ("1e999", 5),
        ] as [(String, Int)]
    )
    func invalid(text: String, offset: Int) {
        do {
            let value = try JSONValue(parsing: text)
            Issue.record("parsed as \(value)")
        } catch let error as JSONValue.ParseError {
            #expect(error.offset == offset, "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("Nesting deeper than the limit is rejected, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: deep) }
        let allowed =
            String(repeating: "[", count: JSONValue.maximumDepth)
            + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect((try? JSONValue(parsing: allowed)) != nil)
    }

    @Test("Invariant: what is rendered parses back to the same value, pretty or not")
    func roundTrip() throws {
        var random = SplitMix64(seed: 19)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, &random)
            #expect(try JSONValue(parsing: value.rendered()) == value)
            #expect(try JSONValue(parsing: value.rendered(pretty: false)) == value)
        }
    }

    @Test("Fuzz: mutated and truncated documents never trap")
    func mutations() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("{}[]\",:\\u0123456789.eE+-tfnal \n\u{00}é".utf8)
        for _ in 0..<2_000 {
            var bytes = Array(Self.randomValue(depth: 0, &random).rendered(pretty: false).utf8)
            for _ in 0...Int(random.next() % 4) where !bytes.isEmpty {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: position)
                default: bytes.removeSubrange(position...)
                }
            }
            _ = try? JSONValue(parsing: String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func randomValue(depth: Int, _ random: inout SplitMix64) -> JSONValue {
        let pick = depth > 3 ? random.next() % 5 : random.next() % 7
        switch pick {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .integer(Int64(bitPattern: random.next()) >> Int64(random.next() % 63))
        case 3: return .number(Double(Int64(bitPattern: random.next()) >> 20) + 0.5)
        case 4:
            let scalars = (0..<(random.next() % 8)).compactMap { _ in
                Unicode.Scalar(UInt32([0x22, 0x5C, 0x0A, 0x01, 0x41, 0xE9, 0x1F600][Int(random.next() % 7)]))
            }
            return .string(String(String.UnicodeScalarView(scalars)))
        case 5: return .array((0..<(random.next() % 4)).map { _ in self.randomValue(depth: depth + 1, &random) })
        default:
            var object = JSONObject()
            for index in 0..<(random.next() % 4) {
                object["k\(index)\(random.next() % 3)"] = self.randomValue(depth: depth + 1, &random)
            }
            return .object(object)
        }
    }
}

/// A seeded generator (SplitMix64), so every randomised test runs the same cases each time.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var value = self.state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
