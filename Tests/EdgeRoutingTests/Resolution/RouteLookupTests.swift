import Testing

@testable import EdgeRouting

/// Request-time lookup: host normalisation, exact before wildcard, longest wildcard, listener ports,
/// and rule matching by path and header.
@Suite struct RouteLookupTests {
    private static func table() throws -> RouteTable {
        let named = try ClusterDestination.named(["cluster-2"])
        let weighted = try ClusterDestination.weighted([("cluster-1", 90), ("cluster-2", 10)])
        let api = try HTTPMatchCondition(uri: .prefix("/api/"))
        let canary = try HTTPMatchCondition(headers: ["X-Canary": .exact("true")])
        let only = try HTTPMatchCondition(uri: .exact("/only"))
        let version = try HTTPMatchCondition(headers: ["X-Version": .prefix("v2")])
        let gateway = try Build.edgeGateway([
            Build.server(
                "exact",
                hostname: Build.bookinfo,
                rules: [
                    RoutingRule(match: [api], route: .clusters(named)),
                    RoutingRule(match: [canary], route: .clusters(weighted)),
                    RoutingRule(route: .clusters(.automatic)),
                ]
            ),
            Build.server(
                "wild-long",
                hostname: "*.tse.tetratelabs.io",
                rules: [RoutingRule(route: .clusters(.automatic))]
            ),
            Build.server(
                "wild-short",
                hostname: "*.tetratelabs.io",
                rules: [RoutingRule(route: .clusters(.automatic))]
            ),
            Build.server(
                "tls",
                hostname: Build.bookinfo,
                port: 443,
                rules: [RoutingRule(route: .clusters(.automatic))]
            ),
            Build.server(
                "secure",
                hostname: "secure.tetratelabs.io",
                port: 443,
                rules: [RoutingRule(route: .clusters(.automatic))]
            ),
            Build.server(
                "wild-443",
                hostname: "*.tetratelabs.io",
                port: 443,
                rules: [RoutingRule(route: .clusters(.automatic))]
            ),
            Build.server(
                "strict",
                hostname: "strict.tetratelabs.io",
                rules: [
                    RoutingRule(match: [only], route: .clusters(.automatic)),
                    RoutingRule(match: [version], route: .clusters(.automatic)),
                ]
            ),
        ])
        return try Build.table(gateway, Build.demoTopology())
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var authority: String
        var path = "/productpage"
        var headers: [String: String] = [:]
        var port: Int? = nil
        var server: String?
        var rule = 0
        var testDescription: String {
            "\(self.authority) \(self.path) \(self.headers) port \(self.port.map(String.init) ?? "-")"
        }
    }

