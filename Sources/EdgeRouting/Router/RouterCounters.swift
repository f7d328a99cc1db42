/// The router-wide counters (those not kept per cluster).
enum RouterCounter: Int, CaseIterable {
    case downstreamTotal
    case downstream1xx
    case downstream2xx
    case downstream3xx
    case downstream4xx
    case downstream5xx
    case noRoute
    case noHealthyUpstream

    var name: String {
        switch self {
        case .downstreamTotal: return "downstream_rq_total"
        case .downstream1xx: return "downstream_rq_1xx"
        case .downstream2xx: return "downstream_rq_2xx"
        case .downstream3xx: return "downstream_rq_3xx"
        case .downstream4xx: return "downstream_rq_4xx"
        case .downstream5xx: return "downstream_rq_5xx"
        case .noRoute: return "no_route"
        case .noHealthyUpstream: return "no_healthy_upstream"
        }
    }

    /// The class counter of a status sent downstream.
    static func downstreamClass(of status: Int) -> RouterCounter {
        switch status {
        case ..<200: return .downstream1xx
        case 200..<300: return .downstream2xx
        case 300..<400: return .downstream3xx
        case 400..<500: return .downstream4xx
        default: return .downstream5xx
        }
    }
}
