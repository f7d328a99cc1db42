/// The identity of an ingress-gateway endpoint inside one router.
///
/// An identity stays the same while the endpoint (the same address in the same cluster) stays in the
/// topology, across any number of reconfigurations; its outlier state is kept with it. The raw value
/// is opaque: compare identities, use them as keys (a proxy's connection pool, for example), and ask
/// the router for the endpoint's address and cluster.
public struct EndpointID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The opaque raw value.
    public var rawValue: UInt64

    /// Creates an identity from its raw value.
    ///
    /// - Parameter rawValue: An opaque value, normally one a router handed out.
    @inlinable
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Orders identities by raw value.
    @inlinable
    public static func < (lhs: EndpointID, rhs: EndpointID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `endpoint#N`.
    public var description: String {
        "endpoint#\(self.rawValue)"
    }
}

/// The identity of a workload cluster inside one router, stable while a cluster of that name exists.
public struct ClusterID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The opaque raw value.
    public var rawValue: UInt32

    /// Creates an identity from its raw value.
    ///
    /// - Parameter rawValue: An opaque value, normally one a router handed out.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Orders identities by raw value.
    @inlinable
    public static func < (lhs: ClusterID, rhs: ClusterID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `cluster#N`.
    public var description: String {
        "cluster#\(self.rawValue)"
    }
}
