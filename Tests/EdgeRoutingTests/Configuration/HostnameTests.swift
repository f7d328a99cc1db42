import Testing

@testable import EdgeRouting

@Suite struct HostnameTests {
    @Test(arguments: [
        ("bookinfo.tse.tetratelabs.io", "bookinfo.tse.tetratelabs.io"),
        ("BookInfo.TSE.tetratelabs.IO", "bookinfo.tse.tetratelabs.io"),
        ("bookinfo.tse.tetratelabs.io.", "bookinfo.tse.tetratelabs.io"),
        ("*.tetratelabs.io", "*.tetratelabs.io"),
        ("*.Example.COM.", "*.example.com"),
        ("localhost", "localhost"),
        ("a-b.c-d.e", "a-b.c-d.e"),
        ("10.0.0.1", "10.0.0.1"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ])
    func normalises(text: String, expected: String) throws {
        #expect(try Hostname(text).value == expected)
    }

    @Test(arguments: [
        "", ".", "..", "a..b", ".a", "-a.b", "a-.b", "a_b.c", "a b.c", "*", "*.", "**.a", "*a.b", "a.*.b", "a.*",
        "bücher.example", String(repeating: "a", count: 64) + ".com",
        Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."),
    ])
    func rejects(text: String) {
        #expect(throws: ConfigurationError.self) { try Hostname(text) }
    }

    @Test func lengthLimits() throws {
        let label = String(repeating: "a", count: 63)
        #expect(try Hostname(label + ".com").value.count == 67)
        let long = [label, label, label, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(long.count == 253)
        #expect(try Hostname(long).value == long)
        #expect(try Hostname(long + ".").value == long)
    }

    @Test(arguments: [
        ("bookinfo.example.com", "bookinfo.example.com", true),
        ("bookinfo.example.com", "BOOKINFO.example.com", true),
        ("bookinfo.example.com", "details.example.com", false),
        ("*.example.com", "bookinfo.example.com", true),
        ("*.example.com", "a.b.example.com", true),
        ("*.example.com", "example.com", false),
        ("*.example.com", "badexample.com", false),
        ("*.example.com", "bookinfo.example.org", false),
        ("*.example.com", "*.example.com", true),
        ("*.example.com", "*.a.example.com", true),
        ("*.a.example.com", "*.example.com", false),
        ("bookinfo.example.com", "*.example.com", false),
    ])
    func matching(pattern: String, host: String, expected: Bool) throws {
        #expect(try Hostname(pattern).matches(Hostname(host)) == expected)
    }

    @Test(arguments: [
        ("bookinfo.example.com", "bookinfo.example.com"),
        ("BookInfo.Example.com:8080", "bookinfo.example.com"),
        ("bookinfo.example.com.:80", "bookinfo.example.com"),
        ("bookinfo.example.com.", "bookinfo.example.com"),
        ("[::1]:443", "[::1]"),
        ("[2001:DB8::1]", "[2001:db8::1]"),
        ("10.0.0.1:80", "10.0.0.1"),
        ("host:", "host"),
    ])
    func normalisesAuthorities(authority: String, expected: String) {
        #expect(Hostname.normalizedHost(fromAuthority: authority) == expected)
    }

    @Test(arguments: ["", ":80", "[::1", "."])
    func rejectsEmptyAuthorities(authority: String) {
        #expect(Hostname.normalizedHost(fromAuthority: authority) == nil)
    }
}
