import Testing

@testable import EdgeRouting

@Suite struct OutlierResultTests {
    @Test(arguments: [
        (AttemptOutcome.status(200), OutlierResult.status(200)),
        (.status(503), .status(503)),
        (.connectFailure, .connectFailure),
        (.timeout, .timeout),
        (.reset, .reset),
        (.refusedStream, .reset),
        (.connectionTermination, .reset),
        (.localReset, .reset),
    ])
    func mapsAttemptOutcomes(outcome: AttemptOutcome, expected: OutlierResult) {
        #expect(OutlierResult(outcome) == expected)
    }

    @Test(arguments: [(-5, 0), (0, 0), (200, 200), (999, 999), (1000, 999), (Int.max, 999)])
    func clampsStatusCodes(code: Int, expected: Int) {
        #expect(OutlierResult.status(code).statusCode == expected)
        #expect(!OutlierResult.status(code).isLocalOrigin)
    }

    @Test func localOriginEventsHaveNoStatus() {
        for result in [OutlierResult.connectFailure, .timeout, .reset, .connectSuccess] {
            #expect(result.statusCode == nil)
            #expect(result.isLocalOrigin)
        }
        #expect(OutlierResult.connectSuccess.description == "connect-success")
    }

    @Test(arguments: [
        (200, OutlierResponseClass.success), (404, .success), (499, .success), (500, .failure),
        (501, .failure), (502, .gatewayFailure), (503, .gatewayFailure), (504, .gatewayFailure),
        (505, .failure), (599, .failure), (600, .failure), (0, .success),
    ])
    func defaultClassifier(code: Int, expected: OutlierResponseClass) {
        #expect(HTTPStatusClassifier().classify(statusCode: code) == expected)
    }

    struct TooManyRequestsIsAFailure: ResponseClassifier {
        func classify(statusCode: Int) -> OutlierResponseClass {
            statusCode == 429 ? .failure : HTTPStatusClassifier().classify(statusCode: statusCode)
        }
    }

    @Test func customClassifierDecidesWhatFails() {
        var random = SplitMix64(seed: 3)
        let detector = DefaultOutlierDetector(
            classifier: TooManyRequestsIsAFailure(),
            endpoints: OutlierFixture.identities(2),
            now: .origin,
            random: &random
        )
        OutlierFixture.record(.status(429), times: 4, on: detector, endpoint: 0, at: .origin)
        #expect(detector.snapshot().endpoints[0].consecutive5xx == 4)
        #expect(detector.record(.status(429), endpointIndex: 0, now: .origin))
        #expect(detector.isEjected(endpointIndex: 0))
        // The default classifier does not count 429.
        let (plain, _) = OutlierFixture.detector()
        OutlierFixture.record(.status(429), times: 10, on: plain, endpoint: 0, at: .origin)
        #expect(!plain.isEjected(endpointIndex: 0))
        #expect(plain.snapshot().endpoints[0].currentInterval.externalSuccesses == 10)
    }
}
