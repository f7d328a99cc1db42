import Testing

@testable import EdgeRouting

@Suite struct ResponseFlagsTests {
    static let printing: [(ResponseFlags, String, String)] = [
        (ResponseFlags(), "-", "-"),
        (.noHealthyUpstream, "UH", "NoHealthyUpstream"),
        (
            [.upstreamRetryLimitExceeded, .upstreamConnectionFailure], "UF,URX",
            "UpstreamConnectionFailure,UpstreamRetryLimitExceeded"
        ),
        ([.upstreamOverflow, .upstreamRemoteReset], "UR,UO", "UpstreamRemoteReset,UpstreamOverflow"),
        ([.noClusterFound, .noRouteFound, .localReset], "LR,NR,NC", "LocalReset,NoRouteFound,NoClusterFound"),
        (
            [.upstreamRequestTimeout, .upstreamConnectionTermination, .downstreamConnectionTermination], "UT,UC,DC",
            "UpstreamRequestTimeout,UpstreamConnectionTermination,DownstreamConnectionTermination"
        ),
        (.upstreamProtocolError, "UPE", "UpstreamProtocolError"),
    ]

    @Test(arguments: printing)
    func printsInEnvoysOrder(flags: ResponseFlags, short: String, long: String) {
        #expect(flags.description == short)
        #expect(flags.longDescription == long)
        #expect(ResponseFlags(parsing: short) == flags)
        #expect(ResponseFlags(parsing: long) == flags)
    }

    @Test func rejectsUnknownCodes() {
        #expect(ResponseFlags(parsing: "UF,XX") == nil)
        #expect(ResponseFlags(parsing: "") == [])
    }

    @Test(arguments: [
        (AttemptOutcome.connectFailure, ResponseFlags.upstreamConnectionFailure),
        (.timeout, .upstreamRequestTimeout),
        (.reset, .upstreamRemoteReset),
        (.refusedStream, .upstreamRemoteReset),
        (.connectionTermination, .upstreamConnectionTermination),
        (.localReset, .localReset),
        (.status(503), ResponseFlags()),
    ])
    func outcomesCarryTheirFlag(outcome: AttemptOutcome, flags: ResponseFlags) {
        #expect(outcome.responseFlags == flags)
        #expect(outcome.isLocalOrigin == (outcome.statusCode == nil))
    }

    @Test(arguments: [(-5, 0), (200, 200), (999, 999), (1_000_000, 999)])
    func statusCodesAreClamped(code: Int, stored: Int) {
        #expect(AttemptOutcome.status(code).statusCode == stored)
    }
}
