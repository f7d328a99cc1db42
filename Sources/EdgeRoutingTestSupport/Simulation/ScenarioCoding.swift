@_spi(TestSupport) import EdgeRouting

/// Helpers for the strict decoding of scenario documents: durations as text, unknown keys rejected,
/// errors as ``/EdgeRouting/ConfigurationError`` with the field path.
///
/// This is the only simulation file that imports the library's `TestSupport` SPI; the forwarders
/// below (`rejectUnknownKeys`, `parseDuration`, `formatDuration`) keep the other files on the public
/// API.
enum ScenarioCoding {
    /// A coding key with any name.
    typealias AnyKey = AnyCodingKey

    /// `faults[2].scaleIngress.replicas`.
    static func path(_ codingPath: [any CodingKey], _ last: String? = nil) -> String {
        FieldPath.render(codingPath, last ?? "")
    }

    /// Throws ``/EdgeRouting/ConfigurationError`` with code `unknownField` for the first key not in `allowed`.
    static func rejectUnknownKeys(_ decoder: any Decoder, allowed: [String]) throws {
        try decoder.rejectUnknownKeys(allowed: allowed)
    }

    static func invalid(_ decoder: any Decoder, _ field: String?, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, path: self.path(decoder.codingPath, field), message: message)
    }

    /// Parses `30s`, `250ms`, `1m30s`, `1.5s`, `2h`, `500us`, `10ns`; `nil` when the text is not one.
    static func parseDuration(_ text: String) -> Duration? {
        DurationFormat.parse(text)
    }

    /// `30s`, `250ms`, `5m`: the text that ``parseDuration(_:)`` reads back exactly.
    static func formatDuration(_ duration: Duration) -> String {
        DurationFormat.format(duration)
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
        MonotonicTime.origin.advanced(by: self).nanoseconds
    }

    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(self.totalNanoseconds) / 1e9
    }
}
