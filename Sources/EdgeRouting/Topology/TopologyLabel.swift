/// The well-known labels that describe where a workload runs.
///
/// As in Istio, these labels are *derived*: a workload cluster's and the edge's region and zone come from
/// their ``Locality``, and the network from their `network` field. Failover-priority labels
/// (``FailoverSettings/failoverPriority``) and label selectors (``ClusterSelector``) see the derived
/// values on both sides, so `failoverPriority: [topology.istio.io/network]` works without repeating the
/// network as a label. A label written explicitly must agree with the value it would be derived from.
public enum TopologyLabel {
    /// `topology.kubernetes.io/region`, derived from the locality's region.
    public static let region = "topology.kubernetes.io/region"
    /// `topology.kubernetes.io/zone`, derived from the locality's zone when it has one.
    public static let zone = "topology.kubernetes.io/zone"
    /// `topology.istio.io/network`, derived from the network when one is set.
    public static let network = "topology.istio.io/network"

    /// The labels with the derived ones added.
    static func effectiveLabels(
        _ labels: [String: String],
        locality: Locality,
        network: String?
    ) -> [String: String] {
        var result = labels
        result[Self.region] = locality.region
        if let zone = locality.zone {
            result[Self.zone] = zone
        }
        if let network {
            result[Self.network] = network
        }
        return result
    }

    /// The first explicit label that contradicts the locality or the network, with the problem.
    static func conflict(
        in labels: [String: String],
        locality: Locality,
        network: String?
    ) -> (key: String, problem: String)? {
        if let value = labels[Self.region], value != locality.region {
            return (
                Self.region,
                "label \(Self.region) is \"\(value)\" but the locality's region is \"\(locality.region)\"; "
                    + "the label is derived from the locality, so omit it"
            )
        }
        if let value = labels[Self.zone], value != locality.zone {
            let actual = locality.zone.map { "is \"\($0)\"" } ?? "is not set"
            return (
                Self.zone,
                "label \(Self.zone) is \"\(value)\" but the locality's zone \(actual); "
                    + "the label is derived from the locality, so set locality.zone instead"
            )
        }
        if let value = labels[Self.network], let network, value != network {
            return (
                Self.network,
                "label \(Self.network) is \"\(value)\" but the network is \"\(network)\"; "
                    + "the label is derived from the network, so omit it"
            )
        }
        return nil
    }
}
