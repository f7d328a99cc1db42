import EdgeRouting

/// EdgeRouting's retry policy as a route's `retry_policy`.
///
/// | EdgeRouting | Envoy |
/// |---|---|
/// | `attempts` | `num_retries` (no `retry_policy` at all when 0, as Istio) |
/// | `retryOn` conditions | `retry_on`, the same names |
/// | retriable status codes | `retriable_status_codes` |
/// | `perTryTimeout` | `per_try_timeout` |
/// | `backoff` (jittered exponential) | `retry_back_off {base_interval, max_interval}` |
/// | `rateLimitedBackoff` | `rate_limited_retry_back_off` (`seconds`, `unix-timestamp` headers) |
/// | `retryTarget` `different-cluster` / `different-tier` | `retry_priority` `previous_priorities` + `previous_hosts` |
/// | `retryTarget` `different-endpoint`, weighted routes | `retry_host_predicate` `previous_hosts` |
/// | in-flight budget | the cluster's `circuit_breakers` `retry_budget` (see ``ClusterBuilder``) |
struct RetryPolicyExport: Sendable {
    let policy: RetryPolicy

    /// How many times Envoy re-draws a host that `previous_hosts` rejects: one per endpoint a request
    /// can have tried, and at least Istio's 5.
    var hostSelectionAttempts: Int {
        max(5, self.policy.attempts + 1)
    }

    /// Reads the policy and reports what applies to every route.
    init(_ configuration: EdgeRouterConfiguration, diagnostics: inout [ExportDiagnostic]) {
        self.policy = configuration.retries
        if configuration.makeRetryPlanner != nil {
            diagnostics.append(
                ExportDiagnostic(
                    kind: .customRetryPlanner,
                    path: "retries",
                    message: "a custom retry planner decides EdgeRouting's retries; Envoy retries by the retries "
                        + "settings as the default planner would"
                )
            )
        }
        guard self.policy.attempts > 0 else { return }
        if self.policy.backoff.strategy != .jitteredExponential {
            diagnostics.append(
                ExportDiagnostic(
                    kind: .backoffStrategy,
                    path: "retries.backoff.strategy",
                    message: "Envoy has no \(self.policy.backoff.strategy) back-off; exported as its jittered "
                        + "exponential back-off with the same base and maximum intervals"
                )
            )
        }
        for (index, header) in (self.policy.rateLimitedBackoff?.resetHeaders ?? []).enumerated()
        where header.format == .httpDate {
            diagnostics.append(
                ExportDiagnostic(
                    kind: .resetHeaderFormat,
                    path: "retries.rateLimitedBackoff.resetHeaders[\(index)]",
                    message: "Envoy reads reset headers only as seconds or Unix timestamps; '\(header.name)' in "
                        + "the http-date format is left out"
                )
            )
        }
        if self.policy.budget.isEnabled {
            var message = "EdgeRouting allows retries up to \(Self.number(self.policy.budget.retryPercent)) % of the "
            message += "requests of the last \(ProtoJSON.duration(self.policy.budget.window).stringValue ?? "") plus "
            message += "\(self.policy.budget.minRetriesPerSecond) per second; Envoy has no such budget, so its "
            message += "retries are bounded by num_retries"
            message += self.policy.budget.hasConcurrencyCap ? " and the in-flight retry budget only" : " only"
            diagnostics.append(ExportDiagnostic(kind: .windowedRetryBudget, path: "retries.budget", message: message))
        }
        if self.policy.attempts > ExclusionSet.capacity {
            diagnostics.append(
                ExportDiagnostic(
                    kind: .retryMemory,
                    path: "retries.attempts",
                    message: "\(self.policy.attempts) retries: EdgeRouting remembers the last \(ExclusionSet.capacity) "
                        + "endpoints and clusters a request tried, Envoy's previous_hosts remembers every one"
                )
            )
        }
    }

    /// The `retry_policy` of a route to `plan`, or `nil` when the policy allows no retries.
    ///
    /// - Parameters:
    ///   - plan: The route's destination.
    ///   - cluster: The Envoy cluster of a failover destination, for diagnostics.
    ///   - path: Where in the edge Gateway the route is.
    ///   - diagnostics: Where to report approximations.
    func retryPolicy(
        for plan: DestinationPlan,
        cluster: String,
        path: String,
        diagnostics: inout [ExportDiagnostic]
    ) -> JSONValue? {
        guard self.policy.attempts > 0 else { return nil }
        var object = JSONObject()
        object["retry_on"] = .string(self.policy.retryOn.names.joined(separator: ","))
        object["num_retries"] = .int(self.policy.attempts)
        if !self.policy.retriableStatusCodes.isEmpty {
            object["retriable_status_codes"] = .array(self.policy.retriableStatusCodes.map { .int($0) })
        }
        if let perTry = self.policy.perTryTimeout {
            object["per_try_timeout"] = ProtoJSON.duration(perTry)
        }
        object["retry_back_off"] = [
            "base_interval": ProtoJSON.duration(self.policy.backoff.baseInterval),
            "max_interval": ProtoJSON.duration(self.policy.backoff.maxInterval),
        ]
        if let rateLimited = self.rateLimitedBackoff {
            object["rate_limited_retry_back_off"] = rateLimited
        }
        if let failover = plan.failover, self.policy.retryTarget != .differentEndpoint {
            object["retry_priority"] = ProtoJSON.typedExtension(
                name: "envoy.retry_priorities.previous_priorities",
                type: "envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
                fields: ["update_frequency": 1]
            )
            if self.policy.retryTarget == .differentCluster,
                let shared = failover.tiers.firstIndex(where: { $0.clusters.count > 1 })
            {
                diagnostics.append(
                    ExportDiagnostic(
                        kind: .retryTargetApproximated,
                        path: path,
                        cluster: cluster,
                        message: "tier P\(shared) holds \(failover.tiers[shared]): EdgeRouting retries on another "
                            + "cluster of the same tier first, Envoy's previous_priorities skips the whole priority"
                    )
                )
            }
        } else if let failover = plan.failover, failover.tiers.count > 1 {
            diagnostics.append(
                ExportDiagnostic(
                    kind: .retryTargetApproximated,
                    path: path,
                    cluster: cluster,
                    message: "different-endpoint over \(failover.tiers.count) tiers: a tried endpoint leaves its "
                        + "tier's health in EdgeRouting, so a retry spills to the next tier once a tier's endpoints "
                        + "are all tried; Envoy's previous_hosts re-draws within the same priority"
                )
            )
        }
        object["retry_host_predicate"] = [
            ProtoJSON.typedExtension(
                name: "envoy.retry_host_predicates.previous_hosts",
                type: "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"
            )
        ]
        object["host_selection_retry_max_attempts"] = .int(self.hostSelectionAttempts)
        return .object(object)
    }

    private var rateLimitedBackoff: JSONValue? {
        guard let rateLimited = self.policy.rateLimitedBackoff else { return nil }
        let headers = rateLimited.resetHeaders.compactMap { header -> JSONValue? in
            switch header.format {
            case .seconds: return ["name": .string(header.name), "format": "SECONDS"]
            case .unixTimestamp: return ["name": .string(header.name), "format": "UNIX_TIMESTAMP"]
            default: return nil
            }
        }
        guard !headers.isEmpty else { return nil }
        return ["reset_headers": .array(headers), "max_interval": ProtoJSON.duration(rateLimited.maxInterval)]
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : "\(value)"
    }
}
