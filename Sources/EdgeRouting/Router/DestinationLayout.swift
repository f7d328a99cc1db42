/// The immutable shape of one destination — one outlier-detection scope, like one Envoy cluster: its
/// endpoints in tier order, each tier a contiguous range and each cluster a contiguous range within it.
///
/// The per-endpoint facts the hot path reads are kept in plain buffers owned by the layout, so a pick
/// touches no reference counts.
final class DestinationLayout: @unchecked Sendable {
    // @unchecked: the buffers are written only in `init` and freed in `deinit`.

    /// A cluster's place in the layout.
    struct ClusterRange {
        let id: ClusterID
        let name: String
        let tier: Int
        let range: Range<Int>
    }

    /// A readable name, for example `bookinfo.tse.tetratelabs.io:80 automatic`.
    let name: String
    /// The number of endpoints.
    let count: Int
    let endpointIDs: UnsafeMutableBufferPointer<EndpointID>
    let clusterIDs: UnsafeMutableBufferPointer<ClusterID>
    let weights: UnsafeMutableBufferPointer<UInt32>
    /// The endpoints' addresses, by index (for descriptions, not for the hot path).
    let addresses: [EndpointAddress]
    /// The endpoint range of each tier.
    let tierRanges: [Range<Int>]
    /// The clusters, in tier order.
    let clusters: [ClusterRange]
    /// Index into ``clusters`` by cluster identity.
    let clusterIndex: [ClusterID: Int]
    /// Index of each endpoint by identity.
    let endpointIndex: [EndpointID: Int]

    /// One endpoint as the layout is built from it.
    struct Member {
        let id: EndpointID
        let cluster: ClusterID
        let clusterName: String
        let address: EndpointAddress
        let weight: UInt32
    }

    /// Builds a layout from tiers of clusters of members.
    init(name: String, tiers: [[[Member]]]) {
        self.name = name
        let members = tiers.flatMap { $0.flatMap { $0 } }
        self.count = members.count
        self.endpointIDs = .allocate(capacity: members.count)
        self.clusterIDs = .allocate(capacity: members.count)
        self.weights = .allocate(capacity: members.count)
        _ = self.endpointIDs.initialize(from: members.map(\.id))
        _ = self.clusterIDs.initialize(from: members.map(\.cluster))
        _ = self.weights.initialize(from: members.map { max(1, $0.weight) })
        self.addresses = members.map(\.address)
        var tierRanges: [Range<Int>] = []
        var clusters: [ClusterRange] = []
        var start = 0
        for (tier, tierClusters) in tiers.enumerated() {
            let tierStart = start
            for cluster in tierClusters where !cluster.isEmpty {
                clusters.append(
                    ClusterRange(
                        id: cluster[0].cluster,
                        name: cluster[0].clusterName,
                        tier: tier,
                        range: start..<start + cluster.count
                    )
                )
                start += cluster.count
            }
            tierRanges.append(tierStart..<start)
        }
        self.tierRanges = tierRanges
        self.clusters = clusters
        self.clusterIndex = Dictionary(
            clusters.enumerated().map { ($0.element.id, $0.offset) },
            uniquingKeysWith: { a, _ in a }
        )
        self.endpointIndex = Dictionary(
            members.enumerated().map { ($0.element.id, $0.offset) },
            uniquingKeysWith: { a, _ in a }
        )
    }

    deinit {
        self.endpointIDs.deallocate()
        self.clusterIDs.deallocate()
        self.weights.deallocate()
    }

    /// The endpoints in index order.
    var endpoints: [EndpointID] {
        Array(self.endpointIDs)
    }

    /// The tier of the endpoint at `index`.
    func tier(ofEndpoint index: Int) -> Int {
        self.tierRanges.firstIndex { $0.contains(index) } ?? 0
    }

    /// The cluster names of each tier.
    var tierClusterNames: [[String]] {
        self.tierRanges.indices.map { tier in self.clusters.filter { $0.tier == tier }.map(\.name) }
    }
}
