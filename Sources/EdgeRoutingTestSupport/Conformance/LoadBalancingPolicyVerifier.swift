public import EdgeRouting

/// Runs a ``/EdgeRouting/LoadBalancingPolicy`` through its documented contract and throws a
/// ``ConformanceViolation`` describing the first broken rule.
///
/// The rules checked (see ``/EdgeRouting/LoadBalancingPolicy``):
///
/// - no tiers give a result with no tiers;
/// - otherwise one entry per input tier, at most ``/EdgeRouting/PriorityLoads/maximumTiers`` (more are folded);
/// - every load is in `0...100` and all loads sum to exactly 100;
/// - ``/EdgeRouting/PriorityLoads/chooseTier(draw:)`` always lands on an existing tier;
/// - the result is a pure function of the input: the same input gives the same result, whatever the
///   collection type (array, slice with a non-zero start index, lazy collection) and whatever was
///   computed before;
/// - nothing traps, for hand-picked edge cases (all unhealthy, all excluded, only degraded, counts at
///   ``/EdgeRouting/TierHealth/maximumCount``, weighted tiers, 40 tiers) and for ``iterations`` random inputs.
///
/// ```swift
/// @Test func myPolicyHonoursTheContract() throws {
///     try LoadBalancingPolicyVerifier().verify(MyPolicy())
/// }
/// ```
///
/// A violation that makes the policy trap cannot be reported as an error; it stops the test process,
/// which the test runner reports as a crash with the input's stack.
public struct LoadBalancingPolicyVerifier: Sendable {
    /// How many random inputs to try.
    public var iterations: Int
    /// The seed of the random inputs.
    public var seed: UInt64

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - iterations: Random inputs to try, 2,000 by default.
    ///   - seed: The seed of the random inputs.
    public init(iterations: Int = 2_000, seed: UInt64 = 1) {
        self.iterations = max(0, iterations)
        self.seed = seed
    }

    /// Checks `policy` against the contract.
    ///
    /// - Parameter policy: The policy under test.
    /// - Throws: ``ConformanceViolation`` for the first broken rule.
    public func verify(_ policy: some LoadBalancingPolicy) throws {
        let subject = String(describing: type(of: policy))
        func violation(_ rule: String, _ input: [TierHealth], _ found: String) -> ConformanceViolation {
            ConformanceViolation(
                contract: "LoadBalancingPolicy",
                subject: subject,
                rule: rule,
                input: input.count > 8 ? "\(input.count) tiers, first \(Array(input.prefix(3)))" : "\(input)",
                found: found
            )
        }

        let empty = policy.loads(for: [TierHealth]())
        if empty.tierCount != 0 {
            throw violation("no tiers give a result with no tiers (tierCount 0)", [], "\(empty)")
        }
        var random = SeededRandomNumberGenerator(seed: self.seed)
        var inputs = Self.edgeCases
        for _ in 0..<self.iterations {
            inputs.append(Self.randomTiers(&random))
        }
        for input in inputs {
            let loads = policy.loads(for: input)
            let expectedCount = min(input.count, PriorityLoads.maximumTiers)
            if loads.tierCount != expectedCount {
                throw violation(
                    "one entry per input tier (at most \(PriorityLoads.maximumTiers))",
                    input,
                    "tierCount \(loads.tierCount), expected \(expectedCount)"
                )
            }
            var sum = 0
            for tier in 0..<loads.tierCount {
                let healthy = loads.healthyLoad(ofTier: tier)
                let degraded = loads.degradedLoad(ofTier: tier)
                if !(0...100).contains(healthy) || !(0...100).contains(degraded) {
                    throw violation("every load is in 0...100", input, "\(loads)")
                }
                sum += healthy + degraded
            }
            if sum != 100 {
                throw violation("loads sum to exactly 100 for any non-empty input", input, "\(loads) (sum \(sum))")
            }
            for draw: UInt64 in [0, 1, 49, 50, 98, 99, 100, .max, random.next()] {
                let choice = loads.chooseTier(draw: draw)
                if !(0..<loads.tierCount).contains(choice.tier) {
                    throw violation("chooseTier lands on an existing tier", input, "draw \(draw) chose P\(choice.tier)")
                }
            }
            let again = policy.loads(for: input)
            if again != loads {
                throw violation("the same input gives the same result", input, "first \(loads), then \(again)")
            }
            let padded = [TierHealth.empty] + input
            let slice = padded[1...]
            let fromSlice = policy.loads(for: slice)
            if fromSlice != loads {
                throw violation(
                    "any collection of tiers gives the same result (an ArraySlice starting at index 1)",
                    input,
                    "array \(loads), slice \(fromSlice)"
                )
            }
            let lazy = policy.loads(for: input.lazy.map { $0 })
            if lazy != loads {
                throw violation(
                    "any collection of tiers gives the same result (a lazy collection)",
                    input,
                    "array \(loads), lazy \(lazy)"
                )
            }
        }
    }

