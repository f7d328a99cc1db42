/// The address of an ingress-gateway endpoint: a host and a port, written `host:port`.
///
/// The host is a DNS hostname (`ingressgw-1.bookinfo.example`), an IPv4 address (`10.0.0.1`) or an IPv6
/// address, which the text form writes in brackets (`[2001:db8::1]:8443`). Hosts are normalised so
/// that equal addresses compare equal: hostnames and IPv6 addresses are lower-cased, a hostname's
/// trailing dot is removed, and IPv6 addresses take their canonical RFC 5952 form (`[0:0::1]` becomes
/// `[::1]`). The port is 1…65535.
///
/// ```swift
/// let address = try EndpointAddress("[2001:DB8::1]:8443")
/// address.host         // "2001:db8::1"
/// address.description  // "[2001:db8::1]:8443"
/// ```
public struct EndpointAddress: Hashable, Sendable, CustomStringConvertible {
    /// The normalised host, without brackets for IPv6 (`10.0.0.1`, `2001:db8::1`, `gw.example.com`).
    public let host: String
    /// The port, 1…65535.
    public let port: Int

    /// Whether the host is an IPv6 address.
    public var isIPv6: Bool {
        self.host.utf8.contains(UInt8(ascii: ":"))
    }

    /// Creates an address from a host and a port.
    ///
    /// - Parameters:
    ///   - host: A hostname, an IPv4 address, or an IPv6 address with or without brackets.
    ///   - port: The port, 1…65535.
    /// - Throws: ``ConfigurationError`` (empty path) saying what is wrong.
    public init(host: String, port: Int) throws {
        var bare = Substring(host)
        if bare.first == "[" && bare.last == "]" && bare.count >= 2 {
            bare = bare.dropFirst().dropLast()
        }
        self.host = try Self.normalisedHost(bare, original: host)
        guard (1...65535).contains(port) else {
            throw ConfigurationError.invalid("", "the port must be a whole number in 1...65535, got \(port)")
        }
        self.port = port
    }

    /// Parses `host:port`, with IPv6 hosts in brackets (`[::1]:8443`).
    ///
    /// - Parameter text: The address, for example `10.0.0.1:443`.
    /// - Throws: ``ConfigurationError`` (empty path) saying what is wrong.
    public init(_ text: String) throws {
        let bytes = Substring(text)
        let hostPart: Substring
        let portPart: Substring
        if bytes.first == "[" {
            guard let close = bytes.firstIndex(of: "]") else {
                throw Self.error(text, "the IPv6 address has no closing \"]\"")
            }
            hostPart = bytes[bytes.index(after: bytes.startIndex)..<close]
            let rest = bytes[bytes.index(after: close)...]
            guard rest.first == ":" else {
                throw Self.error(text, "write \"[ipv6]:port\"; the port is missing after \"]\"")
            }
            portPart = rest.dropFirst()
        } else {
            guard let colon = bytes.lastIndex(of: ":") else {
                throw Self.error(text, "the port is missing; write \"host:port\"")
            }
            hostPart = bytes[..<colon]
            portPart = bytes[bytes.index(after: colon)...]
            if hostPart.contains(":") {
                throw Self.error(text, "an IPv6 address must be written in brackets, for example \"[::1]:443\"")
            }
        }
        guard !portPart.isEmpty, portPart.utf8.count <= 5,
            portPart.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = Int(portPart), (1...65535).contains(port)
        else {
            throw Self.error(text, "the port must be a whole number in 1...65535, got \"\(portPart)\"")
        }
        do {
            self.host = try Self.normalisedHost(hostPart, original: String(hostPart))
        } catch let error as ConfigurationError {
            throw Self.error(text, error.message)
        }
        self.port = port
    }

    /// `host:port`, with IPv6 hosts in brackets.
    public var description: String {
        self.isIPv6 ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }

    private static func error(_ text: String, _ problem: String) -> ConfigurationError {
        ConfigurationError.invalid("", "invalid endpoint address \"\(text)\": \(problem)")
    }

    private static func normalisedHost(_ host: Substring, original: String) throws -> String {
        if host.isEmpty {
            throw ConfigurationError.invalid("", "the host is empty")
        }
        if host.contains(":") {
            guard let groups = IPAddressText.parseIPv6(host) else {
                throw ConfigurationError.invalid("", "\"\(original)\" is not a valid IPv6 address")
            }
            return IPAddressText.renderIPv6(groups)
        }
        if host.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }) {
            guard IPAddressText.parseIPv4(host) != nil else {
                throw ConfigurationError.invalid(
                    "",
                    "\"\(original)\" is not a valid IPv4 address (four numbers 0...255 without leading zeros)"
                )
            }
            return String(host)
        }
        let text = String(host)
        if text.hasPrefix("*") {
            throw ConfigurationError.invalid("", "the host \"\(original)\" is a wildcard; an endpoint needs one host")
        }
        if let problem = Hostname.problem(with: text) {
            throw ConfigurationError.invalid("", "invalid host \"\(original)\": \(problem)")
        }
        var normalised = text.lowercased()
        if normalised.hasSuffix(".") {
            normalised.removeLast()
        }
        return normalised
    }
}

extension EndpointAddress: Codable {
    /// Decodes the text form `host:port`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try decoder.validating { try EndpointAddress(text) }
    }

    /// Encodes the text form `host:port`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

/// Strict parsing and canonical rendering of IP address literals.
enum IPAddressText {
    /// Four decimal numbers 0...255 separated by dots, without leading zeros.
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.count <= 3,
                part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                part.utf8.count == 1 || part.utf8.first != UInt8(ascii: "0"),
                let value = Int(part), value <= 255
            else { return nil }
            result.append(UInt8(value))
        }
        return result
    }

    /// Eight 16-bit groups from the RFC 4291 text forms: full, `::`-compressed, and with a trailing
    /// dotted IPv4 part. Zone identifiers (`%eth0`) are not accepted.
    static func parseIPv6(_ text: Substring) -> [UInt16]? {
        guard let compression = text.firstRange(of: "::") else {
            guard let groups = self.parseGroups(text, allowIPv4: true), groups.count == 8 else { return nil }
            return groups
        }
        let after = text[compression.upperBound...]
        guard after.firstRange(of: "::") == nil,
            let head = self.parseGroups(text[..<compression.lowerBound], allowIPv4: false),
            let tail = self.parseGroups(after, allowIPv4: true),
            head.count + tail.count <= 7
        else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    private static func parseGroups(_ text: Substring, allowIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if allowIPv4 && index == pieces.count - 1 && piece.contains(".") {
                guard let octets = self.parseIPv4(piece) else { return nil }
                groups.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                groups.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
                continue
            }
            guard !piece.isEmpty, piece.utf8.count <= 4, piece.utf8.allSatisfy({ $0.isHexDigit }),
                let value = UInt16(piece, radix: 16)
            else { return nil }
            groups.append(value)
        }
        return groups
    }

    /// RFC 5952: lower-case hexadecimal without leading zeros, the longest run of two or more zero
    /// groups (the first on a tie) replaced by `::`.
    static func renderIPv6(_ groups: [UInt16]) -> String {
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < groups.count {
            if groups[index] == 0 {
                var end = index
                while end < groups.count && groups[end] == 0 { end += 1 }
                if end - index > bestLength && end - index >= 2 {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 {
            return hex(0..<groups.count)
        }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<groups.count)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}
