/// A workload cluster: where it runs, its labels, its ingress-gateway endpoints, and the workload
/// Gateway resources applied in it.
///
/// The Gateways say which hostnames the cluster's ingress gateway serves; an edge server's hostname
/// selects the clusters whose Gateways serve it (see ``RouteTable``). Each Gateway must route to services
/// (``Gateway/Role-swift.struct/workload``) or have no servers; an edge Gateway is rejected here.
///
/// ```json
/// {
///   "name": "cluster-1",
///   "locality": { "region": "region-1" },
///   "labels": { "tier": "production" },
///   "ingressEndpoints": ["10.0.1.10:443"],
///   "gateways": [ { "metadata": { "name": "bookinfo-ingress-1" }, "spec": { "http": [ … ] } } ]
/// }
/// ```
public struct WorkloadCluster: Hashable, Sendable {
    /// The cluster's name, unique in the topology.
    public let name: String
    /// Where the cluster runs.
    public let locality: Locality
    /// The cluster's labels, used by label selectors and failover priorities.
    public let labels: [String: String]
    /// The cluster's network, if any.
    public let network: String?
    /// The ingress-gateway endpoints; may be empty (the cluster then serves nothing).
    public let ingressEndpoints: [IngressEndpoint]
    /// The workload Gateway resources applied in the cluster.
    public let gateways: [Gateway]

