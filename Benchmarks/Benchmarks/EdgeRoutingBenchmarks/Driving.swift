import EdgeRouting

/// Helpers that drive a router the way a proxy does.
extension EdgeRouter {
    /// Sends one request to the end, answering each attempt with `outcome(attempt)`; returns the final
    /// status (or the local answer's).
    @discardableResult
    func send(_ request: RequestHead, _ outcome: (Attempt) -> AttemptOutcome) -> Int {
        guard case .forward(var attempt) = self.route(request) else { return -1 }
        while true {
            switch self.complete(attempt, outcome: outcome(attempt)) {
            case .finish(let final):
                return final.status
            case .retry(let retry):
                attempt = retry.attempt
            }
        }
    }

    /// Ejects the endpoints whose address satisfies `shouldEject`, through the router only: requests
    /// are routed as usual, and every attempt that lands on such an endpoint is reported as a connect
    /// failure (every other attempt succeeds) until outlier detection has ejected all of them. The
    /// router's clock must not move afterwards, or the ejections end (30 s by default).
    ///
    /// - Returns: The number of endpoints ejected; the process stops if it is not `expected`.
    @discardableResult
    func eject(expected: Int, where shouldEject: (EndpointAddress) -> Bool) -> Int {
        var doomed: [EndpointID: Bool] = [:]
        func isDoomed(_ endpoint: EndpointID) -> Bool {
            if let known = doomed[endpoint] { return known }
            let answer = self.address(of: endpoint).map(shouldEject) ?? false
            doomed[endpoint] = answer
            return answer
        }
        var ejected = 0
        for round in 1...10_000 {
            for _ in 0..<(2 * expected + 10) {
                self.send(Fixtures.request) { isDoomed($0.endpoint) ? .connectFailure : .status(200) }
            }
            ejected = self.ejectedCount()
            if ejected >= expected || round == 10_000 { break }
        }
        precondition(ejected == expected, "ejected \(ejected) endpoints, expected \(expected)")
        let status = self.status()
        for destination in status.destinations {
            for tier in destination.tiers {
                for cluster in tier.clusters {
                    for endpoint in cluster.endpoints {
                        precondition(endpoint.isEjected == shouldEject(endpoint.address), "wrong endpoint ejected")
                    }
                }
            }
        }
        return ejected
    }

    /// The number of ejected endpoints over every destination.
    func ejectedCount() -> Int {
        var count = 0
        for destination in self.status().destinations {
            for tier in destination.tiers {
                for cluster in tier.clusters {
                    count += cluster.endpoints.lazy.filter(\.isEjected).count
                }
            }
        }
        return count
    }
}
