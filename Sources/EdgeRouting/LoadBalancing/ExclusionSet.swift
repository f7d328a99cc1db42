/// What a request's next pick must avoid: the endpoints, clusters and tiers its earlier attempts used.
///
/// A pick treats excluded endpoints as unavailable, so priority loads are computed without them and a
/// retry spills to another endpoint, another cluster or the next tier on its own, while an untried
/// healthy alternative exists. When every candidate is excluded the pick falls back to ignoring the
/// exclusions rather than failing (as Envoy's retry host predicates do).
///
/// The set is a small fixed-size value (no allocation; it travels inside every ``Attempt``): it
/// remembers up to ``capacity`` endpoints and ``capacity`` clusters — enough for the default two retries
/// and then some — forgetting the oldest when more are added, and any of the first 64 tiers.
///
/// ```swift
/// var excluded = ExclusionSet()
/// excluded.insert(endpoint: attempt.endpoint)
/// excluded.insert(cluster: attempt.cluster)
/// ```
public struct ExclusionSet: Hashable, Sendable, CustomStringConvertible {
    /// How many endpoints (and, separately, clusters) the set remembers.
    public static let capacity = 4

    private typealias Slots64 = (UInt64, UInt64, UInt64, UInt64)
    private typealias Slots32 = (UInt32, UInt32, UInt32, UInt32)

    private var endpointSlots: Slots64 = (0, 0, 0, 0)
    private var clusterSlots: Slots32 = (0, 0, 0, 0)
    /// Endpoints ever inserted; the ring index of the next insertion is `endpointInsertions % capacity`.
    private var endpointInsertions: UInt32 = 0
    private var clusterInsertions: UInt32 = 0
    private var tierMask: UInt64 = 0

    /// An empty set.
    public init() {}

    /// Whether nothing is excluded.
    public var isEmpty: Bool {
        self.endpointInsertions == 0 && self.clusterInsertions == 0 && self.tierMask == 0
    }

    /// Whether any cluster or tier is excluded (not just endpoints).
    public var excludesClustersOrTiers: Bool {
        self.clusterInsertions != 0 || self.tierMask != 0
    }

    /// The excluded endpoints, oldest first (at most ``capacity``).
    public var endpoints: [EndpointID] {
        Self.contents(of: self.endpointSlots, insertions: self.endpointInsertions).map { EndpointID(rawValue: $0) }
    }

    /// The excluded clusters, oldest first (at most ``capacity``).
    public var clusters: [ClusterID] {
        Self.contents(of: self.clusterSlots, insertions: self.clusterInsertions).map { ClusterID(rawValue: $0) }
    }

    /// The excluded tiers in increasing order.
    public var tiers: [Int] {
        (0..<64).filter { self.tierMask & (1 << UInt64($0)) != 0 }
    }

    /// Excludes an endpoint; the oldest remembered endpoint is forgotten when the set is full.
    ///
    /// - Parameter endpoint: The endpoint to avoid.
    public mutating func insert(endpoint: EndpointID) {
        if self.contains(endpoint: endpoint) { return }
        let slot = Int(self.endpointInsertions % UInt32(Self.capacity))
        withUnsafeMutableBytes(of: &self.endpointSlots) {
            $0.storeBytes(of: endpoint.rawValue, toByteOffset: slot * 8, as: UInt64.self)
        }
        self.endpointInsertions &+= 1
    }

    /// Excludes a cluster (and so every endpoint in it); the oldest is forgotten when the set is full.
    ///
    /// - Parameter cluster: The cluster to avoid.
    public mutating func insert(cluster: ClusterID) {
        if self.contains(cluster: cluster) { return }
        let slot = Int(self.clusterInsertions % UInt32(Self.capacity))
        withUnsafeMutableBytes(of: &self.clusterSlots) {
            $0.storeBytes(of: cluster.rawValue, toByteOffset: slot * 4, as: UInt32.self)
        }
        self.clusterInsertions &+= 1
    }

    /// Excludes a priority tier (and so every endpoint in it). Tiers from 64 on are ignored.
    ///
    /// - Parameter tier: The tier index to avoid.
    public mutating func insert(tier: Int) {
        guard (0..<64).contains(tier) else { return }
        self.tierMask |= 1 << UInt64(tier)
    }

