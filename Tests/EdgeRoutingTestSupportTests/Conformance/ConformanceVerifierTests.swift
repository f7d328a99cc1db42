import EdgeRouting
import EdgeRoutingTestSupport
import Testing

@Suite struct LoadBalancingPolicyVerifierTests {
    @Test(arguments: [
        PriorityFailoverPolicy.defaults as any LoadBalancingPolicy,
        PriorityFailoverPolicy(overprovisioningFactor: 100, panicThreshold: 50),
        PriorityFailoverPolicy(weightedPriorityHealth: true),
        StrictFailoverPolicy.defaults,
        StrictFailoverPolicy(panicThreshold: 50),
    ])
    func libraryPoliciesHonourTheContract(policy: any LoadBalancingPolicy) throws {
        try LoadBalancingPolicyVerifier().verify(policy)
    }

    @Test func aPolicyThatIgnoresTheTierCountIsCaught() throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try LoadBalancingPolicyVerifier().verify(OneTierPolicy())
        }
        #expect(violation.contract == "LoadBalancingPolicy")
        #expect(violation.subject == "OneTierPolicy")
        #expect(violation.rule.contains("no tiers"))
        #expect(violation.description.hasPrefix("OneTierPolicy violates the LoadBalancingPolicy contract"))
    }

    @Test func aPolicyThatDropsAnExcludedTierIsCaught() throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try LoadBalancingPolicyVerifier().verify(ForgetsExcludedPolicy())
        }
        #expect(violation.rule.contains("one entry per input tier"))
        #expect(violation.input.contains("excluded: 3"))
    }

    @Test func aPolicyThatIndexesFromZeroIsCaught() throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try LoadBalancingPolicyVerifier().verify(IndexFromZeroPolicy())
        }
        #expect(violation.rule.contains("ArraySlice"))
    }

    @Test func aStatefulPolicyIsCaught() throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try LoadBalancingPolicyVerifier().verify(FlakyPolicy())
        }
        #expect(violation.rule.contains("same input gives the same result"))
    }
}

@Suite struct OutlierDetectorVerifierTests {
    @Test func theDefaultDetectorHonoursTheContract() throws {
        try OutlierDetectorVerifier().verify { endpoints, now, observer in
            var random = SeededRandomNumberGenerator(seed: 1)
            return DefaultOutlierDetector(endpoints: endpoints, now: now, random: &random, observer: observer)
        }
    }

    @Test func theSingleAlgorithmDetectorsHonourTheContract() throws {
        try OutlierDetectorVerifier().verify { endpoints, now, observer in
            var random = SeededRandomNumberGenerator(seed: 2)
            return ConsecutiveFailureDetector(endpoints: endpoints, now: now, random: &random, observer: observer)
        }
        try OutlierDetectorVerifier().verify { endpoints, now, observer in
            var random = SeededRandomNumberGenerator(seed: 3)
            return SuccessRateDetector(endpoints: endpoints, now: now, random: &random, observer: observer)
        }
        try OutlierDetectorVerifier().verify { endpoints, now, observer in
            var random = SeededRandomNumberGenerator(seed: 4)
            return FailurePercentageDetector(endpoints: endpoints, now: now, random: &random, observer: observer)
        }
    }

    @Test func theNoOpDetectorHonoursTheContract() throws {
        try OutlierDetectorVerifier().verify { endpoints, _, _ in NoOpOutlierDetector(endpoints: endpoints) }
    }

    @Test func aCorrectToyDetectorPasses() throws {
        try OutlierDetectorVerifier().verify { endpoints, _, observer in
            ToyDetector(bug: nil, endpoints: endpoints, observer: observer)
        }
    }

    @Test(arguments: [
        (ToyDetector.Bug.wrapsIndices, "outside the endpoint list"),
        (.forgetsOnSetEndpoints, "setEndpoints keeps"),
        (.deadlineNever, "nextDeadline is never after the end of a current ejection"),
        (.eventBeforeState, "delivered after the state changed"),
        (.readmissionStampedWhenNoticed, "exact end of the ejection"),
    ])
    func aBrokenDetectorIsCaught(bug: ToyDetector.Bug, rule: String) throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try OutlierDetectorVerifier().verify { endpoints, _, observer in
                ToyDetector(bug: bug, endpoints: endpoints, observer: observer)
            }
        }
        #expect(violation.subject == "ToyDetector")
        #expect(violation.rule.contains(rule), "\(violation)")
    }
}

