/// The identifying part of a Gateway resource: its name and, optionally, where it sits in the
/// management hierarchy (Kubernetes namespace, or TSB organization, tenant, workspace and group).
///
/// EdgeRouting uses only ``name`` (in diagnostics); the rest is kept so documents round-trip.
public struct GatewayMetadata: Hashable, Sendable {
    /// The resource's name.
    public var name: String?
    /// The Kubernetes namespace.
    public var namespace: String?
    /// The TSB organization.
    public var organization: String?
    /// The TSB tenant.
    public var tenant: String?
    /// The TSB workspace.
    public var workspace: String?
    /// The TSB gateway group.
    public var group: String?
    /// Free-form labels.
    public var labels: [String: String]
    /// Free-form annotations.
    public var annotations: [String: String]

    /// Creates metadata.
    ///
    /// - Parameters:
    ///   - name: The resource's name.
    ///   - namespace: The Kubernetes namespace.
    ///   - organization: The TSB organization.
    ///   - tenant: The TSB tenant.
    ///   - workspace: The TSB workspace.
    ///   - group: The TSB gateway group.
    ///   - labels: Free-form labels.
    ///   - annotations: Free-form annotations.
    public init(
        name: String? = nil,
        namespace: String? = nil,
        organization: String? = nil,
        tenant: String? = nil,
        workspace: String? = nil,
        group: String? = nil,
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.organization = organization
        self.tenant = tenant
        self.workspace = workspace
        self.group = group
        self.labels = labels
        self.annotations = annotations
    }
}

extension GatewayMetadata: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case namespace
        case organization
        case tenant
        case workspace
        case group
        case labels
        case annotations
    }

    /// Decodes the metadata object; unknown keys are rejected.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            namespace: try container.decodeIfPresent(String.self, forKey: .namespace),
            organization: try container.decodeIfPresent(String.self, forKey: .organization),
            tenant: try container.decodeIfPresent(String.self, forKey: .tenant),
            workspace: try container.decodeIfPresent(String.self, forKey: .workspace),
            group: try container.decodeIfPresent(String.self, forKey: .group),
            labels: try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:],
            annotations: try container.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        )
    }

    /// Encodes the fields that are set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.name, forKey: .name)
        try container.encodeIfPresent(self.namespace, forKey: .namespace)
        try container.encodeIfPresent(self.organization, forKey: .organization)
        try container.encodeIfPresent(self.tenant, forKey: .tenant)
        try container.encodeIfPresent(self.workspace, forKey: .workspace)
        try container.encodeIfPresent(self.group, forKey: .group)
        if !self.labels.isEmpty { try container.encode(self.labels, forKey: .labels) }
        if !self.annotations.isEmpty { try container.encode(self.annotations, forKey: .annotations) }
    }
}
