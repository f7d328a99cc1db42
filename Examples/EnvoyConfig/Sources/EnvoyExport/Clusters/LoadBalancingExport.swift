import EdgeRouting

/// EdgeRouting's load-balancing settings as Envoy's cluster fields: the priority-load parameters
/// (`overprovisioning_factor`, `weighted_priority_health`, `healthy_panic_threshold`), the in-tier
/// picker (`lb_policy`) and locality weighting.
struct LoadBalancingExport: Sendable {
    /// The overprovisioning factor Envoy computes tier health with.
    let overprovisioningFactor: Int
    /// The panic threshold, in percent.
    let panicThreshold: Int
    /// Whether tier health counts endpoint weights.
    let weightedPriorityHealth: Bool
    /// Whether the policy is strict failover (exported as a very large overprovisioning factor).
    let strict: Bool
    /// Envoy's `lb_policy`.
    let lbPolicy: String
    /// The least-request choice count, for `LEAST_REQUEST`.
    let choiceCount: Int?
    /// Whether tiers weight their clusters (`locality_weighted_lb_config`).
    let localityWeighted: Bool

    /// The overprovisioning factor that makes Envoy's priority load strict: with it, a tier with one
    /// healthy endpoint (or one unit of healthy weight) in up to 2^24 has health
    /// `min(100, factor × healthy / total) = 100`, so it takes all the traffic, and Envoy's products
    /// (`factor × healthy`, 64 bits) cannot overflow. When no tier is healthy every tier's health is 0
    /// whatever the factor, and Envoy's fallback is EdgeRouting's.
    static let strictOverprovisioningFactor = 100 << 24

    /// Reads the settings and reports what Envoy cannot express.
    init(_ configuration: EdgeRouterConfiguration, diagnostics: inout [ExportDiagnostic]) {
        if let policy = configuration.loadBalancingPolicy as? PriorityFailoverPolicy {
            self.overprovisioningFactor = policy.overprovisioningFactor
            self.panicThreshold = policy.panicThreshold
            self.weightedPriorityHealth = policy.weightedPriorityHealth
            self.strict = false
        } else if let policy = configuration.loadBalancingPolicy as? StrictFailoverPolicy {
            self.overprovisioningFactor = Self.strictOverprovisioningFactor
            self.panicThreshold = policy.panicThreshold
            self.weightedPriorityHealth = policy.weightedPriorityHealth
            self.strict = true
            if configuration.localityWeighted {
                diagnostics.append(
                    ExportDiagnostic(
                        kind: .strictFailoverLocalityWeights,
                        path: "loadBalancing.localityWeighted",
                        message: "strict failover is exported as overprovisioning factor "
                            + "\(Self.strictOverprovisioningFactor), which Envoy also applies to locality weights: "
                            + "a cluster keeps its full weight while any of its endpoints is healthy, where "
                            + "EdgeRouting scales it by its health with factor \(policy.overprovisioningFactor)"
                    )
                )
            }
        } else {
            self.overprovisioningFactor = 140
            self.panicThreshold = 0
            self.weightedPriorityHealth = false
            self.strict = false
            diagnostics.append(
                ExportDiagnostic(
                    kind: .customLoadBalancingPolicy,
                    path: "loadBalancing.policy",
                    message: "\(type(of: configuration.loadBalancingPolicy)) is not a built-in policy; exported as "
                        + "Envoy's priority load with overprovisioning factor 140 and panic threshold 0"
                )
            )
        }
        switch configuration.endpointPicker {
        case is RoundRobinPicker:
            self.lbPolicy = "ROUND_ROBIN"
            self.choiceCount = nil
        case let picker as LeastRequestPicker:
            self.lbPolicy = "LEAST_REQUEST"
            self.choiceCount = picker.choiceCount
        case is RandomPicker:
            self.lbPolicy = "RANDOM"
            self.choiceCount = nil
        default:
            self.lbPolicy = "ROUND_ROBIN"
            self.choiceCount = nil
            diagnostics.append(
                ExportDiagnostic(
                    kind: .customEndpointPicker,
                    path: "loadBalancing.picker",
                    message: "\(type(of: configuration.endpointPicker)) is not a built-in picker; exported as "
                        + "ROUND_ROBIN"
                )
            )
        }
        self.localityWeighted = configuration.localityWeighted
    }

    /// The cluster's load-balancing fields: `lb_policy`, `least_request_lb_config` and
    /// `common_lb_config`.
    func clusterFields(into cluster: inout JSONObject) {
        cluster["lb_policy"] = .string(self.lbPolicy)
        if let choiceCount = self.choiceCount {
            cluster["least_request_lb_config"] = ["choice_count": .int(choiceCount)]
        }
        var common = JSONObject()
        common["healthy_panic_threshold"] = ProtoJSON.percent(Double(self.panicThreshold))
        if self.localityWeighted {
            common["locality_weighted_lb_config"] = .object(JSONObject())
        }
        cluster["common_lb_config"] = .object(common)
    }

    /// The `ClusterLoadAssignment.policy`: the overprovisioning factor and weighted priority health.
    var assignmentPolicy: JSONValue {
        [
            "overprovisioning_factor": .int(self.overprovisioningFactor),
            "weighted_priority_health": .bool(self.weightedPriorityHealth),
        ]
    }
}
