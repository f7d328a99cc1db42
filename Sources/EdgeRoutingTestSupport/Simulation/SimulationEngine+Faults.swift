import EdgeRouting

extension SimulationEngine {
    /// Applies the action scheduled under `index`.
    mutating func perform(_ index: Int) throws {
        let action = self.actions[index]
        switch action {
        case .fault(let scheduled):
            let wasImpaired = self.impairedClusters()
            let description = self.describe(scheduled.fault)
            self.record("fault", description)
            try self.apply(scheduled.fault, description: description)
            self.updateIncidents(before: wasImpaired, description: description)
        case .endpointsDown(let endpoints, let down):
            for endpoint in endpoints {
                self.endpointDown[endpoint] = down
            }
        case .flapEnd(let cluster, let endpoints, let description):
            let wasImpaired = self.impairedClusters()
            for endpoint in endpoints {
                self.endpointDown[endpoint] = false
            }
            self.clusters[cluster].activeFlaps -= 1
            self.record("fault", description)
            self.updateIncidents(before: wasImpaired, description: description)
        case .edgeTopology(let topology, let description):
            do {
                let changes = try self.router.update(topology: topology)
                let moved = changes.hostnames.flatMap { change in
                    change.clustersRemoved.map { "−\($0)" } + change.clustersAdded.map { "+\($0)" }
                }
                self.record(
                    "reconfigured",
                    "edge reconfigured (\(description))" + (moved.isEmpty ? "" : ": " + moved.joined(separator: " "))
                )
            } catch {
                self.record("rejected", "edge reconfiguration rejected (\(description)): \(error)")
            }
        case .ingressConfiguration(let cluster):
            let serves = self.servesDesired(cluster)
            if self.clusters[cluster].servesHost != serves {
                self.clusters[cluster].servesHost = serves
                self.record(
                    "fault",
                    "\(self.clusters[cluster].ingress) (\(self.clusters[cluster].name)) "
                        + (serves ? "serves" : "no longer serves") + " \(self.hostname)"
                )
            }
        }
    }

    /// What an operator would have typed, with the names of this world:
    /// `kubectl scale deployment ingressgw-1 --replicas=0 (cluster-1)`.
    func describe(_ fault: Fault) -> String {
        func state(_ name: String) -> ClusterState? {
            self.clusters.first { $0.name == name }
        }
        switch fault.action {
        case .deleteGateway(let cluster, let gateway):
            let names = gateway.map { [$0] } ?? state(cluster)?.hostGateways ?? []
            return "tctl delete Gateway \(names.joined(separator: ", ")) (\(cluster))"
        case .restoreGateway(let cluster, let gateway):
            let names = gateway.map { [$0] } ?? state(cluster)?.deletedGateways ?? []
            return "tctl apply Gateway \(names.joined(separator: ", ")) (\(cluster))"
        case .scaleIngress(let cluster, let replicas):
            let ingress = state(cluster)?.ingress ?? "ingress"
            let command = "kubectl scale deployment \(ingress) --replicas=\(replicas) (\(cluster))"
            // With several endpoints, say how many serve: the first `replicas` in topology order.
            guard let endpoints = state(cluster)?.endpoints, endpoints.count > 1 else { return command }
            return command + ": \(min(replicas, endpoints.count)) of \(endpoints.count) endpoints serve"
        case .scaleUpstream(let cluster, let replicas):
            let upstream = state(cluster)?.upstream ?? "upstream"
            return "kubectl scale deployment \(upstream) --replicas=\(replicas) (\(cluster))"
        default:
            return fault.description
        }
    }

