/// What happened to one request, from the router's point of view: the facts an access-log line needs.
///
/// The router hands one record to its observer when a request's final answer is decided (see
/// ``RoutingObserver/requestCompleted(_:)``); ``AccessLogFormatter`` renders it in the spirit of
/// Envoy's default format.
public struct AccessLogRecord: Sendable {
    /// When the request was routed.
    public var start: MonotonicTime
    /// How long the request took, from routing to its final answer (including retries and backoff).
    public var duration: Duration
    /// The request method, for example `GET`.
    public var method: String
    /// The request path, for example `/productpage`.
    public var path: String
    /// The protocol, for example `HTTP/1.1`.
    public var httpVersion: String
    /// The request's authority (host header).
    public var authority: String
    /// The status answered to the client.
    public var status: Int
    /// The response flags, `-` when there are none.
    public var flags: ResponseFlags
    /// How many attempts were sent upstream (0 for a local answer such as `404 NR`).
    public var attempts: Int
    /// The workload cluster of the last attempt, if any.
    public var cluster: String?
    /// The ingress endpoint (`host:port`) of the last attempt, if any.
    public var upstreamHost: String?

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - start: When the request was routed.
    ///   - duration: How long the request took.
    ///   - method: The request method.
    ///   - path: The request path.
    ///   - httpVersion: The protocol.
    ///   - authority: The request's authority.
    ///   - status: The status answered.
    ///   - flags: The response flags.
    ///   - attempts: Attempts sent upstream.
    ///   - cluster: The last attempt's cluster.
    ///   - upstreamHost: The last attempt's endpoint.
    public init(
        start: MonotonicTime,
        duration: Duration,
        method: String,
        path: String,
        httpVersion: String,
        authority: String,
        status: Int,
        flags: ResponseFlags,
        attempts: Int,
        cluster: String?,
        upstreamHost: String?
    ) {
        self.start = start
        self.duration = duration
        self.method = method
        self.path = path
        self.httpVersion = httpVersion
        self.authority = authority
        self.status = status
        self.flags = flags
        self.attempts = attempts
        self.cluster = cluster
        self.upstreamHost = upstreamHost
    }
}

/// Renders an ``AccessLogRecord`` as one line in the spirit of Envoy's default access-log format:
///
/// ```
/// [2026-11-27T00:48:36.123Z] "GET /productpage HTTP/1.1" 200 - 1 12 "bookinfo.tse.tetratelabs.io" "cluster-1" "10.0.1.5:443"
/// ```
///
/// The fields are: start time, `"METHOD PATH PROTOCOL"`, status, response flags, attempts, duration in
/// milliseconds, `"AUTHORITY"`, `"CLUSTER"` and `"UPSTREAM_HOST"` (`-` when absent). The start time is
/// wall-clock time when the formatter knows the wall-clock time of the router's origin, and otherwise
/// time since the origin (`+12.345s`), which is what a simulation in virtual time wants.
public struct AccessLogFormatter: Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z at ``MonotonicTime/origin``, if known.
    public var originUnixNanoseconds: Int64?

    /// Creates a formatter.
    ///
    /// - Parameter originUnixNanoseconds: The wall-clock time (nanoseconds since the Unix epoch) of the
    ///   router's origin, or `nil` to print start times relative to the origin.
    public init(originUnixNanoseconds: Int64? = nil) {
        self.originUnixNanoseconds = originUnixNanoseconds
    }

    /// Renders one line, without a trailing newline.
    ///
    /// - Parameter record: The record to render.
    public func format(_ record: AccessLogRecord) -> String {
        let milliseconds = record.duration.nanosecondsClamped / 1_000_000
        var line = "[\(self.startTime(record.start))] "
        line += "\"\(record.method) \(record.path) \(record.httpVersion)\" "
        line += "\(record.status) \(record.flags) \(record.attempts) \(milliseconds) "
        line += "\"\(record.authority)\" \"\(record.cluster ?? "-")\" \"\(record.upstreamHost ?? "-")\""
        return line
    }

    private func startTime(_ start: MonotonicTime) -> String {
        guard let origin = self.originUnixNanoseconds else {
            let milliseconds = start.nanoseconds / 1_000_000
            let seconds = milliseconds / 1000
            return "+\(seconds)." + Self.pad(Int(milliseconds % 1000), 3) + "s"
        }
        return Self.iso8601(unixNanoseconds: origin &+ start.nanoseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for a time in nanoseconds since the Unix epoch (UTC).
    static func iso8601(unixNanoseconds: Int64) -> String {
        let milliseconds = Self.floorDivide(unixNanoseconds, 1_000_000)
        let seconds = Self.floorDivide(milliseconds, 1000)
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        return "\(year)-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) + "T" + Self.pad(secondOfDay / 3600, 2) + ":"
            + Self.pad(secondOfDay / 60 % 60, 2) + ":" + Self.pad(secondOfDay % 60, 2) + "."
            + Self.pad(Int(milliseconds - seconds * 1000), 3) + "Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    private static func civil(fromDays days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = Self.floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
