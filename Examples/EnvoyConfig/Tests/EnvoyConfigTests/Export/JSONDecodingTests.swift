import EnvoyExport
import Foundation
import Testing

@Suite("JSON decoding")
struct JSONDecodingTests {
    @Test(
        "Valid documents: Booleans stay Booleans, whole numbers integers, strings strings",
        arguments: [
            (
                "[true, false, 1, 0, -0, 1.0, 1e3, 0.5, -1.5e-3, null]",
                [true, false, 1, 0, 0, 1, 1000, 0.5, -0.0015, .null]
            ),
            (#"["true", "1", "null", ""]"#, ["true", "1", "null", ""]),
            (#""\u00e9\ud83d\ude00\n\/\"\\\u0000""#, "é😀\n/\"\\\u{00}"),
            ("9223372036854775807", .integer(Int64.max)),
            ("-9223372036854775808", .integer(Int64.min)),
            ("9223372036854775808", .number(9_223_372_036_854_775_808)),
            (" {\"b\": [], \"a\": {}} ", ["a": [:], "b": []]),
        ] as [(String, JSONValue)]
    )
    func valid(text: String, value: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == value)
    }

    @Test("Objects come back with their members sorted, at every level")
    func sortedMembers() throws {
        let value = try JSONValue(parsing: #"{"name": "c", "@type": "t", "z": {"y": 1, "b": [{"q": 0, "p": 0}]}}"#)
        #expect(value.objectValue?.keys == ["@type", "name", "z"])
        #expect(value["z"]?.objectValue?.keys == ["b", "y"])
        #expect(value["z"]?["b"]?[0]?.objectValue?.keys == ["p", "q"])
    }

    @Test(
        "Invalid documents are rejected with a reason",
        arguments: [
            "", " ", "{", "[", "[1,", #"{"a":"#, #"{"a" 1}"#, "[1 2]", "[01]", "[1.]", "[-]", "[1e]", "[1e999]",
            #"["\x"]"#, #"["\ud800"]"#, "[\"\u{01}\"]", "[\"\n\"]", "tru", "nul", "[1] 2", "NaN", "[Infinity]", "'a'",
            #"{a: 1}"#, #"["unterminated]"#,
        ]
    )
    func invalid(text: String) {
        do {
            let value = try JSONValue(parsing: text)
            Issue.record("parsed as \(value)")
        } catch let error as JSONValue.ParseError {
            #expect(error.path == nil)
            #expect(error.description.hasPrefix("invalid JSON: "))
            // Foundation's decoder says only that; the reason must say more.
            #expect(!error.reason.isEmpty && !error.reason.contains("The given data was not valid JSON"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("Bytes that are not UTF-8 are rejected")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x5B, 0x22, 0xC3, 0x22, 0x5D], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(throws: JSONValue.ParseError.self, "\(bytes)") { try JSONValue(parsing: Data(bytes)) }
        }
    }

    /// A value inside `depth` objects.
    private static func nested(_ depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    }

    @Test("A value inside up to maximumDepth containers is read; one level more is rejected, not a stack overflow")
    func depth() throws {
        let limit = JSONValue.maximumDepth
        #expect(try JSONValue(parsing: Self.nested(limit)) == Self.nestedValue(limit))
        #expect(
            try JSONValue(parsing: String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
                != .null
        )
        #expect {
            try JSONValue(parsing: Self.nested(limit + 1))
        } throws: { error in
            (error as? JSONValue.ParseError)?.reason.contains("nested deeper than \(limit)") == true
        }
        let deep = String(repeating: "[", count: limit + 2) + String(repeating: "]", count: limit + 2)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: deep) }
        for text in [String(repeating: "[", count: 100_000), Self.nested(100_000)] {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: text) }
        }
    }

    @Test("Decoding at the depth limit fits a 512 KiB stack (a secondary thread's on macOS)")
    func depthOnASmallStack() {
        let text = Self.nested(JSONValue.maximumDepth)
        let outcome = Outcome()
        let thread = Thread {
            outcome.value = try? JSONValue(parsing: text)
            outcome.done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        outcome.done.wait()
        #expect(outcome.value == Self.nestedValue(JSONValue.maximumDepth))
    }

    /// The thread's result: written before `done` is signalled, read after the wait.
    private final class Outcome: @unchecked Sendable {
        var value: JSONValue?
        let done = DispatchSemaphore(value: 0)
    }

    /// The value of ``nested(_:)``.
    private static func nestedValue(_ depth: Int) -> JSONValue {
        (0..<depth).reduce(1) { inner, _ in ["a": inner] }
    }

    @Test("Invariant: what is rendered, pretty or not, is valid JSON that reads back as the same value")
    func roundTrip() throws {
        var random = SplitMix64(seed: 19)
        for _ in 0..<500 {
            let value = RandomJSON.value(&random)
            #expect(try JSONValue(parsing: value.rendered()) == value.sortingKeys)
            #expect(try JSONValue(parsing: value.rendered(pretty: false)) == value.sortingKeys)
        }
    }

    @Test("Fuzz: mutated and truncated documents, UTF-8 or not, throw a ParseError and never trap")
    func mutations() {
        var random = SplitMix64(seed: 7)
        let bytesToInsert = Array("{}[]\",:\\u0123456789.eE+-tfnal \n".utf8) + [0x00, 0x80, 0xC3, 0xFF]
        for _ in 0..<2_000 {
            var bytes = Array(RandomJSON.value(&random).rendered(pretty: false).utf8)
            for _ in 0...Int(random.next() % 4) where !bytes.isEmpty {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[position] = bytesToInsert[Int(random.next() % UInt64(bytesToInsert.count))]
                case 1: bytes.remove(at: position)
                default: bytes.removeSubrange(position...)
                }
            }
            do {
                _ = try JSONValue(parsing: Data(bytes))
            } catch is JSONValue.ParseError {
            } catch {
                Issue.record("unexpected error \(error) for \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test("A file that cannot be read, or is not JSON, is named in the error")
    func files() throws {
        let workspace = try Workspace("json-files")
        let missing = workspace.path("missing.json")
        #expect {
            try JSONValue(contentsOfFile: missing)
        } throws: { error in
            let error = error as? JSONValue.ParseError
            return error?.path == missing
                && error?.description.hasPrefix("\(missing): invalid JSON: cannot read") == true
        }
        let broken = try workspace.write("broken.json", text: #"{"resources": [1, 2"#)
        #expect {
            try JSONValue(contentsOfFile: broken)
        } throws: { error in
            (error as? JSONValue.ParseError)?.description.hasPrefix("\(broken): invalid JSON: ") == true
        }
        let good = try workspace.write("good.json", ["b": [1, true], "a": "x"])
        #expect(try JSONValue(contentsOfFile: good) == ["a": "x", "b": [1, true]])
        workspace.remove()
    }
}