    /// Creates a workload cluster.
    ///
    /// - Parameters:
    ///   - name: A name unique in the topology.
    ///   - locality: Where the cluster runs.
    ///   - labels: Labels with Kubernetes' syntax. The well-known topology labels (``TopologyLabel``)
    ///     may be given only with the values the locality and network imply.
    ///   - network: The cluster's network, if any.
    ///   - ingressEndpoints: The ingress-gateway endpoints, with distinct addresses.
    ///   - gateways: Workload Gateway resources (or empty ones), with distinct names when named.
    /// - Throws: ``ConfigurationError`` with a path such as `ingressEndpoints[2].address` or
    ///   `gateways[0].spec.http[0].routing.rules[0].route`.
    public init(
        name: String,
        locality: Locality,
        labels: [String: String] = [:],
        network: String? = nil,
        ingressEndpoints: [IngressEndpoint] = [],
        gateways: [Gateway] = []
    ) throws {
        if let problem = ValidationRules.nameProblem(name, what: "cluster name") {
            throw ConfigurationError.invalid("name", problem)
        }
        if let network, let problem = ValidationRules.nameProblem(network, what: "network") {
            throw ConfigurationError.invalid("network", problem)
        }
        if let (key, problem) = ValidationRules.labelsProblem(labels) {
            throw ConfigurationError.invalid("labels[\"\(key)\"]", problem)
        }
        if let (key, problem) = TopologyLabel.conflict(in: labels, locality: locality, network: network) {
            throw ConfigurationError(code: .conflictingFields, path: "labels[\"\(key)\"]", message: problem)
        }
        var addresses: [EndpointAddress: Int] = [:]
        for (index, endpoint) in ingressEndpoints.enumerated() {
            if let first = addresses.updateValue(index, forKey: endpoint.address) {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: "ingressEndpoints" + FieldPath.index(index) + ".address",
                    message: "endpoint address \(endpoint.address) is listed twice (also ingressEndpoints[\(first)])"
                )
            }
        }
        var gatewayNames: [String: Int] = [:]
        for (index, gateway) in gateways.enumerated() {
            let path = "gateways" + FieldPath.index(index)
            if gateway.role == .edge {
                let name = gateway.name.map { "Gateway \"\($0)\"" } ?? "this Gateway"
                throw ConfigurationError.invalid(
                    path + ".spec.http[0].routing.rules[0].route",
                    "\(name) is an edge Gateway (its routes use clusterDestination); a workload cluster's "
                        + "Gateways route to services with serviceDestination"
                )
            }
            if let gatewayName = gateway.name, let first = gatewayNames.updateValue(index, forKey: gatewayName) {
                throw ConfigurationError(
                    code: .duplicateEntry,
                    path: path + ".metadata.name",
                    message:
                        "Gateway name \"\(gatewayName)\" is used twice in cluster \"\(name)\" (also gateways[\(first)])"
                )
            }
        }
        self.init(
            validatedName: name,
            locality: locality,
            labels: labels,
            network: network,
            ingressEndpoints: ingressEndpoints,
            gateways: gateways
        )
    }

    private init(
        validatedName name: String,
        locality: Locality,
        labels: [String: String],
        network: String?,
        ingressEndpoints: [IngressEndpoint],
        gateways: [Gateway]
    ) {
        self.name = name
        self.locality = locality
        self.labels = labels
        self.network = network
        self.ingressEndpoints = ingressEndpoints
        self.gateways = gateways
    }

    /// The labels with the well-known topology labels derived from the locality and network
    /// (``TopologyLabel``): what label selectors and failover priorities compare.
    public var effectiveLabels: [String: String] {
        TopologyLabel.effectiveLabels(self.labels, locality: self.locality, network: self.network)
    }

    /// The network: the `network` field, or else the `topology.istio.io/network` label.
    public var effectiveNetwork: String? {
        self.network ?? self.labels[TopologyLabel.network]
    }

    /// The hostnames of every server of every Gateway, in order, without repeats.
    public var servedHostnames: [Hostname] {
        var seen: Set<Hostname> = []
        var result: [Hostname] = []
        for gateway in self.gateways {
            for server in gateway.spec.http where seen.insert(server.hostname).inserted {
                result.append(server.hostname)
            }
        }
        return result
    }

    /// Whether one of the cluster's Gateways serves `hostname`: a server hostname equal to it, or one
    /// of the two is a wildcard that covers the other (see ``Hostname/overlaps(_:)``).
    ///
    /// - Parameter hostname: An edge server's hostname.
    public func serves(_ hostname: Hostname) -> Bool {
        self.gateways.contains { gateway in
            gateway.spec.http.contains { $0.hostname.overlaps(hostname) }
        }
    }

    /// The same cluster without the Gateway named `gatewayName`; unchanged when there is none.
    ///
    /// - Parameter gatewayName: The Gateway's `metadata.name`.
    public func removingGateway(named gatewayName: String) -> WorkloadCluster {
        self.with(gateways: self.gateways.filter { $0.name != gatewayName })
    }

    /// The same cluster with `gateway` added, or replacing the Gateway of the same name.
    ///
    /// - Parameter gateway: A workload Gateway.
    /// - Throws: ``ConfigurationError`` when the Gateway is an edge Gateway.
    public func addingGateway(_ gateway: Gateway) throws -> WorkloadCluster {
        var gateways = self.gateways
        if let name = gateway.name, let index = gateways.firstIndex(where: { $0.name == name }) {
            gateways[index] = gateway
        } else {
            gateways.append(gateway)
        }
        return try self.replacing(gateways: gateways)
    }

    /// The same cluster with other Gateways.
    ///
    /// - Parameter gateways: The new Gateways.
    /// - Throws: ``ConfigurationError`` when a Gateway is invalid here.
    public func replacing(gateways: [Gateway]) throws -> WorkloadCluster {
        try WorkloadCluster(
            name: self.name,
            locality: self.locality,
            labels: self.labels,
            network: self.network,
            ingressEndpoints: self.ingressEndpoints,
            gateways: gateways
        )
    }

    /// The same cluster with other ingress endpoints (an empty list scales the ingress gateway to zero).
    ///
    /// - Parameter ingressEndpoints: The new endpoints, with distinct addresses.
    /// - Throws: ``ConfigurationError`` when two endpoints share an address.
    public func replacing(ingressEndpoints: [IngressEndpoint]) throws -> WorkloadCluster {
        try WorkloadCluster(
            name: self.name,
            locality: self.locality,
            labels: self.labels,
            network: self.network,
            ingressEndpoints: ingressEndpoints,
            gateways: self.gateways
        )
    }

    /// The same cluster without the endpoint at `address`; unchanged when there is none.
    ///
    /// - Parameter address: The endpoint's address.
    public func removingIngressEndpoint(_ address: EndpointAddress) -> WorkloadCluster {
        WorkloadCluster(
            validatedName: self.name,
            locality: self.locality,
            labels: self.labels,
            network: self.network,
            ingressEndpoints: self.ingressEndpoints.filter { $0.address != address },
            gateways: self.gateways
        )
    }

    private func with(gateways: [Gateway]) -> WorkloadCluster {
        WorkloadCluster(
            validatedName: self.name,
            locality: self.locality,
            labels: self.labels,
            network: self.network,
            ingressEndpoints: self.ingressEndpoints,
            gateways: gateways
        )
    }
}

extension WorkloadCluster: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case locality
        case labels
        case network
        case ingressEndpoints
        case gateways
    }

    /// Decodes `{name, locality, labels?, network?, ingressEndpoints?, gateways?}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let locality = try container.decode(Locality.self, forKey: .locality)
        let labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        let network = try container.decodeIfPresent(String.self, forKey: .network)
        let endpoints = try container.decodeIfPresent([IngressEndpoint].self, forKey: .ingressEndpoints) ?? []
        let gateways = try container.decodeIfPresent([Gateway].self, forKey: .gateways) ?? []
        self = try decoder.validating {
            try WorkloadCluster(
                name: name,
                locality: locality,
                labels: labels,
                network: network,
                ingressEndpoints: endpoints,
                gateways: gateways
            )
        }
    }

    /// Encodes the cluster, omitting empty labels and an absent network.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.locality, forKey: .locality)
        if !self.labels.isEmpty {
            try container.encode(self.labels, forKey: .labels)
        }
        try container.encodeIfPresent(self.network, forKey: .network)
        try container.encode(self.ingressEndpoints, forKey: .ingressEndpoints)
        try container.encode(self.gateways, forKey: .gateways)
    }
}
