/// The tier one request goes to, chosen by ``PriorityLoads/chooseTier(draw:)``: which tier, whether
/// from its healthy or its degraded share, and whether the tier is in panic.
///
/// The router then picks an endpoint inside the tier: among its healthy endpoints for
/// ``Availability/healthy``, among its degraded endpoints for ``Availability/degraded``, and among
/// *all* its endpoints, whatever their health, when ``isPanic`` is `true` (Envoy's panic routing).
public struct TierChoice: Hashable, Sendable, CustomStringConvertible {
    /// Which share of a tier's load a request was assigned to.
    ///
    /// A struct over a private enum so that a share can be added later without breaking callers;
    /// compare with `==`.
    public struct Availability: Hashable, Sendable, CustomStringConvertible {
        private enum Value: UInt8, Hashable, Sendable {
            case healthy
            case degraded
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The tier's healthy share: pick among its healthy endpoints.
        public static let healthy = Availability(.healthy)

        /// The tier's degraded share: pick among its degraded endpoints.
        public static let degraded = Availability(.degraded)

        /// `healthy` or `degraded`.
        public var description: String {
            switch self.value {
            case .healthy: return "healthy"
            case .degraded: return "degraded"
            }
        }
    }

    /// The index of the chosen tier (0 is the most preferred).
    public var tier: Int
    /// Whether the request takes the tier's healthy or its degraded share.
    public var availability: Availability
    /// Whether the tier is in panic: the request may go to any endpoint of the tier, whatever its
    /// health.
    public var isPanic: Bool

    /// Creates a choice.
    ///
    /// - Parameters:
    ///   - tier: The tier index.
    ///   - availability: The share of the tier's load.
    ///   - isPanic: Whether the tier is in panic.
    public init(tier: Int, availability: Availability, isPanic: Bool = false) {
        self.tier = tier
        self.availability = availability
        self.isPanic = isPanic
    }

    /// `P1 healthy`, `P0 degraded`, or `P0 healthy (panic)`.
    public var description: String {
        "P\(self.tier) \(self.availability)" + (self.isPanic ? " (panic)" : "")
    }
}
