import EdgeRouting

/// Builds the Envoy cluster of one destination (or one weighted target) from its workload clusters.
///
/// Each workload cluster becomes one `LocalityLbEndpoints` with
/// `locality {region, zone, sub_zone: <workload cluster>}` and the priority of its EdgeRouting tier, so
/// that Envoy pools the endpoints of a tier (EdgeRouting's default) or weights them per workload cluster
/// (`localityWeighted`, where Envoy's locality is EdgeRouting's cluster).
struct ClusterBuilder: Sendable {
    let loadBalancing: LoadBalancingExport
    let outlierDetection: OutlierDetectionConfiguration
    let retryBudget: RetryPolicy.Budget
    let healthChecks: HealthCheckExport
    let options: ExportOptions

    /// The cluster.
    ///
    /// - Parameters:
    ///   - name: The Envoy cluster name.
    ///   - destination: The plan the cluster serves.
    ///   - members: The workload clusters with their priorities, in priority order.
    ///   - path: Where in the edge Gateway the destination is, for diagnostics.
    ///   - diagnostics: Where to report what Envoy cannot express.
    func cluster(
        named name: String,
        destination: DestinationPlan.Identity,
        members: [(priority: Int, cluster: ResolvedCluster)],
        path: String,
        diagnostics: inout [ExportDiagnostic]
    ) -> ExportedCluster {
        let localities = members.map { member in
            ExportedCluster.Locality(
                priority: member.priority,
                cluster: member.cluster.name,
                locality: member.cluster.locality,
                endpoints: member.cluster.endpoints
            )
        }
        let assignment = self.loadAssignment(name: name, localities: localities, path: path, diagnostics: &diagnostics)
        let dnsHosts = localities.flatMap(\.endpoints).map(\.address).filter { !Self.isIPLiteral($0) }

        var cluster = JSONObject()
        cluster["name"] = .string(name)
        var endpointFile: String?
        if !dnsHosts.isEmpty {
            cluster["type"] = "STRICT_DNS"
            var message = "\(dnsHosts.map(\.description).joined(separator: ", ")) "
            message += dnsHosts.count == 1 ? "is a DNS name" : "are DNS names"
            message += ", so the cluster is STRICT_DNS: Envoy makes every address a name resolves to an endpoint "
            message += "of its own, where EdgeRouting counts one endpoint per name"
            if self.options.endpointDelivery.directory != nil {
                message += ". EDS accepts only IP addresses, so the endpoints are inline in CDS: a change "
                message += "re-creates the cluster, which loses its outlier-detection state"
            }
            diagnostics.append(ExportDiagnostic(kind: .dnsEndpoints, path: path, cluster: name, message: message))
        } else if let directory = self.options.endpointDelivery.directory {
            cluster["type"] = "EDS"
            let file = directory + "/" + EnvoyNames.endpointFile(forCluster: name)
            endpointFile = file
            cluster["eds_cluster_config"] = [
                "service_name": .string(name),
                "eds_config": ["path_config_source": ["path": .string(file)], "resource_api_version": "V3"],
            ]
        } else {
            cluster["type"] = "STATIC"
        }
        cluster["connect_timeout"] = ProtoJSON.duration(self.options.connectTimeout)
        self.loadBalancing.clusterFields(into: &cluster)
        self.leastRequestCheck(localities, name: name, path: path, diagnostics: &diagnostics)
        cluster["outlier_detection"] = OutlierDetectionExport.outlierDetection(self.outlierDetection)
        let checks = self.healthChecks.healthChecks(forCluster: name, hostname: destination.hostname)
        if !checks.isEmpty {
            cluster["health_checks"] = .array(checks)
        }
        cluster["circuit_breakers"] = self.circuitBreakers
        if endpointFile == nil {
            cluster["load_assignment"] = assignment
        }
        return ExportedCluster(
            name: name,
            destination: destination,
            resource: .object(cluster),
            loadAssignment: assignment,
            endpointFile: endpointFile,
            localities: localities
        )
    }