    static let cases: [Case] = [
        Case(authority: "bookinfo.tse.tetratelabs.io", server: "exact", rule: 2),
        Case(authority: "BookInfo.TSE.tetratelabs.IO", server: "exact", rule: 2),
        Case(authority: "bookinfo.tse.tetratelabs.io:8080", server: "exact", rule: 2),
        Case(authority: "bookinfo.tse.tetratelabs.io.", server: "exact", rule: 2),
        Case(authority: "BOOKINFO.tse.tetratelabs.io.:80", server: "exact", rule: 2),
        Case(authority: "bookinfo.tse.tetratelabs.io:", server: "exact", rule: 2),
        Case(authority: "bookinfo.tse.tetratelabs.io", path: "/api/v1/ratings", server: "exact", rule: 0),
        Case(authority: "bookinfo.tse.tetratelabs.io", path: "/api", server: "exact", rule: 2),
        Case(authority: "bookinfo.tse.tetratelabs.io", headers: ["x-canary": "true"], server: "exact", rule: 1),
        Case(authority: "bookinfo.tse.tetratelabs.io", headers: ["x-canary": "false"], server: "exact", rule: 2),
        Case(
            authority: "bookinfo.tse.tetratelabs.io",
            path: "/api/x",
            headers: ["x-canary": "true"],
            server: "exact",
            rule: 0
        ),
        Case(authority: "reviews.tse.tetratelabs.io", server: "wild-long"),
        Case(authority: "a.b.tse.tetratelabs.io", server: "wild-long"),
        Case(authority: "Reviews.TSE.TetrateLabs.io:80", server: "wild-long"),
        Case(authority: "tse.tetratelabs.io", server: "wild-short"),
        Case(authority: "x.tetratelabs.io", server: "wild-short"),
        Case(authority: "tetratelabs.io", server: nil),
        Case(authority: ".tetratelabs.io", server: nil),
        Case(authority: ".tse.tetratelabs.io", server: "wild-short"),
        Case(authority: "a..tse.tetratelabs.io", server: "wild-long"),
        Case(authority: "example.com", server: nil),
        Case(authority: "bookinfo.tse.tetratelabs.io.evil.com", server: nil),
        Case(authority: "", server: nil),
        Case(authority: ":80", server: nil),
        Case(authority: ".", server: nil),
        Case(authority: "[::1]:80", server: nil),
        Case(authority: "bücher.tetratelabs.io", server: "wild-short"),
        // Listener ports.
        Case(authority: "bookinfo.tse.tetratelabs.io", port: 443, server: "tls"),
        Case(authority: "bookinfo.tse.tetratelabs.io:443", port: 80, server: "exact", rule: 2),
        Case(authority: "secure.tetratelabs.io", server: "secure"),
        Case(authority: "secure.tetratelabs.io", port: 443, server: "secure"),
        Case(authority: "secure.tetratelabs.io", port: 80, server: "wild-short"),
        Case(authority: "other.tetratelabs.io", port: 443, server: "wild-443"),
        Case(authority: "bookinfo.tse.tetratelabs.io", port: 8080, server: nil),
        // A chosen server whose rules do not match is no route; other servers are not tried.
        Case(authority: "strict.tetratelabs.io", path: "/only", server: "strict"),
        Case(authority: "strict.tetratelabs.io", path: "/only?x=1", server: "strict"),
        Case(authority: "strict.tetratelabs.io", path: "/other", server: nil),
        // Header prefixes.
        Case(
            authority: "strict.tetratelabs.io",
            path: "/other",
            headers: ["x-version": "v2"],
            server: "strict",
            rule: 1
        ),
        Case(
            authority: "strict.tetratelabs.io",
            path: "/other",
            headers: ["x-version": "v2-beta"],
            server: "strict",
            rule: 1
        ),
        Case(authority: "strict.tetratelabs.io", path: "/other", headers: ["x-version": "v1"], server: nil),
        Case(authority: "strict.tetratelabs.io", path: "/other", headers: ["x-version": "xv2"], server: nil),
        Case(authority: "strict.tetratelabs.io", path: "/only", headers: ["x-version": "v2"], server: "strict"),
    ]

    @Test(arguments: cases)
    func lookup(testCase: Case) throws {
        let table = try Self.table()
        let match = table.lookup(
            authority: testCase.authority,
            path: testCase.path,
            headers: testCase.headers,
            listenerPort: testCase.port
        )
        #expect(match?.server.name == testCase.server)
        if let match {
            #expect(match.ruleIndex == testCase.rule)
            #expect(match.plan == match.rule.plan)
            #expect(table.servers[match.serverIndex] == match.server)
        }
    }

    @Test func thePlansComeWithTheMatch() throws {
        let table = try Self.table()
        let api = try #require(table.lookup(authority: Build.bookinfo, path: "/api/v1"))
        #expect(api.plan.form == .named)
        #expect(api.plan.tierNames == [["cluster-2"]])
        let canary = try #require(table.lookup(authority: Build.bookinfo, path: "/", headers: ["x-canary": "true"]))
        #expect(canary.plan.weighted?.targets.map(\.weight) == [90, 10])
        let other = try #require(table.lookup(authority: Build.bookinfo, path: "/"))
        #expect(other.plan.tierNames == [["cluster-1"], ["cluster-2"]])
    }

