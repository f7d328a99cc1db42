import EdgeRouting

/// The names the exporter gives Envoy's clusters and files.
///
/// A cluster is named after the identity of its destination plan — the edge server's hostname and port
/// and the configured destination — never after the topology. The names therefore stay the same while
/// workload clusters, endpoints and Gateways come and go, so a running Envoy keeps its clusters (and
/// their outlier-detection state) across topology changes, as EdgeRouting keeps its destinations:
///
/// - `bookinfo.tse.tetratelabs.io|80|automatic`
/// - `bookinfo.tse.tetratelabs.io|80|named|cluster-1,cluster-2`
/// - `bookinfo.tse.tetratelabs.io|80|weighted|cluster-1=50,cluster-2=50|cluster-1` (one per target)
public enum EnvoyNames {
    /// The Envoy cluster of an automatic or named destination, or the prefix of a weighted
    /// destination's target clusters.
    ///
    /// - Parameter identity: The destination plan's identity.
    public static func cluster(for identity: DestinationPlan.Identity) -> String {
        var parts = [identity.hostname.value, String(identity.port), identity.destination.form.description]
        if !identity.destination.clusters.isEmpty {
            parts.append(identity.destination.clusters.map { self.entry($0, withWeight: true) }.joined(separator: ","))
        }
        return parts.joined(separator: "|")
    }

    /// The Envoy clusters of a weighted destination's targets, in order: the destination's name followed
    /// by the entry (`…|cluster-1`, `…|{tier=canary}`), with `#N` added when two entries read alike.
    ///
    /// - Parameter identity: The weighted destination plan's identity.
    public static func weightedTargets(for identity: DestinationPlan.Identity) -> [String] {
        let prefix = self.cluster(for: identity)
        var seen: Set<String> = []
        return identity.destination.clusters.enumerated().map { index, entry in
            var name = prefix + "|" + self.entry(entry, withWeight: false)
            if !seen.insert(name).inserted {
                name += "#\(index)"
                seen.insert(name)
            }
            return name
        }
    }

    /// A file name for a cluster's EDS resource: the name with every character outside `[A-Za-z0-9._-]`
    /// replaced by `_`, and an FNV-1a hash of the exact name so that two names never share a file.
    ///
    /// - Parameter cluster: The Envoy cluster name.
    public static func endpointFile(forCluster cluster: String) -> String {
        let safe = String(
            cluster.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": return Character(scalar)
                default: return "_"
                }
            }
        )
        return safe.prefix(160) + "-" + self.fnv1a(cluster) + ".json"
    }

    /// The 64-bit FNV-1a hash of the text's UTF-8 bytes, in 16 hexadecimal digits.
    ///
    /// - Parameter text: The text.
    public static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func entry(_ entry: ClusterReference, withWeight: Bool) -> String {
        var text: String
        if let name = entry.selector.name {
            text = name
        } else {
            let labels = (entry.selector.labels ?? [:]).sorted { $0.key < $1.key }
            text = "{" + labels.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
        }
        if let network = entry.network {
            text += "@" + network
        }
        if withWeight, let weight = entry.weight {
            text += "=\(weight)"
        }
        return text
    }
}
