extension RetryPolicy {
    /// Back-off driven by the upstream's reset headers: `rateLimitedBackoff` in a policy document, Envoy's
    /// `rate_limited_retry_back_off`.
    ///
    /// ```json
    /// {
    ///   "resetHeaders": [
    ///     { "name": "retry-after", "format": "seconds" },
    ///     { "name": "retry-after", "format": "http-date" },
    ///     { "name": "x-ratelimit-reset", "format": "unix-timestamp" }
    ///   ],
    ///   "maxInterval": "300s"
    /// }
    /// ```
    ///
    /// See ``RetryAfter`` for how a header's value becomes a delay.
    public struct RateLimitedBackoff: Hashable, Sendable {
        /// The headers to try, in order; the first usable one wins.
        public let resetHeaders: [ResetHeader]
        /// The longest interval a header may ask for; a longer one is discarded. 300 s by default.
        public let maxInterval: Duration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - resetHeaders: At least one header; no two with the same name and format.
        ///   - maxInterval: Above zero and at most 24 hours; 300 s by default, as Envoy.
        /// - Throws: ``ConfigurationError`` naming `resetHeaders`, `resetHeaders[1]` or `maxInterval`.
        public init(resetHeaders: [ResetHeader], maxInterval: Duration = .seconds(300)) throws {
            guard !resetHeaders.isEmpty else {
                throw ConfigurationError.invalid("resetHeaders", "must list at least one header")
            }
            for (index, header) in resetHeaders.enumerated() {
                if resetHeaders[..<index].contains(header) {
                    throw ConfigurationError(
                        code: .duplicateEntry,
                        path: "resetHeaders" + FieldPath.index(index),
                        message: "header '\(header.name)' with format '\(header.format)' is listed twice"
                    )
                }
            }
            try RetryPolicy.checkInterval(maxInterval, path: "maxInterval")
            self.resetHeaders = resetHeaders
            self.maxInterval = maxInterval
        }
    }

    /// A response header that says when to retry, and how its value is written.
    public struct ResetHeader: Hashable, Sendable {
        /// How a reset header's value is written.
        ///
        /// A struct over a private enum, so that formats can be added later without breaking callers.
        public struct Format: Hashable, Sendable, CustomStringConvertible {
            private enum Wrapped: Hashable, Sendable {
                case seconds
                case unixTimestamp
                case httpDate
            }

            private let wrapped: Wrapped

            private init(_ wrapped: Wrapped) {
                self.wrapped = wrapped
            }

            /// `seconds`: a number of seconds to wait (`Retry-After: 120`); Envoy's `SECONDS`.
            public static let seconds = Format(.seconds)
            /// `unix-timestamp`: the time to retry at, in seconds since 1970; Envoy's `UNIX_TIMESTAMP`.
            public static let unixTimestamp = Format(.unixTimestamp)
            /// `http-date`: the time to retry at as an HTTP date (`Retry-After: Sun, 06 Nov 1994 08:49:37 GMT`).
            /// An EdgeRouting addition; Envoy has no such format.
            public static let httpDate = Format(.httpDate)

            static let all: [Format] = [.seconds, .unixTimestamp, .httpDate]

            /// The format with the given configuration name, or `nil`.
            ///
            /// - Parameter name: `seconds`, `unix-timestamp` or `http-date`.
            public init?(name: String) {
                guard let format = Self.all.first(where: { $0.description == name }) else { return nil }
                self = format
            }

            /// The configuration name, for example `unix-timestamp`.
            public var description: String {
                switch self.wrapped {
                case .seconds: return "seconds"
                case .unixTimestamp: return "unix-timestamp"
                case .httpDate: return "http-date"
                }
            }
        }

        /// The header's name in lower case (names are matched case-insensitively).
        public let name: String
        /// How its value is written.
        public let format: Format

        /// Creates a reset header.
        ///
        /// - Parameters:
        ///   - name: An HTTP field name (an RFC 9110 token), for example `Retry-After`; kept in lower case.
        ///   - format: How the value is written; ``Format/seconds`` by default.
        /// - Throws: ``ConfigurationError`` naming `name` when it is not a valid field name.
        public init(name: String, format: Format = .seconds) throws {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw ConfigurationError.invalid("name", "'\(name)' is not a valid HTTP header name")
            }
            self.name = name.lowercased()
            self.format = format
        }

        private static func isTokenByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }
}
