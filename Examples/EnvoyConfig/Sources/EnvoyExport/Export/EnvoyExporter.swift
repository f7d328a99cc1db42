import EdgeRouting

/// Turns the EdgeRouting documents — the edge Gateway, the edge's location, the topology and the router
/// settings — into Envoy v3 resources that make the decisions EdgeRouting makes.
///
/// Resolution is EdgeRouting's own (`RouteTable`): the exporter does not re-derive which clusters a
/// destination has or how they are ranked; it writes what the route table says, so a Swift proxy built on
/// `EdgeRouter` and an Envoy fed by this exporter choose alike from the same documents.
///
/// ```swift
/// let export = try EnvoyExporter.export(
///     gateway: edgeGateway, edge: EdgeLocation(region: "region-1"), topology: topology,
///     configuration: .defaults, options: ExportOptions(listenHost: "0.0.0.0", listenPort: 8080)
/// )
/// print(export.clusters.map(\.priorities))  // ["P0 {cluster-1} P1 {cluster-2}"]
/// let bootstrap = StaticBootstrap.document(export, settings: BootstrapSettings(adminPort: 9901))
/// ```
///
/// | EdgeRouting | Envoy |
/// |---|---|
/// | automatic / named destination | one cluster; one `LocalityLbEndpoints` per workload cluster, `priority` = tier |
/// | weighted destination | `weighted_clusters`, one cluster per target (an empty one for a target without usable clusters: `503 UH`) |
/// | `overprovisioningFactor`, `weightedPriorityHealth` | `load_assignment.policy` |
/// | `panicThreshold` | `common_lb_config.healthy_panic_threshold` |
/// | strict failover | `overprovisioning_factor` 100 × 2^24 |
/// | picker | `lb_policy` `ROUND_ROBIN`, `LEAST_REQUEST` (`choice_count`), `RANDOM` |
/// | `localityWeighted` | `locality_weighted_lb_config`, locality weight = the cluster's endpoint weights |
/// | outlier detection | `outlier_detection`, field by field |
/// | retries | the route's `retry_policy`; the in-flight budget as `circuit_breakers` `retry_budget` |
public enum EnvoyExporter {
    /// Exports the documents.
    ///
    /// - Parameters:
    ///   - gateway: The edge Gateway (its routes use `clusterDestination`).
    ///   - edge: Where the edge runs; tiers are relative to it.
    ///   - topology: The workload clusters.
    ///   - configuration: The router settings.
    ///   - options: The listener address, connect timeout and endpoint delivery.
    /// - Returns: The resources and the diagnostics.
    /// - Throws: `ConfigurationError` when the Gateway is not an edge Gateway, as `RouteTable` does.
    public static func export(
        gateway: Gateway,
        edge: EdgeLocation,
        topology: Topology,
        configuration: EdgeRouterConfiguration = .defaults,
        options: ExportOptions = ExportOptions()
    ) throws -> EnvoyConfiguration {
        let table = try RouteTable(gateway: gateway, edgeLocation: edge, topology: topology)
        return self.export(table, configuration: configuration, options: options)
    }

    /// Exports an already resolved route table.
    ///
    /// - Parameters:
    ///   - table: The route table.
    ///   - configuration: The router settings.
    ///   - options: The listener address, connect timeout and endpoint delivery.
    /// - Returns: The resources and the diagnostics.
    public static func export(
        _ table: RouteTable,
        configuration: EdgeRouterConfiguration = .defaults,
        options: ExportOptions = ExportOptions()
    ) -> EnvoyConfiguration {
        var diagnostics: [ExportDiagnostic] = []
        let loadBalancing = LoadBalancingExport(configuration, diagnostics: &diagnostics)
        if configuration.makeOutlierDetector != nil {
            diagnostics.append(
                ExportDiagnostic(
                    kind: .customOutlierDetector,
                    path: "outlierDetection",
                    message: "a custom outlier detector decides EdgeRouting's ejections; Envoy runs its own detector "
                        + "with the outlierDetection settings"
                )
            )
        }
        let retries = RetryPolicyExport(configuration, diagnostics: &diagnostics)
        let healthChecks = HealthCheckExport(configuration, diagnostics: &diagnostics)
        let builder = ClusterBuilder(
            loadBalancing: loadBalancing,
            outlierDetection: configuration.outlierDetection,
            retryBudget: configuration.retries.budget,
            healthChecks: healthChecks,
            options: options
        )

        var clusters: [ExportedCluster] = []
        var names: [DestinationPlan.Identity: [String]] = [:]
        for plan in table.plans {
            let path = self.path(of: plan.identity, in: table)
            if let failover = plan.failover {
                let name = EnvoyNames.cluster(for: plan.identity)
                let members = failover.tiers.enumerated().flatMap { priority, tier in
                    tier.clusters.map { (priority: priority, cluster: $0) }
                }
                clusters.append(
                    builder.cluster(
                        named: name,
                        destination: plan.identity,
                        members: members,
                        path: path,
                        diagnostics: &diagnostics
                    )
                )
                names[plan.identity] = [name]
            } else if let weighted = plan.weighted {
                let targetNames = EnvoyNames.weightedTargets(for: plan.identity)
                for (target, name) in zip(weighted.targets, targetNames) {
                    clusters.append(
                        builder.cluster(
                            named: name,
                            destination: plan.identity,
                            members: target.clusters.map { (priority: 0, cluster: $0) },
                            path: path,
                            diagnostics: &diagnostics
                        )
                    )
                }
                names[plan.identity] = targetNames
                self.checkBudgetScope(weighted, configuration: configuration, path: path, diagnostics: &diagnostics)
            }
        }
        let routes = RouteConfigurationBuilder(retries: retries)
            .routeConfiguration(table, clusters: names, diagnostics: &diagnostics)
        return EnvoyConfiguration(
            routeTable: table,
            listener: ListenerBuilder.listener(options, routes: routes),
            clusters: clusters,
            diagnostics: diagnostics
        )
    }

    /// The edge Gateway path of the first rule whose destination has this identity.
    private static func path(of identity: DestinationPlan.Identity, in table: RouteTable) -> String {
        for (serverIndex, server) in table.servers.enumerated() {
            if let ruleIndex = server.rules.firstIndex(where: { $0.plan.identity == identity }) {
                return "spec.http[\(serverIndex)].routing.rules[\(ruleIndex)].route.clusterDestination"
            }
        }
        return "spec.http"
    }

    /// EdgeRouting gives each weighted target a destination of its own (its own outlier detector, as
    /// Envoy's per-target clusters), but the retry budget belongs to the route.
    private static func checkBudgetScope(
        _ plan: WeightedPlan,
        configuration: EdgeRouterConfiguration,
        path: String,
        diagnostics: inout [ExportDiagnostic]
    ) {
        let budget = configuration.retries.budget
        let usable = plan.targets.filter(\.hasEndpoints).count
        guard usable > 1, configuration.retries.attempts > 0, budget.isEnabled, budget.hasConcurrencyCap else { return }
        diagnostics.append(
            ExportDiagnostic(
                kind: .weightedRetryBudgetScope,
                path: "retries.budget",
                message: "the in-flight retry budget of the route at \(path) covers its \(usable) targets together in "
                    + "EdgeRouting; Envoy gives each target cluster its own retry_budget"
            )
        )
    }
}