    /// Inputs that break careless implementations.
    static let edgeCases: [[TierHealth]] = {
        let max = TierHealth.maximumCount
        var cases: [[TierHealth]] = [
            [TierHealth(total: 1, healthy: 1), TierHealth(total: 1, healthy: 1)],
            [TierHealth(total: 1, healthy: 0), TierHealth(total: 1, healthy: 1)],
            [TierHealth(total: 1, healthy: 0), TierHealth(total: 1, healthy: 0)],
            [TierHealth(total: 0, healthy: 0)],
            [TierHealth.empty, TierHealth.empty, TierHealth.empty],
            [TierHealth(total: 3, healthy: 0, excluded: 3)],
            [TierHealth(total: 4, healthy: 0, degraded: 4), TierHealth(total: 2, healthy: 0, degraded: 1)],
            [TierHealth(total: 10, healthy: 5), TierHealth(total: 10, healthy: 10)],
            [TierHealth(total: max, healthy: max), TierHealth(total: max, healthy: 1)],
            [TierHealth(total: max, healthy: 0, degraded: max, excluded: 0)],
            [TierHealth(total: -5, healthy: -1, degraded: 7, excluded: 9)],
            [
                TierHealth(total: 2, healthy: 1, totalWeight: 10, healthyWeight: 1),
                TierHealth(total: 2, healthy: 2, totalWeight: 2, healthyWeight: 2),
            ],
            [TierHealth(total: 2, healthy: 1, totalWeight: .max, healthyWeight: .max)],
        ]
        cases.append(Array(repeating: TierHealth(total: 1, healthy: 0), count: 40))
        cases.append(Array(repeating: TierHealth(total: 1, healthy: 0), count: 39) + [TierHealth(total: 1, healthy: 1)])
        cases.append((0..<33).map { TierHealth(total: $0 + 1, healthy: $0 / 2) })
        return cases
    }()

    static func randomTiers(_ random: inout SeededRandomNumberGenerator) -> [TierHealth] {
        let count = Int(random.next() % 40) + 1
        return (0..<count).map { _ in
            func value() -> Int {
                switch random.next() % 8 {
                case 0: return 0
                case 1: return TierHealth.maximumCount
                case 2: return Int(truncatingIfNeeded: random.next())
                default: return Int(random.next() % 20)
                }
            }
            if random.next() % 4 == 0 {
                return TierHealth(
                    total: value(),
                    healthy: value(),
                    degraded: value(),
                    excluded: value(),
                    totalWeight: random.next() % 3 == 0 ? random.next() : random.next() % 100,
                    healthyWeight: random.next() % 100,
                    degradedWeight: random.next() % 50,
                    excludedWeight: random.next() % 10
                )
            }
            return TierHealth(total: value(), healthy: value(), degraded: value(), excluded: value())
        }
    }
}
