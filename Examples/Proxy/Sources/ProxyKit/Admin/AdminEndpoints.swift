import EdgeRouting
import NIOHTTP1

/// The admin listener's pages, in the spirit of Envoy's admin interface.
///
/// | path | answer |
/// |---|---|
/// | `/stats` | every router counter as a `name: value` line (`?filter=TEXT` keeps names containing TEXT) |
/// | `/clusters` | each destination's tiers, clusters and endpoints with health and ejection state, as Envoy's `cluster::host::field::value` lines (`?format=json` for JSON) |
/// | `/ready` | `200 LIVE`, or `503 DRAINING` during a graceful shutdown |
public enum AdminEndpoints {
    /// Answers one admin request.
    ///
    /// - Parameters:
    ///   - head: The request.
    ///   - router: The router in force.
    ///   - isDraining: Whether the proxy is shutting down.
    /// - Returns: The page.
    public static func answer(_ head: HTTPRequestHead, router: ProxyRouter, isDraining: Bool) -> SimpleResponse {
        let (path, query) = Self.split(head.uri)
        switch path {
        case "/stats":
            let filter = query["filter"]
            let lines = router.statistics().counters
                .filter { filter == nil || $0.name.contains(filter!) }
                .map { "\($0.name): \($0.value)\n" }
            return SimpleResponse(body: lines.joined())
        case "/clusters":
            let status = router.status()
            if query["format"] == "json" {
                return SimpleResponse(body: Self.json(status), contentType: "application/json")
            }
            return SimpleResponse(body: Self.lines(status))
        case "/ready":
            return isDraining
                ? SimpleResponse(status: .serviceUnavailable, body: "DRAINING\n")
                : SimpleResponse(body: "LIVE\n")
        case "/", "/help":
            return SimpleResponse(body: "/stats\n/clusters\n/clusters?format=json\n/ready\n")
        default:
            return SimpleResponse(status: .notFound, body: "unknown admin path \(path); try /help\n")
        }
    }

    /// Envoy-style lines: `DESTINATION::P0::load::100`, then per endpoint
    /// `DESTINATION::P0::CLUSTER::HOST:PORT::health_flags::healthy` (or `/failed_outlier_check`),
    /// `…::ejected_for_ms::N`, `…::ejection_multiplier::N`, `…::rq_active::N`.
    static func lines(_ status: RouterStatus) -> String {
        var text = ""
        for destination in status.destinations {
            for (index, tier) in destination.tiers.enumerated() {
                let prefix = "\(destination.name)::P\(index)"
                text += "\(prefix)::load::\(tier.healthyLoad + tier.degradedLoad)\n"
                if tier.isPanic { text += "\(prefix)::panic::true\n" }
                for cluster in tier.clusters {
                    for endpoint in cluster.endpoints {
                        let host = "\(prefix)::\(cluster.name)::\(endpoint.address)"
                        text += "\(host)::health_flags::\(endpoint.isEjected ? "/failed_outlier_check" : "healthy")\n"
                        if endpoint.isEjected, let until = endpoint.ejectedUntil {
                            text += "\(host)::ejected_for_ms::\(Self.milliseconds(from: status.time, to: until))\n"
                        }
                        text += "\(host)::ejection_multiplier::\(endpoint.multiplier)\n"
                        text += "\(host)::rq_active::\(endpoint.activeRequests)\n"
                    }
                }
            }
        }
        return text
    }

    /// The same facts as JSON: `{"destinations": [{"name", "tiers": [{"priority", "load", "panic",
    /// "clusters": [{"name", "endpoints": [{"address", "healthy", "ejectedForMs", "multiplier",
    /// "activeRequests"}]}]}]}]}`.
    static func json(_ status: RouterStatus) -> String {
        let destinations = status.destinations.map { destination in
            let tiers = destination.tiers.enumerated().map { index, tier in
                let clusters = tier.clusters.map { cluster in
                    let endpoints = cluster.endpoints.map { endpoint in
                        let ejectedFor = endpoint.ejectedUntil.map { Self.milliseconds(from: status.time, to: $0) } ?? 0
                        return "{\"address\":\(Self.quote("\(endpoint.address)")),\"healthy\":\(!endpoint.isEjected),"
                            + "\"ejectedForMs\":\(endpoint.isEjected ? ejectedFor : 0),"
                            + "\"multiplier\":\(endpoint.multiplier),\"activeRequests\":\(endpoint.activeRequests)}"
                    }
                    return "{\"name\":\(Self.quote(cluster.name)),\"endpoints\":[\(endpoints.joined(separator: ","))]}"
                }
                return "{\"priority\":\(index),\"load\":\(tier.healthyLoad + tier.degradedLoad),"
                    + "\"panic\":\(tier.isPanic),\"clusters\":[\(clusters.joined(separator: ","))]}"
            }
            return "{\"name\":\(Self.quote(destination.name)),\"tiers\":[\(tiers.joined(separator: ","))]}"
        }
        return "{\"destinations\":[\(destinations.joined(separator: ","))]}\n"
    }

    private static func milliseconds(from now: MonotonicTime, to until: MonotonicTime) -> Int64 {
        max(0, (until.nanoseconds - now.nanoseconds) / 1_000_000)
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The path and the query's parameters; the last of a repeated name wins.
    ///
    /// Any target splits without trapping: an empty name (`?=`, `?=x`), a bare `&` or `=` and a missing
    /// value are all taken as written (`"=".split(separator: "=")` is empty, which once trapped here).
    static func split(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            query[String(parts.first ?? "")] = parts.count > 1 ? String(parts[1]) : ""
        }
        return (String(uri[..<mark]), query)
    }
}
