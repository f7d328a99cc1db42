import EdgeRouting
import Foundation
import Yams

/// Reads EdgeRouting configuration documents — Gateways, topologies, deployments, router settings,
/// scenarios — from YAML or JSON files, with errors that name the file and the field.
///
/// The format is chosen by the file's extension (`.json`, or `.yaml`/`.yml`); any other extension is
/// read as YAML, which also accepts JSON. The guide's YAML documents decode unchanged.
public enum ConfigurationFile {
    /// A document that could not be read or decoded.
    public struct Failure: Error, CustomStringConvertible {
        /// The file (or the command-line option) at fault.
        public let path: String
        /// What is wrong, with the field path.
        public let error: ConfigurationError

        /// Creates a failure.
        ///
        /// - Parameters:
        ///   - path: The file (or option) at fault.
        ///   - error: What is wrong with it.
        public init(path: String, error: ConfigurationError) {
            self.path = path
            self.error = error
        }

        /// `FILE: invalid configuration at PATH: MESSAGE`.
        public var description: String {
            "\(self.path): \(self.error)"
        }
    }

    /// Decodes a value from a file.
    ///
    /// - Parameters:
    ///   - type: The type to decode, for example `Gateway.self`.
    ///   - path: The file's path.
    /// - Throws: ``Failure`` naming the file and the field.
    public static func load<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(
                path: path,
                error: ConfigurationError(
                    code: .malformedDocument,
                    path: "",
                    message: "cannot read the file: \(error.localizedDescription)"
                )
            )
        }
        do {
            return try self.decode(type, from: data, json: path.lowercased().hasSuffix(".json"))
        } catch let error as ConfigurationError {
            throw Failure(path: path, error: error)
        }
    }

    /// Decodes a value from a document's bytes.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - data: The document.
    ///   - json: Whether the document is JSON (otherwise YAML).
    /// - Throws: ``ConfigurationError``.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, json: Bool) throws -> T {
        if json {
            return try JSONConfiguration.decode(type, from: data)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(code: .malformedDocument, path: "", message: "the document is not valid UTF-8")
        }
        do {
            return try YAMLDecoder().decode(type, from: text)
        } catch let error as DecodingError {
            throw ConfigurationError(decoding: error)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            // Yams' own errors: syntax problems, with the line and column in their description.
            throw ConfigurationError(
                code: .malformedDocument,
                path: "",
                message: "not valid YAML: \(error)",
                cause: error
            )
        }
    }
}
