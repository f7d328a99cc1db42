import Testing

@testable import EdgeRouting

@Suite struct ExclusionSetTests {
    @Test func startsEmptyAndRemembers() {
        var set = ExclusionSet()
        #expect(set.isEmpty && !set.excludesClustersOrTiers)
        set.insert(endpoint: EndpointID(rawValue: 7))
        #expect(!set.isEmpty && !set.excludesClustersOrTiers)
        set.insert(cluster: ClusterID(rawValue: 3))
        set.insert(tier: 1)
        #expect(set.contains(endpoint: EndpointID(rawValue: 7)))
        #expect(!set.contains(endpoint: EndpointID(rawValue: 8)))
        #expect(set.contains(cluster: ClusterID(rawValue: 3)))
        #expect(set.contains(tier: 1) && !set.contains(tier: 0))
        #expect(set.excludes(endpoint: EndpointID(rawValue: 99), cluster: ClusterID(rawValue: 3), tier: 0))
        #expect(set.excludes(endpoint: EndpointID(rawValue: 99), cluster: ClusterID(rawValue: 4), tier: 1))
        #expect(!set.excludes(endpoint: EndpointID(rawValue: 99), cluster: ClusterID(rawValue: 4), tier: 0))
        #expect(
            set.endpoints == [EndpointID(rawValue: 7)] && set.clusters == [ClusterID(rawValue: 3)] && set.tiers == [1]
        )
    }

    @Test func forgetsTheOldestBeyondCapacityAndIgnoresDuplicates() {
        var set = ExclusionSet()
        for raw in 0..<UInt64(ExclusionSet.capacity) {
            set.insert(endpoint: EndpointID(rawValue: raw))
            set.insert(endpoint: EndpointID(rawValue: raw))
        }
        #expect(set.endpoints.count == ExclusionSet.capacity)
        set.insert(endpoint: EndpointID(rawValue: 100))
        #expect(!set.contains(endpoint: EndpointID(rawValue: 0)), "the oldest is forgotten")
        #expect(set.contains(endpoint: EndpointID(rawValue: 1)) && set.contains(endpoint: EndpointID(rawValue: 100)))
        #expect(set.endpoints.first == EndpointID(rawValue: 1) && set.endpoints.last == EndpointID(rawValue: 100))
        var visited: [UInt64] = []
        set.forEachEndpoint { visited.append($0.rawValue) }
        #expect(Set(visited) == Set(set.endpoints.map(\.rawValue)))
    }

    @Test func tiersOutsideTheMaskAreIgnored() {
        var set = ExclusionSet()
        set.insert(tier: -1)
        set.insert(tier: 64)
        #expect(set.isEmpty)
        set.insert(tier: 63)
        #expect(set.contains(tier: 63) && !set.contains(tier: 64))
    }

    @Test func equalityIgnoresInsertionOrder() {
        var a = ExclusionSet()
        var b = ExclusionSet()
        a.insert(endpoint: EndpointID(rawValue: 1))
        a.insert(endpoint: EndpointID(rawValue: 2))
        b.insert(endpoint: EndpointID(rawValue: 2))
        b.insert(endpoint: EndpointID(rawValue: 1))
        #expect(a == b && a.hashValue == b.hashValue)
        b.insert(cluster: ClusterID(rawValue: 1))
        #expect(a != b)
    }
}
