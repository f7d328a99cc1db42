import EnvoyExport
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test(
        "Rendering on one line",
        arguments: [
            (JSONValue.null, "null"),
            (true, "true"),
            (-42, "-42"),
            (0.25, "0.25"),
            (20.0, "20"),
            (.number(.infinity), "null"),
            (.number(-.infinity), "null"),
            (.number(.nan), "null"),
            ([.number(.nan), ["x": .number(.infinity)]], #"[null,{"x":null}]"#),
            (1e-7, "1e-07"),
            (1e300, "1e+300"),
            ("a \"b\" \\ c\n\t\u{01}", #""a \"b\" \\ c\n\t\u0001""#),
            ("\r\u{00}\u{08}\u{0C}\u{1F}", #""\r\u0000\u0008\u000c\u001f""#),
            ("/ \u{7F} \u{2028}\u{2029} 😀", "\"/ \u{7F} \u{2028}\u{2029} 😀\""),
            ("région", "\"région\""),
            ([], "[]"),
            ([:], "{}"),
            (["z": 1, "a": [true, "x"]], #"{"z":1,"a":[true,"x"]}"#),
        ] as [(JSONValue, String)]
    )
    func compact(value: JSONValue, text: String) {
        #expect(value.rendered(pretty: false) == text)
    }

    @Test(
        "Numbers with a fraction or beyond Int64 render as JSON numbers that read back exactly",
        arguments: [
            0.1, -2.5, 1e-7, -2.5e-300, .leastNonzeroMagnitude, 1e300, .greatestFiniteMagnitude, 123_456_789.125,
        ]
    )
    func doubles(value: Double) throws {
        #expect(try JSONValue(parsing: JSONValue.number(value).rendered()) == .number(value))
    }

    @Test("Every control character is escaped (RFC 8259 §7) and reads back as itself", arguments: 0..<0x20)
    func controlCharacters(code: Int) throws {
        let text = String(Character(Unicode.Scalar(UInt8(code))))
        let rendered = JSONValue.string(text).rendered()
        #expect(rendered.unicodeScalars.allSatisfy { $0.value >= 0x20 }, "\(rendered.debugDescription)")
        #expect(rendered.hasPrefix("\"\\"))
        #expect(try JSONValue(parsing: rendered) == .string(text))
    }

    @Test("Pretty rendering indents by two spaces and keeps insertion order")
    func pretty() {
        let value: JSONValue = ["name": "edge", "ports": [80, 443], "empty": [:]]
        #expect(
            value.rendered() == """
                {
                  "name": "edge",
                  "ports": [
                    80,
                    443
                  ],
                  "empty": {}
                }
                """
        )
    }

    @Test("Setting a key keeps its first position; setting nil removes it")
    func objectOrder() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["a"] = 10
        object["b"] = nil
        object["d"] = 4
        #expect(object.keys == ["a", "c", "d"])
        #expect(JSONValue.object(object).rendered(pretty: false) == #"{"a":10,"c":3,"d":4}"#)
    }

    @Test("Subscripts and accessors")
    func accessors() {
        let value: JSONValue = ["list": [["n": 7]], "s": "x", "f": 1.5, "b": false]
        #expect(value["list"]?[0]?["n"]?.integerValue == 7)
        #expect(value["list"]?[1] == nil)
        #expect(value["missing"] == nil)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["f"]?.doubleValue == 1.5)
        #expect(value["f"]?.integerValue == nil)
        #expect(value["b"]?.boolValue == false)
        #expect(value["s"]?[0] == nil)
        #expect(JSONValue.int(UInt64.max) == .integer(Int64.max))
    }
}