    private mutating func apply(_ fault: Fault, description: String) throws {
        let delay = self.simulation.scenario.propagationDelay.totalNanoseconds
        switch fault.action {
        case .deleteGateway(let name, let gateway):
            let cluster = try self.cluster(named: name)
            let names = gateway.map { [$0] } ?? self.clusters[cluster].hostGateways
            for gatewayName in names where !self.clusters[cluster].deletedGateways.contains(gatewayName) {
                self.clusters[cluster].deletedGateways.append(gatewayName)
            }
            self.schedule(.edgeTopology(self.desiredTopology(), description), at: self.now + delay)
            self.schedule(
                .ingressConfiguration(cluster: cluster),
                at: self.now + delay + self.simulation.scenario.ingressDrain.totalNanoseconds
            )
        case .restoreGateway(let name, let gateway):
            let cluster = try self.cluster(named: name)
            if let gateway {
                self.clusters[cluster].deletedGateways.removeAll { $0 == gateway }
            } else {
                self.clusters[cluster].deletedGateways.removeAll()
            }
            // The workload cluster has its configuration at once; the edge learns later.
            self.clusters[cluster].servesHost = self.servesDesired(cluster)
            self.schedule(.edgeTopology(self.desiredTopology(), description), at: self.now + delay)
        case .scaleIngress(let name, let replicas):
            self.clusters[try self.cluster(named: name)].ingressReplicas = replicas
        case .scaleUpstream(let name, let replicas):
            self.clusters[try self.cluster(named: name)].upstreamReplicas = replicas
        case .regionOutage(let region):
            for index in self.clusters.indices where self.clusters[index].region == region {
                self.clusters[index].regionDown = true
            }
        case .restoreRegion(let region):
            for index in self.clusters.indices where self.clusters[index].region == region {
                self.clusters[index].regionDown = false
            }
        case .flap(let name, let address, let down, let up, let until):
            let cluster = try self.cluster(named: name)
            let endpoints: [Int]
            if let address {
                endpoints = self.clusters[cluster].endpoints.filter {
                    self.endpointAddresses[$0].description == address
                }
            } else {
                endpoints = self.clusters[cluster].endpoints
            }
            let end = until.totalNanoseconds
            guard end > self.now else { return }
            self.clusters[cluster].activeFlaps += 1
            var time = self.now
            var isDown = true
            var toggles = 0
            while time < end && toggles < Simulation.maximumFlapToggles {
                self.schedule(.endpointsDown(endpoints, isDown), at: time)
                time += (isDown ? down : up).totalNanoseconds
                isDown.toggle()
                toggles += 1
            }
            let what = address.map { "\($0) (\(name))" } ?? name
            self.schedule(.flapEnd(cluster: cluster, endpoints: endpoints, "flapping of \(what) stops"), at: end)
        case .addLatency(let name, let latency):
            self.clusters[try self.cluster(named: name)].addedLatency = latency.totalNanoseconds
        }
    }

    private func cluster(named name: String) throws -> Int {
        guard let index = self.clusters.firstIndex(where: { $0.name == name }) else {
            throw ConfigurationError(
                code: .invalidValue,
                path: "faults",
                message: "there is no cluster named \"\(name)\""
            )
        }
        return index
    }

    /// The original topology without the Gateways deleted so far.
    private func desiredTopology() -> Topology {
        var topology = self.simulation.deployment.topology
        for cluster in self.clusters {
            for gateway in cluster.deletedGateways {
                topology = topology.removingGateway(named: gateway, fromCluster: cluster.name)
            }
        }
        return topology
    }

    /// Whether a cluster's remaining Gateways serve the hostname.
    private func servesDesired(_ cluster: Int) -> Bool {
        let state = self.clusters[cluster]
        guard state.servedHostInitially else { return false }
        let original = self.simulation.deployment.topology.clusters[cluster].gateways
        return original.contains { gateway in
            !(gateway.name.map(state.deletedGateways.contains) ?? false) && Self.serves(gateway, self.hostname)
        }
    }

    /// The clusters a fault impairs right now: no ingress, no upstream, unreachable, flapping, or no
    /// Gateway for the hostname in the control plane.
    func impairedClusters() -> Set<Int> {
        var impaired: Set<Int> = []
        for (index, cluster) in self.clusters.enumerated() {
            let missingGateway = cluster.servedHostInitially && !self.servesDesired(index)
            if cluster.ingressImpaired || cluster.upstreamReplicas == 0 || cluster.regionDown || missingGateway {
                impaired.insert(index)
            }
        }
        return impaired
    }

    private mutating func updateIncidents(before: Set<Int>, description: String) {
        let after = self.impairedClusters()
        if before.isEmpty && !after.isEmpty {
            self.incidents.append(IncidentState(start: self.now, repair: nil, clusters: after, faults: [description]))
            return
        }
        guard var incident = self.incidents.last, incident.repair == nil, !before.isEmpty else { return }
        incident.clusters.formUnion(after)
        if incident.faults.last != description {
            incident.faults.append(description)
        }
        if after.isEmpty {
            incident.repair = self.now
        }
        self.incidents[self.incidents.count - 1] = incident
    }

    /// Adds a timeline entry; the same entry at the same instant is kept once (two flapping faults of
    /// one cluster that stop together).
    mutating func record(_ kind: String, _ detail: String) {
        if let last = self.timeline.last, last.time == self.now, last.kind == kind, last.detail == detail {
            return
        }
        self.timeline.append(TimelineItem(time: self.now, kind: kind, detail: detail))
    }
}
