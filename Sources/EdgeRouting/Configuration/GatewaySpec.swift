/// The body of a Gateway resource: which deployment it configures and its HTTP servers.
///
/// A Gateway routes either every server to workload clusters (an edge Gateway) or every server to
/// services (a workload Gateway); mixing the two is an error. Server names are unique, and so is
/// each hostname and port pair.
public struct GatewaySpec: Hashable, Sendable {
    /// The gateway deployment configured, if given.
    public let workloadSelector: WorkloadSelector?
    /// The HTTP servers.
    public let http: [HTTPServer]

    /// Creates a spec.
    ///
    /// - Parameters:
    ///   - workloadSelector: The gateway deployment configured, if any.
    ///   - http: The servers.
    /// - Throws: ``ConfigurationError`` with a path such as `http[1].name` when servers repeat a name or a
    ///   hostname and port, or mix cluster and service destinations.
    public init(workloadSelector: WorkloadSelector? = nil, http: [HTTPServer]) throws {
        var names: Set<String> = []
        var listeners: Set<String> = []
        var firstKind: (isEdge: Bool, path: String)?
        for (index, server) in http.enumerated() {
            let path = "http" + FieldPath.index(index)
            if !names.insert(server.name).inserted {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path + ".name",
                    message: "server name \"\(server.name)\" is used twice"
                )
            }
            if !listeners.insert("\(server.hostname.value):\(server.port)").inserted {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path + ".hostname",
                    message: "hostname \(server.hostname) on port \(server.port) is served twice"
                )
            }
            for (ruleIndex, rule) in server.rules.enumerated() {
                let rulePath = path + ".routing.rules" + FieldPath.index(ruleIndex) + ".route"
                let isEdge = rule.route.clusterDestination != nil
                guard let first = firstKind else {
                    firstKind = (isEdge, rulePath)
                    continue
                }
                if first.isEdge != isEdge {
                    throw ConfigurationError(
                        code: .conflictingFields,
                        path: rulePath,
                        message: "a Gateway routes either to clusters or to services; \(first.path) uses "
                            + (first.isEdge ? "clusterDestination" : "serviceDestination") + " but this route uses "
                            + (isEdge ? "clusterDestination" : "serviceDestination")
                    )
                }
            }
        }
        self.workloadSelector = workloadSelector
        self.http = http
    }
}

extension GatewaySpec: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case workloadSelector
        case http
    }

    /// Decodes `{workloadSelector?, http}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let selector = try container.decodeIfPresent(WorkloadSelector.self, forKey: .workloadSelector)
        let http = try container.decodeIfPresent([HTTPServer].self, forKey: .http) ?? []
        self = try decoder.validating { try GatewaySpec(workloadSelector: selector, http: http) }
    }

    /// Encodes `{workloadSelector?, http}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.workloadSelector, forKey: .workloadSelector)
        try container.encode(self.http, forKey: .http)
    }
}