    /// Calls `body` with each excluded endpoint, without allocating.
    ///
    /// - Parameter body: Called once per remembered endpoint.
    public func forEachEndpoint(_ body: (EndpointID) -> Void) {
        let count = min(Int(self.endpointInsertions), Self.capacity)
        withUnsafeBytes(of: self.endpointSlots) { bytes in
            for slot in 0..<count {
                body(EndpointID(rawValue: bytes.load(fromByteOffset: slot * 8, as: UInt64.self)))
            }
        }
    }

    /// Calls `body` with each excluded cluster, without allocating.
    ///
    /// - Parameter body: Called once per remembered cluster.
    public func forEachCluster(_ body: (ClusterID) -> Void) {
        let count = min(Int(self.clusterInsertions), Self.capacity)
        withUnsafeBytes(of: self.clusterSlots) { bytes in
            for slot in 0..<count {
                body(ClusterID(rawValue: bytes.load(fromByteOffset: slot * 4, as: UInt32.self)))
            }
        }
    }

    /// Whether the endpoint itself is excluded.
    ///
    /// - Parameter endpoint: The endpoint to test.
    @inline(__always)
    public func contains(endpoint: EndpointID) -> Bool {
        let count = min(Int(self.endpointInsertions), Self.capacity)
        if count == 0 { return false }
        return withUnsafeBytes(of: self.endpointSlots) { bytes in
            for slot in 0..<count where bytes.load(fromByteOffset: slot * 8, as: UInt64.self) == endpoint.rawValue {
                return true
            }
            return false
        }
    }

    /// Whether the cluster is excluded.
    ///
    /// - Parameter cluster: The cluster to test.
    @inline(__always)
    public func contains(cluster: ClusterID) -> Bool {
        let count = min(Int(self.clusterInsertions), Self.capacity)
        if count == 0 { return false }
        return withUnsafeBytes(of: self.clusterSlots) { bytes in
            for slot in 0..<count where bytes.load(fromByteOffset: slot * 4, as: UInt32.self) == cluster.rawValue {
                return true
            }
            return false
        }
    }

    /// Whether the tier is excluded.
    ///
    /// - Parameter tier: The tier index to test.
    @inline(__always)
    public func contains(tier: Int) -> Bool {
        (0..<64).contains(tier) && self.tierMask & (1 << UInt64(tier)) != 0
    }

    /// Whether a pick must avoid an endpoint: it, its cluster or its tier is excluded.
    ///
    /// - Parameters:
    ///   - endpoint: The candidate endpoint.
    ///   - cluster: The candidate's cluster.
    ///   - tier: The candidate's tier.
    @inline(__always)
    public func excludes(endpoint: EndpointID, cluster: ClusterID, tier: Int) -> Bool {
        if self.isEmpty { return false }
        return self.contains(tier: tier) || self.contains(cluster: cluster) || self.contains(endpoint: endpoint)
    }

    /// `{endpoints: [...], clusters: [...], tiers: [...]}`.
    public var description: String {
        "{endpoints: \(self.endpoints), clusters: \(self.clusters), tiers: \(self.tiers)}"
    }

    /// Two sets are equal when they exclude the same endpoints, clusters and tiers.
    public static func == (lhs: ExclusionSet, rhs: ExclusionSet) -> Bool {
        Set(lhs.endpoints) == Set(rhs.endpoints) && Set(lhs.clusters) == Set(rhs.clusters)
            && lhs.tierMask == rhs.tierMask
    }

    /// Hashes the excluded endpoints, clusters and tiers, independent of insertion order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(Set(self.endpoints))
        hasher.combine(Set(self.clusters))
        hasher.combine(self.tierMask)
    }

    private static func contents<Slots, Element: FixedWidthInteger>(
        of slots: Slots,
        insertions: UInt32
    ) -> [Element] {
        let count = min(Int(insertions), Self.capacity)
        let start = Int(insertions) > Self.capacity ? Int(insertions % UInt32(Self.capacity)) : 0
        return withUnsafeBytes(of: slots) { bytes in
            (0..<count).map { offset in
                let slot = (start + offset) % Self.capacity
                return bytes.load(fromByteOffset: slot * MemoryLayout<Element>.size, as: Element.self)
            }
        }
    }
}
