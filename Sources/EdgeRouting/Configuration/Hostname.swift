/// A validated, normalised DNS hostname, optionally a leading-label wildcard (`*.example.com`).
///
/// Hostnames are the join key between the edge and the workload clusters: an edge server's hostname
/// selects the workload Gateway resources that serve it. Validation follows RFC 1123: labels of 1–63
/// letters, digits and hyphens that neither start nor end with a hyphen, at most 253 characters in
/// all. Normalisation lower-cases the name and removes one trailing dot, so `BookInfo.Example.COM.`
/// and `bookinfo.example.com` are the same hostname.
///
/// A wildcard matches any name that ends with its suffix and has at least one more label:
/// `*.example.com` matches `a.example.com` and `a.b.example.com`, but not `example.com`.
///
/// ```swift
/// let host = try Hostname("*.tetratelabs.io")
/// host.matches(try Hostname("bookinfo.tse.tetratelabs.io"))  // true
/// ```
public struct Hostname: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The normalised text, for example `bookinfo.tse.tetratelabs.io` or `*.tetratelabs.io`.
    public let value: String

    /// Whether this is a wildcard (`*.` followed by a name).
    public var isWildcard: Bool {
        self.value.utf8.first == UInt8(ascii: "*")
    }

    /// The name a wildcard applies under (`example.com` for `*.example.com`); the whole name otherwise.
    public var suffix: Substring {
        self.isWildcard ? self.value.dropFirst(2) : self.value[...]
    }

    /// Validates and normalises a hostname.
    ///
    /// - Parameter text: A hostname such as `bookinfo.example.com` or `*.example.com`; upper case and
    ///   one trailing dot are accepted and normalised away.
    /// - Throws: ``ConfigurationError`` (code `invalidValue`, empty path) saying what is wrong.
    public init(_ text: String) throws {
        if let problem = Self.problem(with: text) {
            throw ConfigurationError.invalid("", "invalid hostname \"\(text)\": \(problem)")
        }
        var normalised = text.lowercased()
        if normalised.hasSuffix(".") {
            normalised.removeLast()
        }
        self.value = normalised
    }

    private init(normalised: String) {
        self.value = normalised
    }

    /// Whether this hostname serves `host`: equal names, or a wildcard whose suffix `host` extends by at
    /// least one label. A wildcard `host` is matched only by an equal wildcard or a shorter wildcard
    /// that covers it.
    ///
    /// - Parameter host: The hostname to test.
    public func matches(_ host: Hostname) -> Bool {
        if self == host { return true }
        guard self.isWildcard else { return false }
        let suffix = self.suffix
        let candidate = host.isWildcard ? host.suffix : host.value[...]
        // `candidate` must be `<one or more labels>.<suffix>`.
        guard candidate.utf8.count > suffix.utf8.count + 1, candidate.hasSuffix(suffix) else { return false }
        return candidate.utf8.dropLast(suffix.utf8.count).last == UInt8(ascii: ".")
    }

    /// The host part of an HTTP authority (`Host` header or `:authority`), normalised for matching:
    /// lower case, without the port and without a trailing dot. IPv6 literals keep their brackets.
    ///
    /// Returns `nil` when nothing that could be a host remains (an empty authority, or one that is only
    /// a port). The result is not validated as a hostname: an unknown or malformed host simply matches
    /// no route.
    ///
    /// - Parameter authority: For example `BookInfo.example.com:8080` or `[::1]:443`.
    public static func normalizedHost(fromAuthority authority: String) -> String? {
        var host = Substring(authority)
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return nil }
            host = host[...close]
        } else if let colon = host.lastIndex(of: ":"),
            host[host.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber })
        {
            host = host[..<colon]
        }
        if host.hasSuffix(".") {
            host = host.dropLast()
        }
        if host.isEmpty { return nil }
        return host.lowercased()
    }

    /// The normalised text.
    public var description: String {
        self.value
    }

    /// Orders hostnames by their normalised text.
    public static func < (lhs: Hostname, rhs: Hostname) -> Bool {
        lhs.value < rhs.value
    }

    /// What is wrong with `text` as a hostname, or `nil` when it is valid.
    static func problem(with text: String) -> String? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return "it is empty" }
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        if bytes.isEmpty { return "it has no labels" }
        if bytes.count > 253 { return "it is longer than 253 characters" }
        var labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.first.map(Array.init) == [UInt8(ascii: "*")] {
            labels.removeFirst()
            if labels.isEmpty { return "a wildcard needs a name after \"*.\"" }
        }
        for label in labels {
            if label.isEmpty { return "it has an empty label" }
            if label.count > 63 {
                return "the label \"\(String(decoding: label, as: UTF8.self))\" is longer than 63 characters"
            }
            if label.contains(UInt8(ascii: "*")) {
                return "\"*\" is only allowed as the whole first label (\"*.example.com\")"
            }
            if let bad = label.first(where: { !Self.isLabelByte($0) }) {
                if bad >= 0x80 {
                    return "it contains non-ASCII characters; write internationalised names in punycode (xn--)"
                }
                return
                    "the character \"\(Character(Unicode.Scalar(bad)))\" is not allowed (letters, digits and \"-\" only)"
            }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return "the label \"\(String(decoding: label, as: UTF8.self))\" starts or ends with \"-\""
            }
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

extension Hostname: Codable {
    /// Decodes a hostname from a string, naming the field when it is invalid.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try decoder.validating { try Hostname(text) }
    }

    /// Encodes the normalised text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.value)
    }
}
