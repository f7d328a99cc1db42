public import EdgeRouting

/// Builds Gateway resources for tests in one call, with the guide's conventions as defaults.
///
/// ```swift
/// let edge = try GatewayBuilder.edge(hostname: "shop.example.com", destination: .automatic)
/// let workload = try GatewayBuilder.workload(name: "shop-ingress", hostname: "shop.example.com")
/// ```
public enum GatewayBuilder {
    /// An edge Gateway with one server (`port` 80 by default) whose single rule routes every request
    /// of `hostname` to `destination`; selector `edge`/`app: edgegw`, as in the guide.
    ///
    /// - Parameters:
    ///   - hostname: The hostname served.
    ///   - destination: The cluster destination (automatic, named or weighted).
    ///   - port: The listener port.
    ///   - serverName: The server's name; `bookinfo`-style: the hostname's first label by default.
    ///   - failoverSettings: Optional failover ordering.
    /// - Returns: The Gateway.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when a value is invalid.
    public static func edge(
        hostname: String,
        destination: ClusterDestination,
        port: Int = 80,
        serverName: String? = nil,
        failoverSettings: FailoverSettings? = nil
    ) throws -> Gateway {
        let host = try Hostname(hostname)
        return try Gateway(
            spec: GatewaySpec(
                workloadSelector: WorkloadSelector(namespace: "edge", labels: ["app": "edgegw"]),
                http: [
                    HTTPServer(
                        name: serverName ?? Self.serverName(for: host),
                        port: port,
                        hostname: host,
                        rules: [RoutingRule(route: .clusters(destination))],
                        failoverSettings: failoverSettings
                    )
                ]
            )
        )
    }

    /// A workload Gateway: one server on port 443 that forwards `hostname` to a service.
    ///
    /// - Parameters:
    ///   - name: The Gateway's `metadata.name` (how a test deletes it again).
    ///   - hostname: The hostname served.
    ///   - service: The upstream service, `namespace/name.namespace.svc.cluster.local` style.
    ///   - servicePort: The service's port, if any.
    ///   - selector: The ingress gateway it configures: namespace and `app` label, if any.
    /// - Returns: The Gateway.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when a value is invalid.
    public static func workload(
        name: String,
        hostname: String,
        service: String = "default/app.default.svc.cluster.local",
        servicePort: Int? = nil,
        selector: (namespace: String, app: String)? = nil
    ) throws -> Gateway {
        let host = try Hostname(hostname)
        return try Gateway(
            metadata: GatewayMetadata(name: name),
            spec: GatewaySpec(
                workloadSelector: selector.map {
                    try WorkloadSelector(namespace: $0.namespace, labels: ["app": $0.app])
                },
                http: [
                    HTTPServer(
                        name: Self.serverName(for: host),
                        port: 443,
                        hostname: host,
                        rules: [RoutingRule(route: .service(ServiceDestination(host: service, port: servicePort)))]
                    )
                ]
            )
        )
    }

    /// The first label of the hostname (without a wildcard), as a server name.
    private static func serverName(for hostname: Hostname) -> String {
        let label = hostname.value.split(separator: ".").first { $0 != "*" }.map(String.init) ?? "server"
        return label.isEmpty ? "server" : label
    }
}
