/// A configuration document or value that EdgeRouting refused.
///
/// Every initialiser and decoder of the configuration and topology model validates its input and
/// throws this error instead of trapping. ``path`` names the offending field the way a person would
/// find it in the document, for example
/// `spec.http[0].routing.rules[1].route.clusterDestination.clusters[2].weight`, and ``message`` says
/// what is wrong with it. A rejected document changes nothing: the configuration in force stays in force.
///
/// ```swift
/// do {
///     let gateway = try Gateway(json: bytes)
/// } catch let error as ConfigurationError {
///     print(error)  // invalid configuration at spec.http[0].port: port must be in 1...65535, got 0
/// }
/// ```
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The kind of problem, an extensible set: new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case invalidValue
            case missingField
            case unknownField
            case duplicateEntry
            case conflictingFields
            case malformedDocument
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A value of the right type that breaks a rule: a port out of range, an invalid hostname.
        public static let invalidValue = Code(.invalidValue)
        /// A required field is absent.
        public static let missingField = Code(.missingField)
        /// A field that the schema does not define, usually a typo or a misplaced (mis-indented) key.
        public static let unknownField = Code(.unknownField)
        /// Two entries that must be unique are not: cluster names, server names, endpoint addresses.
        public static let duplicateEntry = Code(.duplicateEntry)
        /// Fields that cannot be combined, or a required choice that was not made: both `name` and
        /// `labels`, weighted and unweighted entries together, a route with no destination.
        public static let conflictingFields = Code(.conflictingFields)
        /// The document is not well-formed: not valid JSON or YAML, a value of the wrong type, a number
        /// out of range for its type.
        public static let malformedDocument = Code(.malformedDocument)

        /// The code's name, for example `invalidValue`.
        public var description: String {
            switch self.wrapped {
            case .invalidValue: return "invalidValue"
            case .missingField: return "missingField"
            case .unknownField: return "unknownField"
            case .duplicateEntry: return "duplicateEntry"
            case .conflictingFields: return "conflictingFields"
            case .malformedDocument: return "malformedDocument"
            }
        }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The path of the offending field from the document's root, for example `spec.http[0].port`.
    ///
    /// Empty when the problem concerns the whole document (for example, it is not valid JSON).
    public var path: String
    /// What is wrong, in one sentence.
    public var message: String
    /// The underlying error, when this one wraps another (for example a decoder's `DecodingError`).
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - path: The path of the offending field, for example `spec.http[0].port`.
    ///   - message: What is wrong, in one sentence.
    ///   - cause: The underlying error, if any.
    public init(code: Code, path: String, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    /// One line: `invalid configuration at PATH: MESSAGE`.
    public var description: String {
        if self.path.isEmpty {
            return "invalid configuration: \(self.message)"
        }
        return "invalid configuration at \(self.path): \(self.message)"
    }
}

extension ConfigurationError: Equatable {
    /// Two errors are equal when their code, path and message are; the causes are not compared.
    public static func == (lhs: ConfigurationError, rhs: ConfigurationError) -> Bool {
        lhs.code == rhs.code && lhs.path == rhs.path && lhs.message == rhs.message
    }
}
