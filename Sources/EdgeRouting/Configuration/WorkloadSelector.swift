/// Which gateway deployment a Gateway resource configures: a namespace and pod labels.
///
/// EdgeRouting does not deploy anything; the selector is kept so that documents round-trip and so
/// that tools can show which edge a configuration belongs to.
public struct WorkloadSelector: Hashable, Sendable {
    /// The namespace of the gateway deployment (`edge`).
    public let namespace: String
    /// The labels of the gateway pods (`app: edgegw`).
    public let labels: [String: String]

    /// Creates a selector.
    ///
    /// - Parameters:
    ///   - namespace: The deployment's namespace.
    ///   - labels: The pods' labels.
    /// - Throws: ``ConfigurationError`` at `namespace` or `labels["key"]` when a value is invalid.
    public init(namespace: String, labels: [String: String] = [:]) throws {
        if let problem = ValidationRules.nameProblem(namespace, what: "namespace") {
            throw ConfigurationError.invalid("namespace", problem)
        }
        if let (key, problem) = ValidationRules.labelsProblem(labels) {
            throw ConfigurationError.invalid("labels[\"\(key)\"]", problem)
        }
        self.namespace = namespace
        self.labels = labels
    }
}

extension WorkloadSelector: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case namespace
        case labels
    }

    /// Decodes `{namespace, labels?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let namespace = try container.decode(String.self, forKey: .namespace)
        let labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self = try decoder.validating { try WorkloadSelector(namespace: namespace, labels: labels) }
    }

    /// Encodes `{namespace, labels?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.namespace, forKey: .namespace)
        if !self.labels.isEmpty {
            try container.encode(self.labels, forKey: .labels)
        }
    }
}
