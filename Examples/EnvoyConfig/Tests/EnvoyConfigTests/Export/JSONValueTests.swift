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
            ("a \"b\" \\ c\n\t\u{01}", #""a \"b\" \\ c\n\t\u0001""#),
            ("région", "\"région\""),
            ([], "[]"),
            ([:], "{}"),
            (["z": 1, "a": [true, "x"]], #"{"z":1,"a":[true,"x"]}"#),
        ] as [(JSONValue, String)]
    )
    func compact(value: JSONValue, text: String) {
        #expect(value.rendered(pretty: false) == text)
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
