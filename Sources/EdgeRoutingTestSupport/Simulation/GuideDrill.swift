public import EdgeRouting

/// The guide's failure drills (and two more), as scenarios for any deployment.
///
/// Each drill runs the guide's load (`wrk -c 1`) for ``duration``: traffic is healthy for 10 s, the
/// fault strikes at 10 s, the repair comes at 50 s (after the first 30 s ejection has expired and its
/// probe has failed), and the run goes on until 120 s so that recovery can be seen. The fault hits the *local* cluster: the first cluster in the edge's region that serves
/// the hostname (`cluster-1` in the demo).
///
/// ```swift
/// let deployment = DemoEnvironment.deployment(.automatic)
/// let scenario = try GuideDrill.ingressScaleToZero.scenario(for: deployment)
/// let report = try Simulation(deployment: deployment, scenario: scenario).run()
/// ```
public enum GuideDrill: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// `tctl delete -f bookinfo-ingress-1.yaml`, then `tctl apply` again.
    case gatewayDeletion = "gateway-deletion"
    /// `kubectl scale deployment ingressgw-1 --replicas=0`, then back to one replica per endpoint.
    case ingressScaleToZero = "ingress-scale-to-zero"
    /// `kubectl scale deployment productpage-v1 --replicas=0`, then back to 1.
    case upstreamScaleToZero = "upstream-scale-to-zero"
    /// Every cluster of the edge's region becomes unreachable, then comes back.
    case regionOutage = "region-outage"
    /// The local ingress gateway refuses connections for 3 s out of every 15 s between 10 s and 100 s.
    case flapping

    /// The three drills of the guide, in its order.
    public static let guide: [GuideDrill] = [.gatewayDeletion, .ingressScaleToZero, .upstreamScaleToZero]

    /// When the fault strikes.
    public static let faultTime = Duration.seconds(10)
    /// When the repair comes.
    public static let repairTime = Duration.seconds(50)
    /// How long each drill runs.
    public static let duration = Duration.seconds(120)

    /// `gateway-deletion`, `ingress-scale-to-zero`, …
    public var description: String {
        self.rawValue
    }

    /// The drill as a scenario for `deployment`.
    ///
    /// - Parameters:
    ///   - deployment: The deployment; the fault hits its local cluster.
    ///   - load: The load; the guide's `wrk -c 1` by default.
    ///   - duration: How long to run; ``duration`` by default.
    /// - Returns: The scenario.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when the deployment has no cluster to break.
    public func scenario(
        for deployment: EdgeDeployment,
        load: LoadProfile = .wrk,
        duration: Duration = GuideDrill.duration
    ) throws -> SimulationScenario {
        let target = try Self.target(in: deployment)
        let fault = Self.faultTime
        let repair = Self.repairTime
        let faults: [ScheduledFault]
        switch self {
        case .gatewayDeletion:
            faults = [
                .at(fault, .deleteGateway(cluster: target.name)), .at(repair, .restoreGateway(cluster: target.name)),
            ]
        case .ingressScaleToZero:
            faults = [
                .at(fault, .scaleIngress(cluster: target.name, replicas: 0)),
                .at(repair, .scaleIngress(cluster: target.name, replicas: max(1, target.ingressEndpoints.count))),
            ]
        case .upstreamScaleToZero:
            faults = [
                .at(fault, .scaleUpstream(cluster: target.name, replicas: 0)),
                .at(repair, .scaleUpstream(cluster: target.name, replicas: 1)),
            ]
        case .regionOutage:
            faults = [
                .at(fault, .regionOutage(target.locality.region)), .at(repair, .restoreRegion(target.locality.region)),
            ]
        case .flapping:
            faults = [
                .at(fault, .flap(cluster: target.name, down: .seconds(3), up: .seconds(12), until: .seconds(100)))
            ]
        }
        return SimulationScenario(name: self.rawValue, duration: duration, load: load, faults: faults)
    }

    /// The cluster a drill breaks: the first cluster in the edge's region whose Gateways serve the
    /// edge's first hostname, else the first cluster serving it, else the first cluster.
    ///
    /// - Parameter deployment: The deployment.
    /// - Returns: The cluster.
    /// - Throws: ``/EdgeRouting/ConfigurationError`` when the topology has no cluster.
    public static func target(in deployment: EdgeDeployment) throws -> WorkloadCluster {
        let clusters = deployment.topology.clusters
        let hostname = deployment.primaryHostname ?? ""
        let serving = clusters.filter { cluster in cluster.gateways.contains { SimulationEngine.serves($0, hostname) } }
        let region = deployment.edge.locality.region
        guard let target = serving.first(where: { $0.locality.region == region }) ?? serving.first ?? clusters.first
        else {
            throw ConfigurationError(code: .invalidValue, path: "clusters", message: "the topology has no cluster")
        }
        return target
    }
}
