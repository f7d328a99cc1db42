/// How a cluster destination entry selects workload clusters: by name, or by labels.
///
/// A label selector selects every cluster that carries all of its labels with the same values.
public struct ClusterSelector: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case name(String)
        case labels([String: String])
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Selects the cluster with this name.
    ///
    /// - Parameter name: The cluster's name.
    /// - Throws: ``ConfigurationError`` at `name` when the name is not valid.
    public static func name(_ name: String) throws -> ClusterSelector {
        if let problem = ValidationRules.nameProblem(name, what: "cluster name") {
            throw ConfigurationError.invalid("name", problem)
        }
        return ClusterSelector(.name(name))
    }

    /// Selects every cluster that has all these labels.
    ///
    /// - Parameter labels: At least one label; keys and values follow Kubernetes' label syntax.
    /// - Throws: ``ConfigurationError`` at `labels` when the map is empty or a label is invalid.
    public static func labels(_ labels: [String: String]) throws -> ClusterSelector {
        if labels.isEmpty {
            throw ConfigurationError.invalid("labels", "a label selector needs at least one label")
        }
        if let (key, problem) = ValidationRules.labelsProblem(labels) {
            throw ConfigurationError.invalid(FieldPath.join("labels", "[\"\(key)\"]"), problem)
        }
        return ClusterSelector(.labels(labels))
    }

    /// The selected cluster's name, for a name selector.
    public var name: String? {
        if case .name(let name) = self.kind { return name }
        return nil
    }

    /// The required labels, for a label selector.
    public var labels: [String: String]? {
        if case .labels(let labels) = self.kind { return labels }
        return nil
    }

    /// Whether a cluster with this name and these labels is selected.
    ///
    /// - Parameters:
    ///   - clusterName: The cluster's name.
    ///   - clusterLabels: The cluster's labels.
    public func selects(clusterName: String, clusterLabels: [String: String]) -> Bool {
        switch self.kind {
        case .name(let name): return name == clusterName
        case .labels(let labels): return labels.allSatisfy { clusterLabels[$0.key] == $0.value }
        }
    }

    /// `name cluster-1` or `labels {region=us}`.
    public var description: String {
        switch self.kind {
        case .name(let name): return "name \(name)"
        case .labels(let labels):
            return "labels {"
                + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