    /// Envoy's circuit breakers at their largest: EdgeRouting limits no connections, pending or active
    /// requests (Envoy's defaults are 1024 each), and bounds retries only by the retry policy and the
    /// budget, never by Envoy's default of 3 retries in flight. An in-flight retry budget becomes
    /// Envoy's `retry_budget`, which then replaces `max_retries`.
    var circuitBreakers: JSONValue {
        var threshold: JSONObject = [
            "priority": "DEFAULT",
            "max_connections": ProtoJSON.unlimited,
            "max_pending_requests": ProtoJSON.unlimited,
            "max_requests": ProtoJSON.unlimited,
            "max_retries": ProtoJSON.unlimited,
        ]
        if self.retryBudget.isEnabled && self.retryBudget.hasConcurrencyCap {
            threshold["retry_budget"] = [
                "budget_percent": ProtoJSON.percent(self.retryBudget.maxConcurrentRetryPercent ?? 20),
                "min_retry_concurrency": .int(self.retryBudget.minRetryConcurrency ?? 3),
            ]
        }
        return ["thresholds": [.object(threshold)]]
    }

    private func loadAssignment(
        name: String,
        localities: [ExportedCluster.Locality],
        path: String,
        diagnostics: inout [ExportDiagnostic]
    ) -> JSONValue {
        let groups = localities.map { locality -> JSONValue in
            var place: JSONObject = ["region": .string(locality.locality.region)]
            if let zone = locality.locality.zone {
                place["zone"] = .string(zone)
            }
            place["sub_zone"] = .string(locality.cluster)
            var group = JSONObject()
            group["locality"] = .object(place)
            group["lb_endpoints"] = .array(
                locality.endpoints.map { endpoint in
                    [
                        "endpoint": [
                            "address": ProtoJSON.socketAddress(host: endpoint.address.host, port: endpoint.address.port)
                        ],
                        "load_balancing_weight": .int(endpoint.weight),
                    ]
                }
            )
            if self.loadBalancing.localityWeighted {
                let total = locality.endpoints.reduce(UInt64(0)) { $0 + UInt64($1.weight) }
                if total > UInt64(UInt32.max) {
                    diagnostics.append(
                        ExportDiagnostic(
                            kind: .localityWeightOverflow,
                            path: path,
                            cluster: name,
                            message: "the endpoint weights of \(locality.cluster) add up to \(total), more than "
                                + "Envoy's locality weight holds; capped at \(UInt32.max)"
                        )
                    )
                }
                group["load_balancing_weight"] = .int(min(total, UInt64(UInt32.max)))
            }
            group["priority"] = .int(locality.priority)
            return .object(group)
        }
        return [
            "cluster_name": .string(name),
            "endpoints": .array(groups),
            "policy": self.loadBalancing.assignmentPolicy,
        ]
    }

    private func leastRequestCheck(
        _ localities: [ExportedCluster.Locality],
        name: String,
        path: String,
        diagnostics: inout [ExportDiagnostic]
    ) {
        guard self.loadBalancing.lbPolicy == "LEAST_REQUEST" else { return }
        let weights = Set(localities.flatMap(\.endpoints).map(\.weight))
        guard weights.count > 1 else { return }
        diagnostics.append(
            ExportDiagnostic(
                kind: .leastRequestWeights,
                path: path,
                cluster: name,
                message: "endpoints of unequal weights: Envoy's LEAST_REQUEST schedules them by weight / "
                    + "(active + 1)^bias, EdgeRouting compares active / weight of \(self.loadBalancing.choiceCount ?? 2) "
                    + "random candidates; the two agree only for equal weights"
            )
        )
    }

    /// Whether the address's host is an IPv4 or IPv6 literal (EDS and `STATIC` clusters need one).
    static func isIPLiteral(_ address: EndpointAddress) -> Bool {
        if address.isIPv6 { return true }
        let parts = address.host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                    && (Int(part) ?? 256) <= 255
            }
    }
}
