/// The text form of durations in configuration documents, as Istio and Go write them: `30s`, `250ms`,
/// `1m30s`, `1.5s`. Units: `h`, `m`, `s`, `ms`, `us` (or `µs`), `ns`.
@_spi(TestSupport)
public enum DurationFormat {
    /// Parses a non-negative duration, or returns `nil` when the text is not one.
    public static func parse(_ text: String) -> Duration? {
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { return nil }
        var total: Int64 = 0
        while !bytes.isEmpty {
            guard let (whole, fraction, fractionDigits) = self.number(&bytes) else { return nil }
            guard let unit = self.unit(&bytes) else { return nil }
            guard let part = self.nanoseconds(whole, fraction, fractionDigits, unit) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(part)
            if overflow { return nil }
            total = sum
        }
        return .nanoseconds(total)
    }

    /// Formats a duration in the largest unit that represents it exactly: `30s`, `5m`, `250ms`.
    public static func format(_ duration: Duration) -> String {
        let nanoseconds = duration.nanosecondsClamped
        if nanoseconds == 0 { return "0s" }
        let units: [(String, Int64)] = [
            ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
            ("ms", 1_000_000), ("us", 1_000),
        ]
        for (name, size) in units where nanoseconds % size == 0 {
            return "\(nanoseconds / size)\(name)"
        }
        return "\(nanoseconds)ns"
    }

    private static func number(_ bytes: inout Substring.UTF8View.SubSequence) -> (Int64, Int64, Int)? {
        var whole: Int64 = 0
        var digits = 0
        while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (product, overflow1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            whole = sum
            digits += 1
            bytes.removeFirst()
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                // Digits past nanosecond precision cannot change the result; they are read and dropped.
                if fractionDigits < 18 {
                    fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
                    fractionDigits += 1
                }
                digits += 1
                bytes.removeFirst()
            }
        }
        return digits == 0 ? nil : (whole, fraction, fractionDigits)
    }

    private static func unit(_ bytes: inout Substring.UTF8View.SubSequence) -> Int64? {
        let units: [(String, Int64)] = [
            ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
            ("m", 60_000_000_000), ("h", 3_600_000_000_000),
        ]
        for (name, size) in units where bytes.starts(with: name.utf8) {
            bytes.removeFirst(name.utf8.count)
            return size
        }
        return nil
    }

    private static func nanoseconds(_ whole: Int64, _ fraction: Int64, _ digits: Int, _ unit: Int64) -> Int64? {
        let (wholePart, overflow) = whole.multipliedReportingOverflow(by: unit)
        if overflow { return nil }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        // fraction < 10^18 and unit <= 3.6e12, so compute in two steps to stay inside Int64.
        let fractionPart = Int64((Double(fraction) / Double(scale) * Double(unit)).rounded(.towardZero))
        let exact = unit % scale == 0 ? fraction * (unit / scale) : fractionPart
        let (sum, overflow2) = wholePart.addingReportingOverflow(exact)
        return overflow2 ? nil : sum
    }
}

@_spi(TestSupport)
extension KeyedDecodingContainer {
    /// Decodes an optional duration written as text (`"30s"`), naming the field when it is invalid.
    public func decodeDuration(forKey key: Key) throws -> Duration? {
        guard let text = try self.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let duration = DurationFormat.parse(text) else {
            throw ConfigurationError.invalid(
                FieldPath.render(self.codingPath + [key]),
                "expected a duration such as \"30s\" or \"250ms\", got \"\(text)\""
            )
        }
        return duration
    }
}

@_spi(TestSupport)
extension KeyedEncodingContainer {
    /// Encodes a duration as text (`"30s"`).
    public mutating func encodeDuration(_ duration: Duration, forKey key: Key) throws {
        try self.encode(DurationFormat.format(duration), forKey: key)
    }
}
