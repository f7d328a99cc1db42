/// Hands out the router's endpoint and cluster identities and keeps them stable.
///
/// An endpoint (an address in a cluster) keeps its ``EndpointID`` for as long as it stays in the
/// topology. When it leaves, its slot is freed for reuse with a new generation, so an identity that a
/// late-completing attempt still carries never refers to a different endpoint. Cluster identities are
/// never reused: clusters come and go rarely, and their counters are kept for the life of the router.
struct IdentityRegistry {
    struct EndpointKey: Hashable {
        let cluster: String
        let address: EndpointAddress
    }

    private var endpointIDs: [EndpointKey: EndpointID] = [:]
    private var generations: [UInt32] = []
    private var freeSlots: [UInt32] = []
    private(set) var clusterIDs: [String: ClusterID] = [:]
    private(set) var clusterNames: [String] = []

    /// The identity of an endpoint, assigning one on first sight.
    mutating func endpointID(cluster: String, address: EndpointAddress) -> EndpointID {
        let key = EndpointKey(cluster: cluster, address: address)
        if let id = self.endpointIDs[key] { return id }
        let slot: UInt32
        if let free = self.freeSlots.popLast() {
            slot = free
        } else {
            slot = UInt32(self.generations.count)
            self.generations.append(0)
        }
        let id = EndpointID(rawValue: UInt64(self.generations[Int(slot)]) << 32 | UInt64(slot))
        self.endpointIDs[key] = id
        return id
    }

    /// The identity of a cluster, assigning one on first sight.
    mutating func clusterID(_ name: String) -> ClusterID {
        if let id = self.clusterIDs[name] { return id }
        let id = ClusterID(rawValue: UInt32(self.clusterNames.count))
        self.clusterIDs[name] = id
        self.clusterNames.append(name)
        return id
    }

    /// Frees the identities of every endpoint not in `kept`.
    mutating func releaseEndpoints(except kept: Set<EndpointID>) {
        for (key, id) in self.endpointIDs where !kept.contains(id) {
            self.endpointIDs[key] = nil
            let slot = Int(id.rawValue & 0xFFFF_FFFF)
            self.generations[slot] &+= 1
            self.freeSlots.append(UInt32(slot))
        }
    }
}
