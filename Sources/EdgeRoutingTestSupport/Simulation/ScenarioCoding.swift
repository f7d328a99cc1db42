import EdgeRouting

/// Helpers for the strict decoding of scenario documents: durations as text, unknown keys rejected,
/// errors as ``ConfigurationError`` with the field path.
enum ScenarioCoding {
    /// A coding key with any name.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?

        init(_ string: String) {
            self.stringValue = string
            self.intValue = nil
        }

        init(stringValue: String) {
            self.init(stringValue)
        }

        init(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    /// `faults[2].scaleIngress.replicas`.
    static func path(_ codingPath: [any CodingKey], _ last: String? = nil) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        if let last {
            result += result.isEmpty ? last : "." + last
        }
        return result
    }

    /// Throws ``ConfigurationError`` with code `unknownField` for the first key not in `allowed`.
    static func rejectUnknownKeys(_ decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        if let first = unknown.first {
            throw ConfigurationError(
                code: .unknownField,
                path: self.path(decoder.codingPath, first),
                message: "unknown field '\(first)'; expected one of: " + allowed.joined(separator: ", ")
            )
        }
    }

    static func invalid(_ decoder: any Decoder, _ field: String?, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, path: self.path(decoder.codingPath, field), message: message)
    }

    /// Parses `30s`, `250ms`, `1m30s`, `1.5s`, `2h`, `500us`, `10ns`; `nil` when the text is not one.
    static func parseDuration(_ text: String) -> Duration? {
        var rest = Substring(text.trimmingSpaces)
        guard !rest.isEmpty else { return nil }
        var total = Duration.zero
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1, let value = Double(number) else {
                return nil
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            let nanoseconds: Double
            switch unit {
            case "h": nanoseconds = 3_600e9
            case "m": nanoseconds = 60e9
            case "s": nanoseconds = 1e9
            case "ms": nanoseconds = 1e6
            case "us", "µs": nanoseconds = 1e3
            case "ns": nanoseconds = 1
            default: return nil
            }
            let scaled = (value * nanoseconds).rounded()
            guard scaled.isFinite, scaled < 9e18 else { return nil }
            total += .nanoseconds(Int64(scaled))
        }
        return total
    }

    /// `30s`, `250ms`, `1.5s`: the shortest text that ``parseDuration(_:)`` reads back exactly.
    static func formatDuration(_ duration: Duration) -> String {
        let nanoseconds = duration.totalNanoseconds
        if nanoseconds == 0 { return "0s" }
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        if nanoseconds % 1_000 == 0 { return "\(nanoseconds / 1_000)us" }
        return "\(nanoseconds)ns"
    }

    /// Decodes a duration written as text (`30s`) or as a number of seconds (`30`, `0.5`).
    static func decodeDuration<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>,
        _ key: Key,
        decoder: any Decoder,
        minimum: Duration = .zero
    ) throws -> Duration? {
        guard container.contains(key) else { return nil }
        let path = self.path(decoder.codingPath, key.stringValue)
        let duration: Duration?
        if let text = try? container.decode(String.self, forKey: key) {
            duration = self.parseDuration(text)
            if duration == nil {
                throw ConfigurationError(
                    code: .invalidValue,
                    path: path,
                    message: "expected a duration such as \"30s\", \"250ms\" or \"1m30s\", got \"\(text)\""
                )
            }
        } else if let seconds = try? container.decode(Double.self, forKey: key), seconds.isFinite,
            abs(seconds) < 9e9
        {
            duration = .nanoseconds(Int64((seconds * 1e9).rounded()))
        } else {
            throw ConfigurationError(
                code: .malformedDocument,
                path: path,
                message: "expected a duration such as \"30s\" or a number of seconds"
            )
        }
        guard let duration, duration >= minimum else {
            throw ConfigurationError(
                code: .invalidValue,
                path: path,
                message: "must be at least \(self.formatDuration(minimum))"
            )
        }
        return duration
    }

    /// Decodes a whole number in `range`.
    static func decodeInteger<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>,
        _ key: Key,
        decoder: any Decoder,
        in range: ClosedRange<Int>
    ) throws -> Int? {
        guard container.contains(key) else { return nil }
        let path = self.path(decoder.codingPath, key.stringValue)
        guard let value = try? container.decode(Double.self, forKey: key), value.isFinite,
            value == value.rounded(), abs(value) < 1e15
        else {
            throw ConfigurationError(code: .malformedDocument, path: path, message: "expected a whole number")
        }
        guard range.contains(Int(value)) else {
            throw ConfigurationError(
                code: .invalidValue,
                path: path,
                message: "must be a whole number in \(range.lowerBound)...\(range.upperBound), got \(Int(value))"
            )
        }
        return Int(value)
    }

    /// Decodes a number in `range`.
    static func decodeDouble<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>,
        _ key: Key,
        decoder: any Decoder,
        in range: ClosedRange<Double>
    ) throws -> Double? {
        guard container.contains(key) else { return nil }
        let path = self.path(decoder.codingPath, key.stringValue)
        guard let value = try? container.decode(Double.self, forKey: key), value.isFinite else {
            throw ConfigurationError(code: .malformedDocument, path: path, message: "expected a number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(
                code: .invalidValue,
                path: path,
                message: "must be in \(range.lowerBound)...\(range.upperBound), got \(value)"
            )
        }
        return value
    }

    /// Decodes a non-empty string.
    static func decodeName<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>,
        _ key: Key,
        decoder: any Decoder
    ) throws -> String? {
        guard container.contains(key) else { return nil }
        let path = self.path(decoder.codingPath, key.stringValue)
        guard let value = try? container.decode(String.self, forKey: key) else {
            throw ConfigurationError(code: .malformedDocument, path: path, message: "expected a string")
        }
        if value.isEmpty {
            throw ConfigurationError(code: .invalidValue, path: path, message: "must not be empty")
        }
        return value
    }

    static func missing(_ decoder: any Decoder, _ field: String) -> ConfigurationError {
        ConfigurationError(
            code: .missingField,
            path: self.path(decoder.codingPath, field),
            message: "required field '\(field)' is missing"
        )
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = self.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(self.totalNanoseconds) / 1e9
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
