/// What the exported configuration needs beyond the EdgeRouting documents: where Envoy listens and how
/// its clusters learn their endpoints.
public struct ExportOptions: Hashable, Sendable {
    /// How a cluster's endpoints reach Envoy.
    public struct EndpointDelivery: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case inline
            case files(String)
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// In the cluster itself (`load_assignment`), as `STATIC` or `STRICT_DNS` clusters.
        public static let inline = EndpointDelivery(.inline)

        /// As file-based EDS: `EDS` clusters whose `ClusterLoadAssignment` is read from a file in
        /// `directory`, so a topology change reaches a running Envoy without re-creating its clusters
        /// (which keeps their outlier-detection state, as EdgeRouting keeps it across reconfigurations).
        /// Clusters whose endpoints are DNS names stay inline (EDS accepts only IP addresses).
        ///
        /// - Parameter directory: An absolute directory path; the files are `CLUSTER-FILE.json` in it.
        public static func files(in directory: String) -> EndpointDelivery {
            EndpointDelivery(.files(directory))
        }

        /// The directory of the EDS files, for file-based delivery.
        public var directory: String? {
            if case .files(let directory) = self.wrapped { return directory }
            return nil
        }

        /// `inline` or `files in DIR`.
        public var description: String {
            switch self.wrapped {
            case .inline: return "inline"
            case .files(let directory): return "files in \(directory)"
            }
        }
    }

    /// The address Envoy's listener binds (a host name or an IP address without brackets).
    public var listenHost: String
    /// The listener's port; 0 lets Envoy choose one (its admin `/listeners` tells which).
    public var listenPort: Int
    /// How long Envoy may take to connect to an ingress endpoint (`connect_timeout`).
    public var connectTimeout: Duration
    /// How clusters receive their endpoints.
    public var endpointDelivery: EndpointDelivery
    /// Whether the listener writes Envoy's default access log to standard output.
    public var accessLog: Bool

    /// Creates options.
    ///
    /// - Parameters:
    ///   - listenHost: The listener's address.
    ///   - listenPort: The listener's port, 0…65535.
    ///   - connectTimeout: The upstream connect timeout; 5 s by default, as `edge-proxy`'s.
    ///   - endpointDelivery: Inline (the default) or file-based EDS.
    ///   - accessLog: Whether to log each request to standard output; `true` by default.
    public init(
        listenHost: String = "127.0.0.1",
        listenPort: Int = 10_000,
        connectTimeout: Duration = .seconds(5),
        endpointDelivery: EndpointDelivery = .inline,
        accessLog: Bool = true
    ) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.connectTimeout = connectTimeout
        self.endpointDelivery = endpointDelivery
        self.accessLog = accessLog
    }
}
