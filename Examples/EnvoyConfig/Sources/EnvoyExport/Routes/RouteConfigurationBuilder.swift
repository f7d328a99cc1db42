import EdgeRouting

/// Builds Envoy's `RouteConfiguration` from the resolved servers of the edge Gateway.
///
/// - Each server becomes a virtual host whose `domains` is its hostname: exact names and `*.suffix`
///   wildcards, which Envoy ranks as EdgeRouting does (exact first, then the longest suffix; at least
///   one more label than the suffix). `ignore_port_in_host_matching` ignores the authority's port, and
///   the listener strips a trailing dot (`strip_trailing_host_dot`); Envoy compares hosts without regard
///   to case.
/// - Each rule becomes one route per match condition (EdgeRouting's conditions are alternatives; Envoy's
///   routes are tried in order, the first match wins), or one `prefix: "/"` route without conditions.
///   `uri.exact` is Envoy's `path` (compared without the query string) and `uri.prefix` its `prefix`;
///   headers are `string_match` exact or prefix matchers, case-sensitive, and `host` is matched as
///   Envoy's `:authority`.
/// - A request that no virtual host or route matches gets Envoy's `404` with flag `NR`, as in EdgeRouting.
struct RouteConfigurationBuilder: Sendable {
    let retries: RetryPolicyExport

    /// The route configuration.
    ///
    /// - Parameters:
    ///   - table: The resolved edge Gateway.
    ///   - clusters: The Envoy cluster names of each failover plan, or of each weighted plan's targets.
    ///   - diagnostics: Where to report what Envoy cannot express.
    func routeConfiguration(
        _ table: RouteTable,
        clusters: [DestinationPlan.Identity: [String]],
        diagnostics: inout [ExportDiagnostic]
    ) -> JSONValue {
        var hosts: [JSONValue] = []
        var firstServer: [Hostname: (index: Int, port: Int, name: String)] = [:]
        for (serverIndex, server) in table.servers.enumerated() {
            let serverPath = "spec.http[\(serverIndex)]"
            if let first = firstServer[server.hostname] {
                diagnostics.append(
                    ExportDiagnostic(
                        kind: .shadowedServer,
                        path: serverPath,
                        message: "server \(server.name) (\(server.hostname), port \(server.port)) is unreachable: "
                            + "the listener answers \(server.hostname) with spec.http[\(first.index)] (server "
                            + "\(first.name), port \(first.port)), as EdgeRouting does without a listener port"
                    )
                )
                continue
            }
            firstServer[server.hostname] = (serverIndex, server.port, server.name)
            var routes: [JSONValue] = []
            for (ruleIndex, rule) in server.rules.enumerated() {
                let rulePath = serverPath + ".routing.rules[\(ruleIndex)]"
                let names = clusters[rule.plan.identity] ?? []
                let action = self.action(
                    for: rule.plan,
                    clusters: names,
                    path: rulePath + ".route.clusterDestination",
                    diagnostics: &diagnostics
                )
                if rule.match.isEmpty {
                    routes.append(["name": .string(rulePath), "match": ["prefix": "/"], "route": action])
                }
                for (conditionIndex, condition) in rule.match.enumerated() {
                    routes.append(
                        [
                            "name": .string(rulePath + ".match[\(conditionIndex)]"),
                            "match": Self.match(condition),
                            "route": action,
                        ]
                    )
                }
            }
            hosts.append([
                "name": .string(server.name), "domains": [.string(server.hostname.value)], "routes": .array(routes),
            ])
        }
        return ["name": "edge", "virtual_hosts": .array(hosts), "ignore_port_in_host_matching": true]
    }

    /// A route's `match` for one EdgeRouting condition.
    static func match(_ condition: HTTPMatchCondition) -> JSONValue {
        var match = JSONObject()
        if let exact = condition.uri?.exactValue {
            match["path"] = .string(exact)
        } else if let prefix = condition.uri?.prefixValue {
            match["prefix"] = .string(prefix)
        } else {
            match["prefix"] = "/"
        }
        if !condition.headers.isEmpty {
            match["headers"] = .array(
                condition.headers.sorted { $0.key < $1.key }.map { name, value in
                    let matcher: JSONValue =
                        value.exactValue.map { ["exact": .string($0)] } ?? ["prefix": .string(value.prefixValue ?? "")]
                    return ["name": .string(name == "host" ? ":authority" : name), "string_match": matcher]
                }
            )
        }
        return .object(match)
    }

    /// A route's action: its cluster or weighted clusters, no overall timeout (EdgeRouting sets no
    /// deadline on a request; Envoy's default is 15 s), and the retry policy.
    private func action(
        for plan: DestinationPlan,
        clusters: [String],
        path: String,
        diagnostics: inout [ExportDiagnostic]
    ) -> JSONValue {
        var action = JSONObject()
        if let weighted = plan.weighted {
            action["weighted_clusters"] = [
                "clusters": .array(
                    zip(weighted.targets, clusters).map { target, name in
                        ["name": .string(name), "weight": .int(target.weight)]
                    }
                )
            ]
        } else {
            action["cluster"] = .string(clusters.first ?? EnvoyNames.cluster(for: plan.identity))
        }
        action["timeout"] = "0s"
        let cluster = clusters.first ?? EnvoyNames.cluster(for: plan.identity)
        if let retry = self.retries.retryPolicy(for: plan, cluster: cluster, path: path, diagnostics: &diagnostics) {
            action["retry_policy"] = retry
        }
        return .object(action)
    }
}
