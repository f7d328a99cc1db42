/// Builds the edge's one Envoy listener: an HTTP connection manager with the route configuration
/// inline, the router filter and, optionally, Envoy's default access log on standard output.
enum ListenerBuilder {
    /// The listener's name in Envoy.
    static let name = "edge"

    /// The `Listener` resource.
    ///
    /// - Parameters:
    ///   - options: Where to listen and whether to log.
    ///   - routes: The route configuration.
    static func listener(_ options: ExportOptions, routes: JSONValue) -> JSONValue {
        var manager: JSONObject = [
            "@type":
                "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            "stat_prefix": "edge",
            "strip_trailing_host_dot": true,
        ]
        if options.accessLog {
            manager["access_log"] = [
                ProtoJSON.typedExtension(
                    name: "envoy.access_loggers.stdout",
                    type: "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog"
                )
            ]
        }
        manager["route_config"] = routes
        manager["http_filters"] = [
            ProtoJSON.typedExtension(
                name: "envoy.filters.http.router",
                type: "envoy.extensions.filters.http.router.v3.Router"
            )
        ]
        return [
            "name": .string(Self.name),
            "address": ProtoJSON.socketAddress(host: options.listenHost, port: options.listenPort),
            "filter_chains": [
                [
                    "filters": [
                        ["name": "envoy.filters.network.http_connection_manager", "typed_config": .object(manager)]
                    ]
                ]
            ],
        ]
    }
}
