/// Rate-limited back-off: honouring an upstream's `Retry-After` or `X-RateLimit-Reset` header.
///
/// When the policy configures ``RetryPolicy/rateLimitedBackoff`` and a retriable response carries one
/// of its reset headers, the retry waits for the interval the upstream asked for, with jitter on top,
/// instead of the exponential back-off. This follows Envoy's `rate_limited_retry_back_off`
/// (`RetryStateImpl::parseResetInterval` and `JitteredLowerBoundBackOffStrategy`):
///
/// 1. The configured headers are tried in order; the first whose value parses to an interval *I* no
///    longer than ``RetryPolicy/RateLimitedBackoff/maxInterval`` is used. A value that is longer is
///    discarded, and the next header is tried (Envoy does not clamp it).
/// 2. If *I* is more than 1 ms the retry waits uniformly in `[I, 1.5 × I)`:
///    `I + (draw mod ⌊I / 2⌋)` in milliseconds. The jitter may take the wait past the maximum.
/// 3. Otherwise (no header, unparsable, too long, or zero) the exponential back-off applies.
///
/// Only retries decided from a response (an HTTP status) use reset headers, as in Envoy.
///
/// ```swift
/// RetryAfter.interval(parsing: "120", format: .seconds, now: nil)                    // 120 s
/// RetryAfter.interval(parsing: "Sun, 06 Nov 1994 08:51:37 GMT", format: .httpDate,
///                     now: 784_111_777)                                              // 120 s
/// ```
public enum RetryAfter {
    /// The interval a reset-header value asks for, or `nil` when the value does not parse or lies in
    /// the past.
    ///
    /// - `seconds`: delta-seconds (`1*DIGIT`), the interval itself.
    /// - `unix-timestamp`: seconds since 1970 (`1*DIGIT`); the interval from `now` to it, `nil` if it
    ///   is earlier than `now`.
    /// - `http-date`: an HTTP date in any of the three forms of RFC 9110 (IMF-fixdate, RFC 850,
    ///   asctime); like a timestamp, the interval from `now`, `nil` if earlier. Not an Envoy format.
    ///
    /// Spaces and tabs around the value are ignored; anything else that is not part of the format
    /// (a sign, a fraction) makes the value invalid. Intervals are whole seconds and saturate instead
    /// of overflowing. Never allocates for native strings.
    ///
    /// - Parameters:
    ///   - value: The header's value (the first one, if the header is repeated).
    ///   - format: How the value is written.
    ///   - now: The current wall-clock time in seconds since 1970; required by `unix-timestamp` and
    ///     `http-date`, which yield `nil` without it.
    public static func interval(
        parsing value: String,
        format: RetryPolicy.ResetHeader.Format,
        now: Int64?
    ) -> Duration? {
        var text = value
        if let result = text.utf8.withContiguousStorageIfAvailable({ self.interval($0, format: format, now: now) }) {
            return result
        }
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { self.interval($0, format: format, now: now) } ?? nil
    }

    /// Envoy's jittered lower bound: a wait drawn uniformly in `[interval, 1.5 × interval)`, in whole
    /// milliseconds (`I + draw mod ⌊I / 2⌋`). Intervals under 2 ms are returned unchanged without a draw.
    ///
    /// - Parameters:
    ///   - interval: The interval the upstream asked for.
    ///   - random: The source of jitter.
    public static func jitteredDelay(
        forInterval interval: Duration,
        random: inout some RandomNumberGenerator
    ) -> Duration {
        let minimum = BackoffMath.milliseconds(interval)
        guard minimum >= 2 else { return BackoffMath.duration(milliseconds: minimum) }
        let jitter = BackoffMath.draw(below: minimum >> 1, random: &random)
        return BackoffMath.duration(milliseconds: minimum + jitter)
    }

    private static func interval(
        _ raw: UnsafeBufferPointer<UInt8>,
        format: RetryPolicy.ResetHeader.Format,
        now: Int64?
    ) -> Duration? {
        let bytes = self.trimmed(raw)
        if format == .seconds {
            return self.number(bytes).map(self.seconds)
        }
        guard let now else { return nil }
        let target: Int64
        if format == .unixTimestamp {
            guard let value = self.number(bytes) else { return nil }
            target = Int64(clamping: value)
        } else {
            guard let date = HTTPDate.parse(bytes, now: now) else { return nil }
            target = date
        }
        guard target >= now else { return nil }
        let (difference, overflow) = target.subtractingReportingOverflow(now)
        return self.seconds(overflow ? UInt64(Int64.max) : UInt64(difference))
    }

    private static func seconds(_ value: UInt64) -> Duration {
        // Saturates at Int64.max milliseconds (about 292 million years).
        let (milliseconds, overflow) = value.multipliedReportingOverflow(by: 1000)
        return .milliseconds(overflow ? Int64.max : Int64(clamping: milliseconds))
    }

    /// `1*DIGIT` as a number, saturating at `UInt64.max`; `nil` for anything else.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            value = overflow1 || overflow2 ? .max : sum
        }
        return value
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
            start += 1
        }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
