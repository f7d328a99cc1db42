#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads and writes configuration documents as JSON, turning every failure into a
/// ``ConfigurationError`` that names the field.
///
/// Any other format works through its own `Decoder` (for example Yams for YAML); wrap its errors with
/// ``ConfigurationError/init(decoding:)`` to get the same field paths.
public enum JSONConfiguration {
    /// Decodes and validates a value from JSON.
    ///
    /// Malformed JSON, non-UTF-8 bytes, wrong types, out-of-range numbers, excessive nesting and
    /// validation failures all throw; nothing traps.
    ///
    /// - Parameters:
    ///   - type: The type to decode, for example `Gateway.self`.
    ///   - bytes: The document.
    /// - Throws: ``ConfigurationError``.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ConfigurationError(decoding: error)
        }
    }

    /// Encodes a value as JSON with sorted keys, so equal values always give equal text.
    ///
    /// - Parameters:
    ///   - value: The value to encode.
    ///   - prettyPrinted: Whether to indent the output.
    /// - Throws: An `EncodingError` if the value cannot be encoded (the configuration model never fails).
    public static func encode<T: Encodable>(_ value: T, prettyPrinted: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            prettyPrinted
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
