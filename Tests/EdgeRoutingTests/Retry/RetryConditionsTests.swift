import Testing

@testable import EdgeRouting

@Suite struct RetryConditionsTests {
    /// Every outcome of the matrix, by name.
    static let outcomes: [AttemptOutcome] = [
        .status(200), .status(404), .status(409), .status(429), .status(500), .status(502), .status(503),
        .status(504), .connectFailure, .timeout, .reset, .refusedStream, .connectionTermination, .localReset,
    ]

    static let noResponse: Set<String> = [
        "connect-failure", "timeout", "reset", "refused-stream", "connection-termination", "local-reset",
    ]

    /// What each condition retries, checked against Envoy's `RetryStateImpl::wouldRetryFromHeaders` and
    /// `wouldRetryFromReset` (a per-try timeout reaches the latter as a local reset).
    static let expected: [String: Set<String>] = [
        "connect-failure": ["connect-failure"],
        "refused-stream": ["refused-stream"],
        "reset": noResponse,
        "5xx": noResponse.union(["500", "502", "503", "504"]),
        "gateway-error": noResponse.union(["502", "503", "504"]),
        "retriable-4xx": ["409"],
        "retriable-status-codes": ["429", "503"],
    ]

    @Test(arguments: RetryConditions.named.map(\.name), Self.outcomes)
    func matrix(condition name: String, outcome: AttemptOutcome) throws {
        let condition = try #require(RetryConditions(name: name))
        let retried = try #require(Self.expected[name]).contains(outcome.description)
        #expect(condition.matches(outcome, retriableStatusCodes: [429, 503]) == retried)
    }

    @Test(arguments: Self.outcomes)
    func defaultsRetryLocalFailuresAnd503(outcome: AttemptOutcome) {
        let retried = Self.noResponse.contains(outcome.description) || outcome == .status(503)
        #expect(RetryConditions.defaults.matches(outcome, retriableStatusCodes: [503]) == retried)
        #expect(RetryPolicy.defaults.isRetriable(outcome) == retried)
    }

    @Test func serverErrorCoversEveryCodeFrom500() {
        #expect(RetryConditions.serverError.matches(.status(599)))
        #expect(RetryConditions.serverError.matches(.status(600)))
        #expect(!RetryConditions.serverError.matches(.status(499)))
        #expect(!RetryConditions.gatewayError.matches(.status(501)))
        #expect(!RetryConditions.gatewayError.matches(.status(505)))
    }

    @Test func emptySetRetriesNothing() {
        for outcome in Self.outcomes {
            #expect(!RetryConditions().matches(outcome, retriableStatusCodes: [503]))
        }
    }

    @Test(arguments: [
        ("connect-failure,refused-stream,503", ["connect-failure", "refused-stream", "retriable-status-codes"], [503]),
        (" 5xx , gateway-error ,, ", ["5xx", "gateway-error"], []),
        ("retriable-status-codes", ["retriable-status-codes"], []),
        ("429,503,429", ["retriable-status-codes"], [429, 503]),
        ("reset,retriable-4xx", ["reset", "retriable-4xx"], []),
    ])
    func parsesIstioText(text: String, names: [String], codes: [Int]) throws {
        let (conditions, parsedCodes) = try RetryConditions.parse(text)
        #expect(Set(conditions.names) == Set(names))
        #expect(parsedCodes.sorted == codes)
    }

    @Test(arguments: ["bogus", "5XX", "unavailable", "99", "600", "1000", "", " , ", "503x", "-503"])
    func rejectsInvalidText(text: String) {
        #expect(throws: ConfigurationError.self) { try RetryConditions.parse(text) }
    }

    @Test func formatsNamesThenCodes() {
        let codes = HTTPStatusCodeSet([504, 503])
        #expect(RetryConditions.format(.defaults, codes: codes) == "connect-failure,refused-stream,reset,503,504")
        #expect(RetryConditions.format([.retriableStatusCodes], codes: HTTPStatusCodeSet()) == "retriable-status-codes")
        #expect(
            RetryConditions.format([.serverError, .connectFailure], codes: HTTPStatusCodeSet()) == "connect-failure,5xx"
        )
    }

    @Test func statusCodeSetHoldsItsRangeOnly() {
        var set = HTTPStatusCodeSet([100, 163, 164, 227, 599, 99, 600, -1])
        #expect(set.sorted == [100, 163, 164, 227, 599])
        set.insert(300)
        #expect(set.contains(300) && !set.contains(301) && !set.contains(Int.max))
    }
}