@Suite struct RetryPlannerVerifierTests {
    @Test(arguments: [0, 1, 2, 5])
    func theDefaultPlannerHonoursTheContract(attempts: Int) throws {
        try RetryPlannerVerifier().verify(policy: RetryPolicy(attempts: attempts))
    }

    @Test func theDefaultPlannerHonoursTheContractWithEveryTargetAndCondition() throws {
        for target in [RetryTarget.differentEndpoint, .differentCluster, .differentTier] {
            let policy = try RetryPolicy(
                attempts: 3,
                retryOn: [.connectFailure, .reset, .gatewayError, .retriable4xx, .serverError],
                retryTarget: target
            )
            try RetryPlannerVerifier().verify(policy: policy)
        }
    }

    @Test func aCorrectToyPlannerPasses() throws {
        try RetryPlannerVerifier().verify(maximumRetries: 2) { ToyPlanner() }
    }

    @Test(arguments: [
        (ToyPlanner.Bug.retriesSuccesses, "never retries a success"),
        (.unbounded, "never more than 2 retries"),
        (.forgetsExclusions, "keeps what earlier attempts excluded"),
        (.negativeDelay, "not negative"),
        (.leavesWeightedCluster, "stays in the chosen cluster"),
        (.hiddenRandomness, "same inputs give the same decision"),
    ])
    func aBrokenPlannerIsCaught(bug: ToyPlanner.Bug, rule: String) throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try RetryPlannerVerifier().verify(maximumRetries: 2) { ToyPlanner(bug: bug) }
        }
        #expect(violation.contract == "RetryPlanner")
        #expect(violation.rule.contains(rule), "\(violation)")
    }
}

@Suite struct EndpointPickerVerifierTests {
    @Test func theLibraryPickersHonourTheContract() throws {
        try EndpointPickerVerifier().verify(RoundRobinPicker(), weights: .proportional)
        try EndpointPickerVerifier().verify(RandomPicker(), weights: .proportional)
        try EndpointPickerVerifier().verify(LeastRequestPicker(), weights: .unspecified)
        try EndpointPickerVerifier().verify(LeastRequestPicker(choiceCount: 5), weights: .unspecified)
    }

    @Test func aCorrectToyPickerPassesWithAnySeed() throws {
        for seed: UInt64 in [1, 2, 3] {
            try EndpointPickerVerifier(seed: seed).verify(ToyPicker(), weights: .proportional)
        }
    }

    @Test func weightsAreCheckedAsPromised() throws {
        // Round robin honours weights, so claiming it ignores them is caught.
        let violation = try #require(throws: ConformanceViolation.self) {
            try EndpointPickerVerifier().verify(RoundRobinPicker(), weights: .ignored)
        }
        #expect(violation.rule.contains("weights are ignored"), "\(violation)")
        #expect(violation.input.contains("weights [1, 3]"), "\(violation)")
        // A picker that ignores weights passes when it says so.
        try EndpointPickerVerifier().verify(ToyPicker(bug: .ignoresWeights), weights: .ignored)
    }

    @Test(arguments: [
        (ToyPicker.Bug.outOfRange, "position in 0..<candidates.count"),
        (.ignoresExclusions, "never an excluded candidate"),
        (.givesUpEarly, "nil only when every candidate is excluded"),
        (.neverNil, "with every candidate excluded a pick returns nil"),
        (.ignoresWeights, "weights are proportional"),
        (.hiddenRandomness, "same seeded generator give the same picks"),
        (.sharedState, "same seeded generator give the same picks"),
    ])
    func aBrokenPickerIsCaught(bug: ToyPicker.Bug, rule: String) throws {
        let violation = try #require(throws: ConformanceViolation.self) {
            try EndpointPickerVerifier().verify(ToyPicker(bug: bug), weights: .proportional)
        }
        #expect(violation.contract == "EndpointPicker")
        #expect(violation.subject == "ToyPicker")
        #expect(violation.rule.contains(rule), "\(violation)")
    }
}
