extension RouteTable {
    /// Finds the server, rule and plan for a request, or `nil` when no route matches — answer that with
    /// ``LocalResponse/noRoute`` (`404`, flag `NR`).
    ///
    /// The host is the authority without its port and without a trailing dot, compared without regard
    /// to ASCII case. An exact hostname wins over wildcards, and a longer wildcard over a shorter one
    /// (`*.tse.tetratelabs.io` before `*.tetratelabs.io`); a wildcard needs at least one more label than
    /// its suffix. With a `listenerPort`, only servers on that port are considered; without one, the
    /// first server in configuration order for the host is used. Once a server is chosen, its first
    /// rule that matches the path and headers wins; if none matches there is no route (other servers
    /// are not tried, as in Envoy's virtual hosts).
    ///
    /// The lookup reads only immutable state, so any number of threads may call it at once. It creates
    /// no strings and allocates nothing: the host is hashed and compared in place from the authority's
    /// UTF-8 bytes, and header values are read through `headers`.
    ///
    /// - Parameters:
    ///   - authority: The `Host` header or `:authority`, for example `BookInfo.example.com:8080`.
    ///   - path: The request path with its query string.
    ///   - headers: Returns a header's value by its lower-cased name, or `nil` when it is absent; several
    ///     values should be joined with `,`. Called only for headers that a rule matches on.
    ///   - listenerPort: The port the request arrived on, if the proxy listens on several.
    /// - Returns: The match, or `nil` for no route.
    /// - Complexity: O(*h* × *l*) for a host of *h* bytes and *l* labels, plus the rules' conditions.
    public func lookup(
        authority: Substring,
        path: Substring,
        headers: (String) -> Substring?,
        listenerPort: Int? = nil
    ) -> RouteMatch? {
        guard
            let (serverIndex, ruleIndex) = self.lookupIndices(
                authority: authority,
                path: path,
                headers: headers,
                listenerPort: listenerPort
            )
        else { return nil }
        let server = self.servers[serverIndex]
        return RouteMatch(
            serverIndex: serverIndex,
            server: server,
            ruleIndex: ruleIndex,
            plan: server.rules[ruleIndex].plan
        )
    }

    /// The indices of the matching server and rule: the lookup itself, which copies nothing out of the
    /// table (so concurrent requests never touch a shared reference count).
    @inline(__always)
    func lookupIndices(
        authority: some StringProtocol,
        path: some StringProtocol,
        headers: (String) -> Substring?,
        listenerPort: Int?
    ) -> (server: Int, rule: Int)? {
        self.lookupIndices(
            authority: Substring(authority),
            path: Substring(path),
            headers: headers,
            listenerPort: listenerPort
        )
    }

    /// The same lookup for the request path's `String`s: a native string's bytes are read in place,
    /// and the path becomes a `Substring` only if a rule has conditions to match.
    @inline(__always)
    func lookupIndices(
        authority: String,
        path: String,
        headers: (String) -> Substring?,
        listenerPort: Int?
    ) -> (server: Int, rule: Int)? {
        if let result = authority.utf8.withContiguousStorageIfAvailable({ bytes in
            self.lookupIndices(hostBytes: bytes, path: path, headers: headers, listenerPort: listenerPort)
        }) {
            return result
        }
        var authority = authority
        return authority.withUTF8 { bytes in
            self.lookupIndices(hostBytes: bytes, path: path, headers: headers, listenerPort: listenerPort)
        }
    }

    @inline(__always)
    func lookupIndices(
        authority: Substring,
        path: Substring,
        headers: (String) -> Substring?,
        listenerPort: Int?
    ) -> (server: Int, rule: Int)? {
        var authority = authority
        return authority.withUTF8 { bytes in
            self.lookupIndices(hostBytes: bytes, path: path, headers: headers, listenerPort: listenerPort)
        }
    }

    /// The lookup over the authority's UTF-8 bytes.
    @inline(__always)
    private func lookupIndices(
        hostBytes bytes: UnsafeBufferPointer<UInt8>,
        path: some StringProtocol,
        headers: (String) -> Substring?,
        listenerPort: Int?
    ) -> (server: Int, rule: Int)? {
        guard let (start, end) = Self.hostRange(bytes) else { return nil }
        if let candidates = self.exactHosts.candidates(for: bytes, from: start, to: end),
            let serverIndex = self.firstServer(candidates, in: self.exactHosts, listenerPort: listenerPort)
        {
            return self.matchRule(serverIndex, path: path, headers: headers)
        }
        // Longest wildcard first: the suffix after the first dot is the longest. The wildcard
        // must stand for at least one byte, so a leading dot is not a label boundary.
        var index = start + 1
        while index < end {
            if bytes[index] == UInt8(ascii: "."), index + 1 < end,
                let candidates = self.wildcardHosts.candidates(for: bytes, from: index + 1, to: end),
                let serverIndex = self.firstServer(candidates, in: self.wildcardHosts, listenerPort: listenerPort)
            {
                return self.matchRule(serverIndex, path: path, headers: headers)
            }
            index += 1
        }
        return nil
    }

    /// Finds the server, rule and plan for a request whose headers are in a dictionary keyed by
    /// lower-cased name; see ``lookup(authority:path:headers:listenerPort:)-(Substring,_,_,_)``.
    ///
    /// - Parameters:
    ///   - authority: The `Host` header or `:authority`.
    ///   - path: The request path with its query string.
    ///   - headers: Header values by lower-cased name.
    ///   - listenerPort: The port the request arrived on, if the proxy listens on several.
    /// - Returns: The match, or `nil` for no route.
    public func lookup(
        authority: String,
        path: String,
        headers: [String: String] = [:],
        listenerPort: Int? = nil
    ) -> RouteMatch? {
        self.lookup(
            authority: authority[...],
            path: path[...],
            headers: { headers[$0].map { $0[...] } },
            listenerPort: listenerPort
        )
    }

    @inline(__always)
    private func firstServer(_ candidates: Range<Int>, in index: HostIndex, listenerPort: Int?) -> Int? {
        guard let listenerPort else { return candidates.isEmpty ? nil : index.candidate(candidates.lowerBound) }
        for position in candidates where self.servers[index.candidate(position)].port == listenerPort {
            return index.candidate(position)
        }
        return nil
    }

    @inline(__always)
    private func matchRule(
        _ serverIndex: Int,
        path: some StringProtocol,
        headers: (String) -> Substring?
    ) -> (server: Int, rule: Int)? {
        let rules = self.servers[serverIndex].rules
        // The common case, one rule without conditions, needs no matching at all.
        if rules.count == 1 && rules[0].match.isEmpty { return (serverIndex, 0) }
        let path = Substring(path)
        for index in rules.indices where rules[index].matches(path: path, header: headers) {
            return (serverIndex, index)
        }
        return nil
    }

    /// The bytes of the host: without the port, without one trailing dot; IPv6 literals keep their
    /// brackets. `nil` when nothing remains.
    static func hostRange(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var end = bytes.count
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            end = close + 1
        } else {
            // A port is a last colon followed only by digits: skip the trailing digits and look for
            // it (one backward pass instead of a search for the last colon and a check after it).
            var index = bytes.count - 1
            while index >= 0 && bytes[index] &- UInt8(ascii: "0") <= 9 {
                index -= 1
            }
            if index >= 0 && bytes[index] == UInt8(ascii: ":") {
                end = index
            }
        }
        if end > 0 && bytes[end - 1] == UInt8(ascii: ".") {
            end -= 1
        }
        return end > 0 ? (0, end) : nil
    }
}
