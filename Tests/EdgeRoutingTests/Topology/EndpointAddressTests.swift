import Testing

@testable import EdgeRouting

@Suite struct EndpointAddressTests {
    @Test(arguments: [
        ("10.0.0.1:443", "10.0.0.1", 443, "10.0.0.1:443"),
        ("0.0.0.0:1", "0.0.0.0", 1, "0.0.0.0:1"),
        ("255.255.255.255:65535", "255.255.255.255", 65535, "255.255.255.255:65535"),
        ("[::1]:8443", "::1", 8443, "[::1]:8443"),
        ("[2001:DB8::1]:443", "2001:db8::1", 443, "[2001:db8::1]:443"),
        ("[2001:db8:0:0:0:0:0:1]:443", "2001:db8::1", 443, "[2001:db8::1]:443"),
        ("[2001:0db8:0000:0001:0000:0000:0000:0001]:1", "2001:db8:0:1::1", 1, "[2001:db8:0:1::1]:1"),
        ("[2001:db8:0:1:1:1:1:1]:1", "2001:db8:0:1:1:1:1:1", 1, "[2001:db8:0:1:1:1:1:1]:1"),
        ("[1:0:0:2:0:0:0:3]:1", "1:0:0:2::3", 1, "[1:0:0:2::3]:1"),
        ("[1:0:0:2:0:0:3:4]:1", "1::2:0:0:3:4", 1, "[1::2:0:0:3:4]:1"),
        ("[::]:80", "::", 80, "[::]:80"),
        ("[::ffff:10.0.0.1]:80", "::ffff:a00:1", 80, "[::ffff:a00:1]:80"),
        ("Ingress-GW.Example.COM.:443", "ingress-gw.example.com", 443, "ingress-gw.example.com:443"),
        ("localhost:8080", "localhost", 8080, "localhost:8080"),
        ("gw.example.com:0443", "gw.example.com", 443, "gw.example.com:443"),
    ])
    func parses(text: String, host: String, port: Int, description: String) throws {
        let address = try EndpointAddress(text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == description)
        #expect(try EndpointAddress(description) == address)
    }

    @Test(arguments: [
        "", ":443", "10.0.0.1", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:99999999999999999999",
        "10.0.0.1:-1", "10.0.0.1:+1", "10.0.0.1:4 3", "10.0.0.256:1", "10.0.0:1", "10.0.0.1.2:1", "010.0.0.1:1",
        "1.2.3.4.:1", "::1:443", "[::1]", "[::1]443", "[::1:443", "[]:1", "[1::2::3]:1", "[1:2:3:4:5:6:7:8:9]:1",
        "[1:2:3:4:5:6:7]:1", "[12345::]:1", "[g::1]:1", "[fe80::1%eth0]:1", "[::10.0.0.256]:1",
        "[1:2:3:4:5:6:7::8]:1", "*.example.com:443", "bad_host:1", "-bad.example:1", "bücher.example:443",
    ])
    func rejects(text: String) {
        #expect(throws: ConfigurationError.self) { try EndpointAddress(text) }
    }

    @Test func hostAndPortInitialiser() throws {
        #expect(try EndpointAddress(host: "[2001:db8::1]", port: 443).description == "[2001:db8::1]:443")
        #expect(try EndpointAddress(host: "2001:DB8::1", port: 443).host == "2001:db8::1")
        #expect(try EndpointAddress(host: "10.0.0.1", port: 1).isIPv6 == false)
        #expect(throws: ConfigurationError.self) { try EndpointAddress(host: "10.0.0.1", port: 0) }
        #expect(throws: ConfigurationError.self) { try EndpointAddress(host: "", port: 1) }
    }

    @Test func ingressEndpointForms() throws {
        let json =
            #"{"clusters": [{"name": "c", "locality": {"region": "r"}, "ingressEndpoints":"#
            + #" ["10.0.0.1:443", {"address": "[::1]:8443", "weight": 3}, {"address": "10.0.0.2:443"}]}]}"#
        let endpoints = try #require(try Topology(json: json).clusters.first?.ingressEndpoints)
        #expect(endpoints.map(\.address.description) == ["10.0.0.1:443", "[::1]:8443", "10.0.0.2:443"])
        #expect(endpoints.map(\.weight) == [1, 3, 1])
        let encoded = try JSONConfiguration.encode(endpoints)
        #expect(encoded == #"["10.0.0.1:443",{"address":"[::1]:8443","weight":3},"10.0.0.2:443"]"#)
        #expect(endpoints.map(\.description) == ["10.0.0.1:443", "[::1]:8443 (weight 3)", "10.0.0.2:443"])
    }
}
