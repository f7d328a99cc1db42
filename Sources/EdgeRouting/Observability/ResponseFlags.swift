/// Envoy's response flags: short codes that say why a request ended the way it did.
///
/// They appear in access-log lines (`UH`, `URX,UF`) exactly as Envoy prints `%RESPONSE_FLAGS%`: in
/// Envoy's fixed order, comma-joined, and `-` when there are none.
///
/// | flag | long name | meaning |
/// |---|---|---|
/// | `UH` | `NoHealthyUpstream` | no healthy upstream endpoint (503) |
/// | `UT` | `UpstreamRequestTimeout` | the upstream did not answer in time (504) |
/// | `LR` | `LocalReset` | the proxy reset the attempt |
/// | `UR` | `UpstreamRemoteReset` | the upstream reset the stream |
/// | `UF` | `UpstreamConnectionFailure` | no connection could be made |
/// | `UC` | `UpstreamConnectionTermination` | the upstream connection closed early |
/// | `UO` | `UpstreamOverflow` | a limit (here, the retry budget) stopped the request |
/// | `NR` | `NoRouteFound` | no route for the request's host (404) |
/// | `DC` | `DownstreamConnectionTermination` | the client went away |
/// | `URX` | `UpstreamRetryLimitExceeded` | the retry limit was reached |
/// | `UPE` | `UpstreamProtocolError` | the upstream broke the protocol |
/// | `NC` | `NoClusterFound` | the route's destination has no cluster |
public struct ResponseFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The flags as bits, in Envoy's printing order.
    public var rawValue: UInt32

    /// Creates a set from its bits.
    ///
    /// - Parameter rawValue: The bits; unknown bits are kept but never printed.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `UH`: no healthy upstream endpoint could take the request.
    public static let noHealthyUpstream = ResponseFlags(rawValue: 1 << 0)
    /// `UT`: the upstream did not answer within the per-try timeout.
    public static let upstreamRequestTimeout = ResponseFlags(rawValue: 1 << 1)
    /// `LR`: the proxy reset the attempt locally.
    public static let localReset = ResponseFlags(rawValue: 1 << 2)
    /// `UR`: the upstream reset the stream.
    public static let upstreamRemoteReset = ResponseFlags(rawValue: 1 << 3)
    /// `UF`: no connection to the upstream could be established.
    public static let upstreamConnectionFailure = ResponseFlags(rawValue: 1 << 4)
    /// `UC`: the upstream connection was terminated before a complete response.
    public static let upstreamConnectionTermination = ResponseFlags(rawValue: 1 << 5)
    /// `UO`: a limit stopped the request; in EdgeRouting, the retry budget.
    public static let upstreamOverflow = ResponseFlags(rawValue: 1 << 6)
    /// `NR`: no route matched the request.
    public static let noRouteFound = ResponseFlags(rawValue: 1 << 7)
    /// `DC`: the downstream (client) connection was terminated.
    public static let downstreamConnectionTermination = ResponseFlags(rawValue: 1 << 8)
    /// `URX`: the request was not retried again because the retry limit was reached.
    public static let upstreamRetryLimitExceeded = ResponseFlags(rawValue: 1 << 9)
    /// `UPE`: the upstream sent a response that broke the HTTP protocol.
    public static let upstreamProtocolError = ResponseFlags(rawValue: 1 << 10)
    /// `NC`: the route's destination resolved to no cluster at all.
    public static let noClusterFound = ResponseFlags(rawValue: 1 << 11)

    private static let names: [(flag: ResponseFlags, short: String, long: String)] = [
        (.noHealthyUpstream, "UH", "NoHealthyUpstream"),
        (.upstreamRequestTimeout, "UT", "UpstreamRequestTimeout"),
        (.localReset, "LR", "LocalReset"),
        (.upstreamRemoteReset, "UR", "UpstreamRemoteReset"),
        (.upstreamConnectionFailure, "UF", "UpstreamConnectionFailure"),
        (.upstreamConnectionTermination, "UC", "UpstreamConnectionTermination"),
        (.upstreamOverflow, "UO", "UpstreamOverflow"),
        (.noRouteFound, "NR", "NoRouteFound"),
        (.downstreamConnectionTermination, "DC", "DownstreamConnectionTermination"),
        (.upstreamRetryLimitExceeded, "URX", "UpstreamRetryLimitExceeded"),
        (.upstreamProtocolError, "UPE", "UpstreamProtocolError"),
        (.noClusterFound, "NC", "NoClusterFound"),
    ]

    /// The short codes in Envoy's order, for example `["URX", "UF"]` is printed as `UF,URX`.
    public var shortCodes: [String] {
        Self.names.filter { self.contains($0.flag) }.map(\.short)
    }

    /// The long names in Envoy's order, for example `["NoHealthyUpstream"]`.
    public var longNames: [String] {
        Self.names.filter { self.contains($0.flag) }.map(\.long)
    }

    /// The set as Envoy's `%RESPONSE_FLAGS%` prints it: short codes comma-joined, or `-` when empty.
    public var description: String {
        let codes = self.shortCodes
        return codes.isEmpty ? "-" : codes.joined(separator: ",")
    }

    /// The set as Envoy's `%RESPONSE_FLAGS_LONG%` prints it: long names comma-joined, or `-`.
    public var longDescription: String {
        let names = self.longNames
        return names.isEmpty ? "-" : names.joined(separator: ",")
    }

    /// Parses short codes or long names separated by commas (`UF,URX`); `-` or an empty string is
    /// the empty set. Returns `nil` if any part is unknown.
    ///
    /// - Parameter text: Flags as Envoy prints them.
    public init?(parsing text: String) {
        self = []
        if text.isEmpty || text == "-" { return }
        for part in text.split(separator: ",") {
            let name = part.trimmingSpaces
            guard let entry = Self.names.first(where: { $0.short == name || $0.long == name }) else {
                return nil
            }
            self.insert(entry.flag)
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