    @Test func headersAreReadThroughTheClosureByLowerCasedName() throws {
        let table = try Self.table()
        var asked: [String] = []
        let match = table.lookup(
            authority: Build.bookinfo[...],
            path: "/productpage"[...],
            headers: { name in
                asked.append(name)
                return name == "x-canary" ? "true"[...] : nil
            }
        )
        #expect(match?.ruleIndex == 1)
        #expect(asked == ["x-canary"])
        // Hosts whose rules match no header never call it.
        asked = []
        _ = table.lookup(
            authority: "reviews.tse.tetratelabs.io"[...],
            path: "/"[...],
            headers: { name in
                asked.append(name)
                return nil
            }
        )
        #expect(asked.isEmpty)
    }

    @Test func concurrentLookupsAgree() async throws {
        let table = try Self.table()
        let authorities = ["bookinfo.tse.tetratelabs.io", "reviews.tse.tetratelabs.io", "x.tetratelabs.io", "nope.io"]
        let expected = authorities.map { table.lookup(authority: $0, path: "/")?.server.name }
        let results = await withTaskGroup(of: [String?].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var names: [String?] = []
                    for _ in 0..<200 {
                        for authority in authorities {
                            names.append(table.lookup(authority: authority, path: "/")?.server.name)
                        }
                    }
                    return names
                }
            }
            var all: [[String?]] = []
            for await names in group { all.append(names) }
            return all
        }
        #expect(results.count == 8)
        for names in results {
            #expect(names == Array((0..<200).map { _ in expected }.joined()))
        }
    }
}

@Suite struct HostIndexTests {
    private func find(_ index: HostIndex, _ text: String) -> [Int]? {
        var text = text
        return text.withUTF8 { index.servers(for: $0, from: 0, to: $0.count) }
    }

    @Test func findsEveryKeyWhateverItsCase() {
        let keys = (0..<1_000).map { "host-\($0).example.com" }
        let index = HostIndex(keys.enumerated().map { (Array($0.element.utf8), [$0.offset, $0.offset + 1]) })
        #expect(index.count == 1_000)
        for (offset, key) in keys.enumerated() {
            #expect(self.find(index, key) == [offset, offset + 1])
            #expect(self.find(index, key.uppercased()) == [offset, offset + 1])
        }
        for offset in 1_000..<1_100 {
            #expect(self.find(index, "host-\(offset).example.com") == nil)
        }
        #expect(self.find(index, "") == nil)
        #expect(self.find(index, "host-1.example.co") == nil)
    }

    /// Every slice of a longer buffer, at every offset and length, is found exactly when it is a key:
    /// the last, partial word of a slice is read differently near the buffer's start than elsewhere.
    @Test func findsSlicesOfALongerBufferAtEveryOffset() {
        let text = Array("Abc.Def-Ghij.Klmno.Pqrstu.Vwxyz".utf8)
        let keys = Set(
            (0..<text.count).flatMap { start in
                (start + 1...text.count).map { end in text[start..<end].map(HostIndex.lowercased) }
            }
        )
        let index = HostIndex(keys.enumerated().map { ($0.element, [$0.offset]) })
        let positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
        let other = HostIndex([(Array("abc.def-ghij.klmno".utf8), [0])])
        text.withUnsafeBufferPointer { bytes in
            for start in 0..<text.count {
                for end in start + 1...text.count {
                    let key = text[start..<end].map(HostIndex.lowercased)
                    #expect(index.servers(for: bytes, from: start, to: end) == positions[key].map { [$0] })
                    let expected: [Int]? = key == Array("abc.def-ghij.klmno".utf8) ? [0] : nil
                    #expect(other.servers(for: bytes, from: start, to: end) == expected)
                }
            }
        }
    }

    @Test func emptyIndexFindsNothing() {
        let index = HostIndex([])
        #expect(index.count == 0)
        #expect(self.find(index, "a") == nil)
    }

    @Test func onlyASCIILettersFoldCase() {
        let index = HostIndex([(Array("a-1.[z]".utf8), [7])])
        #expect(self.find(index, "A-1.[Z]") == [7])
        // `@` and `` ` `` sit next to `A` and `a`; they must not fold onto them.
        let neighbours = HostIndex([(Array("@".utf8), [1]), (Array("`".utf8), [2])])
        #expect(self.find(neighbours, "@") == [1])
        #expect(self.find(neighbours, "`") == [2])
        #expect(self.find(neighbours, "a") == nil)
    }
}
