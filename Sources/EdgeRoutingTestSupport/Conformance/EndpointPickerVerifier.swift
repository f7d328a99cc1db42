import Dispatch
@_spi(TestSupport) public import EdgeRouting

/// Runs an ``/EdgeRouting/EndpointPicker`` through its documented contract and throws a ``ConformanceViolation``
/// describing the first broken rule.
///
/// The verifier makes the picker's state for candidate lists of 1 to 64 endpoints with equal, unequal
/// and extreme weights, as the router would, and picks from them directly, without a router. It checks
/// (see ``/EdgeRouting/EndpointPicker`` and ``/EdgeRouting/EndpointPickerState``):
///
/// - **in range**: every pick is `nil` or a position in `0..<candidates.count`;
/// - **never an excluded candidate**: while some candidate is not excluded (by its endpoint, its
///   cluster or its tier), the pick is one of those;
/// - **`nil` exactly when every candidate is excluded**: without exclusions, or with one candidate
///   left, a pick never fails; with every candidate excluded it returns `nil`, so that the router can
///   fall back to a pick without exclusions;
/// - **weights as documented**: over ``picks`` picks without exclusions, each candidate's share is its
///   share of the total weight (``WeightHandling/proportional``), the same for every candidate
///   (``WeightHandling/ignored``), or not checked (``WeightHandling/unspecified``), within six standard
///   deviations of a binomial draw;
/// - **deterministic with a seeded generator**: two states made from the same weights, given the same
///   candidates and generators with the same seed, pick the same — a picker takes its randomness only
///   from the `random` argument;
/// - **safe from many threads**: one state picked from four threads at once gives valid picks;
/// - **no trap on odd counts**: for a picker that asks for in-flight counts
///   (``/EdgeRouting/EndpointPicker/needsActiveRequests``), huge and unequal counts still give valid picks.
///
/// ```swift
/// @Test func myPickerHonoursTheContract() throws {
///     try EndpointPickerVerifier().verify(MyPicker(), weights: .proportional)
/// }
/// ```
///
/// What it cannot check: that picking allocates nothing and takes no shared lock (measure that with a
/// benchmark's malloc counter), and that the state is free of data races (run the test under the
/// thread sanitizer, `swift test --sanitize=thread`). A picker that traps stops the test process, which
/// the test runner reports as a crash.
public struct EndpointPickerVerifier: Sendable {
    /// What a picker promises about weights.
    public struct WeightHandling: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case proportional
            case ignored
            case unspecified
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// Each candidate gets picks in proportion to its weight (``/EdgeRouting/RoundRobinPicker``, ``/EdgeRouting/RandomPicker``).
        public static let proportional = WeightHandling(.proportional)
        /// Every candidate gets the same share whatever its weight.
        public static let ignored = WeightHandling(.ignored)
        /// No promise about the shares: they depend on something else, such as the in-flight counts of
        /// ``/EdgeRouting/LeastRequestPicker``. The distribution is not checked.
        public static let unspecified = WeightHandling(.unspecified)

        /// `proportional`, `ignored` or `unspecified`.
        public var description: String {
            switch self.kind {
            case .proportional: return "proportional"
            case .ignored: return "ignored"
            case .unspecified: return "unspecified"
            }
        }

        /// The expected share of each candidate, or `nil` when shares are not checked.
        func shares(_ weights: [UInt32]) -> [Double]? {
            switch self.kind {
            case .proportional:
                let total = weights.reduce(0.0) { $0 + Double($1) }
                return weights.map { Double($0) / total }
            case .ignored:
                return Array(repeating: 1 / Double(weights.count), count: weights.count)
            case .unspecified:
                return nil
            }
        }
    }

    /// How many picks the distribution check makes per candidate list.
    public var picks: Int
    /// The seed of the generators passed to the picker, and of the random weights.
    public var seed: UInt64

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - picks: Picks per candidate list for the distribution check (at least 100; 20,000 by default).
    ///   - seed: The seed.
    public init(picks: Int = 20_000, seed: UInt64 = 1) {
        self.picks = max(100, picks)
        self.seed = seed
    }

    /// Checks `picker` against the contract.
    ///
    /// - Parameters:
    ///   - picker: The picker under test.
    ///   - handling: What its documentation promises about weights (the `weights:` label).
    /// - Throws: ``ConformanceViolation`` for the first broken rule.
    public func verify(_ picker: some EndpointPicker, weights handling: WeightHandling) throws {
        let context = Context(subject: String(describing: type(of: picker)), picker: picker)
        var random = SeededRandomNumberGenerator(seed: self.seed)
        for weights in Self.weightLists(&random) {
            let list = CandidateList(weights: weights)
            try self.checkPicks(list, context, handling, &random)
            try self.checkExclusions(list, context, &random)
            try self.checkDeterminism(list, context)
            if context.picker.needsActiveRequests {
                try self.checkActiveCounts(list, context, &random)
            }
        }
        try self.checkConcurrency(CandidateList(weights: [1, 2, 3, 4, 5, 6, 7, 8]), context)
    }

    // MARK: - Rules

    /// Picks without exclusions: never `nil`, always in range, and shares as promised.
    private func checkPicks(
        _ list: CandidateList,
        _ context: Context,
        _ handling: WeightHandling,
        _ random: inout SeededRandomNumberGenerator
    ) throws {
        let state = context.picker.makeState(weights: list.weights, shards: 1)
        var counts = [Int](repeating: 0, count: list.count)
        var generator = random.split()
        for pick in 0..<self.picks {
            let chosen = list.pick(with: state, excluded: ExclusionSet(), random: &generator)
            guard let chosen else {
                throw context.violation(
                    "without exclusions a pick never fails",
                    list.describe(ExclusionSet()),
                    "pick \(pick + 1) returned nil"
                )
            }
            guard (0..<list.count).contains(chosen) else {
                throw context.violation(
                    "a pick is a position in 0..<candidates.count",
                    list.describe(ExclusionSet()),
                    "pick \(pick + 1) returned \(chosen)"
                )
            }
            counts[chosen] += 1
        }
        guard list.count > 1, let shares = handling.shares(list.weights) else { return }
        for (candidate, share) in shares.enumerated() {
            let expected = Double(self.picks) * share
            let deviation = (Double(self.picks) * share * (1 - share)).squareRoot()
            if abs(Double(counts[candidate]) - expected) > 6 * deviation + 2 {
                throw context.violation(
                    "weights are \(handling): each candidate's share of \(self.picks) picks is "
                        + (handling == .proportional ? "its share of the total weight" : "the same"),
                    list.describe(ExclusionSet()),
                    "candidate \(candidate) picked \(counts[candidate]) times, expected about \(Int(expected.rounded())); "
                        + "all counts \(counts)"
                )
            }
        }
    }

    /// Picks with exclusions: never an excluded candidate while another is left, `nil` when none is.
    private func checkExclusions(
        _ list: CandidateList,
        _ context: Context,
        _ random: inout SeededRandomNumberGenerator
    ) throws {
        let state = context.picker.makeState(weights: list.weights, shards: 1)
        var generator = random.split()
        for excluded in list.exclusionPatterns(&random) {
            let allExcluded = (0..<list.count).allSatisfy { list.isExcluded($0, by: excluded) }
            for pick in 0..<max(4 * list.count, 32) {
                let chosen = list.pick(with: state, excluded: excluded, random: &generator)
                if allExcluded {
                    if let chosen {
                        throw context.violation(
                            "with every candidate excluded a pick returns nil (the router then picks again "
                                + "without exclusions)",
                            list.describe(excluded),
                            "pick \(pick + 1) returned \(chosen)"
                        )
                    }
                    continue
                }
                guard let chosen else {
                    throw context.violation(
                        "a pick returns nil only when every candidate is excluded",
                        list.describe(excluded),
                        "pick \(pick + 1) returned nil"
                    )
                }
                guard (0..<list.count).contains(chosen) else {
                    throw context.violation(
                        "a pick is a position in 0..<candidates.count",
                        list.describe(excluded),
                        "pick \(pick + 1) returned \(chosen)"
                    )
                }
                if list.isExcluded(chosen, by: excluded) {
                    throw context.violation(
                        "never an excluded candidate while one that is not excluded is left",
                        list.describe(excluded),
                        "pick \(pick + 1) returned excluded candidate \(chosen)"
                    )
                }
            }
        }
    }

    /// Two fresh states with equal generators pick the same.
    private func checkDeterminism(_ list: CandidateList, _ context: Context) throws {
        let first = context.picker.makeState(weights: list.weights, shards: 1)
        let second = context.picker.makeState(weights: list.weights, shards: 1)
        var firstRandom = SeededRandomNumberGenerator(seed: self.seed &+ 7)
        var secondRandom = firstRandom
        var patternRandom = SeededRandomNumberGenerator(seed: self.seed &+ 8)
        let patterns = [ExclusionSet()] + list.exclusionPatterns(&patternRandom)
        for pick in 0..<500 {
            let excluded = patterns[pick % patterns.count]
            let a = list.pick(with: first, excluded: excluded, random: &firstRandom)
            let b = list.pick(with: second, excluded: excluded, random: &secondRandom)
            if a != b {
                throw context.violation(
                    "the same candidates and the same seeded generator give the same picks (no other source "
                        + "of randomness, no state shared between lists)",
                    list.describe(excluded),
                    "pick \(pick + 1): \(a.map(String.init) ?? "nil") from one state, "
                        + "\(b.map(String.init) ?? "nil") from another"
                )
            }
        }
    }

    /// Huge and unequal in-flight counts still give valid picks.
    private func checkActiveCounts(
        _ list: CandidateList,
        _ context: Context,
        _ random: inout SeededRandomNumberGenerator
    ) throws {
        let state = context.picker.makeState(weights: list.weights, shards: 1)
        var generator = random.split()
        let patterns: [[UInt64]] = [
            (0..<list.count).map { UInt64($0) },
            Array(repeating: .max, count: list.count),
            (0..<list.count).map { $0 % 2 == 0 ? .max : 0 },
            (0..<list.count).map { _ in random.next() },
        ]
        for active in patterns {
            for pick in 0..<64 {
                let chosen = list.pick(with: state, excluded: ExclusionSet(), active: active, random: &generator)
                guard let chosen, (0..<list.count).contains(chosen) else {
                    throw context.violation(
                        "in-flight counts of any size give a valid pick",
                        list.describe(ExclusionSet()) + ", in flight \(active)",
                        "pick \(pick + 1) returned \(chosen.map(String.init) ?? "nil")"
                    )
                }
            }
        }
    }

    /// One state, four threads: every pick valid.
    private func checkConcurrency(_ list: CandidateList, _ context: Context) throws {
        let state = context.picker.makeState(weights: list.weights, shards: 4)
        let excluded = {
            var excluded = ExclusionSet()
            excluded.insert(endpoint: list.endpoints[0])
            return excluded
        }()
        let failures = Locked<[String]>([])
        let seed = self.seed
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            var random = SeededRandomNumberGenerator(seed: seed &+ UInt64(thread))
            for pick in 0..<2_000 {
                let exclusions = pick % 2 == 0 ? ExclusionSet() : excluded
                let chosen = list.pick(with: state, excluded: exclusions, random: &random)
                let valid = chosen.map { (1..<list.count).contains($0) || ($0 == 0 && exclusions.isEmpty) } ?? false
                if !valid {
                    failures.withLock {
                        $0.append("thread \(thread), pick \(pick + 1): \(chosen.map(String.init) ?? "nil")")
                    }
                    return
                }
            }
        }
        if let failure = failures.withLock({ $0.first }) {
            throw context.violation(
                "picks from many threads at once are valid",
                list.describe(excluded) + " (every other pick), 4 threads × 2,000 picks",
                failure
            )
        }
    }

    // MARK: - Inputs

    /// Candidate lists' weights that break careless pickers.
    static func weightLists(_ random: inout SeededRandomNumberGenerator) -> [[UInt32]] {
        var lists: [[UInt32]] = [
            [1], [7], [1, 1], [1, 3], [3, 1], [1, 1, 1], [5, 5, 5, 5, 5], [1, 2, 3, 4, 5, 6, 7],
            [100, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [UInt32.max, 1], [1, UInt32.max],
        ]
        lists.append((0..<64).map { _ in UInt32(random.next() % 100) + 1 })
        lists.append(Array(repeating: 2, count: 64))
        return lists
    }

    static func endpoints(_ count: Int) -> [EndpointID] {
        (0..<count).map { EndpointID(rawValue: UInt64(200 + $0)) }
    }

    /// A candidate list as the router keeps it: endpoints in two clusters (even positions in the first),
    /// in tier 1.
    struct CandidateList {
        static let tier = 1
        static let clusters = [ClusterID(rawValue: 11), ClusterID(rawValue: 12)]

        let weights: [UInt32]
        let endpoints: [EndpointID]
        let clusters: [ClusterID]

        init(weights: [UInt32]) {
            self.weights = weights
            self.endpoints = EndpointPickerVerifier.endpoints(weights.count)
            self.clusters = (0..<weights.count).map { Self.clusters[$0 % 2] }
        }

        var count: Int { self.weights.count }

        func pick(
            with state: any EndpointPickerState,
            excluded: ExclusionSet,
            active: [UInt64]? = nil,
            random: inout SeededRandomNumberGenerator
        ) -> Int? {
            let picked = EndpointCandidates.withCandidates(
                endpoints: self.endpoints,
                clusters: self.clusters,
                weights: self.weights,
                activeRequests: active,
                excluded: excluded,
                tier: Self.tier
            ) { candidates in
                state.pick(from: candidates, random: &random)
            }
            // The lists always fit, so `withCandidates` always runs the body.
            return picked ?? nil
        }

        func isExcluded(_ candidate: Int, by excluded: ExclusionSet) -> Bool {
            excluded.excludes(endpoint: self.endpoints[candidate], cluster: self.clusters[candidate], tier: Self.tier)
        }

        /// Exclusion sets to pick with: one endpoint, all but one, a cluster, the other tier, everything.
        func exclusionPatterns(_ random: inout SeededRandomNumberGenerator) -> [ExclusionSet] {
            var patterns: [ExclusionSet] = []
            func set(_ body: (inout ExclusionSet) -> Void) {
                var excluded = ExclusionSet()
                body(&excluded)
                patterns.append(excluded)
            }
            let count = self.count
            set { $0.insert(endpoint: self.endpoints[0]) }
            set { $0.insert(endpoint: self.endpoints[count - 1]) }
            set { $0.insert(endpoint: self.endpoints[Int(random.next() % UInt64(count))]) }
            // Endpoints of another list, and another tier: nothing here is excluded.
            set {
                $0.insert(endpoint: EndpointID(rawValue: 1))
                $0.insert(cluster: ClusterID(rawValue: 99))
                $0.insert(tier: 0)
            }
            // All but the last (the set remembers at most `ExclusionSet.capacity` endpoints).
            if count - 1 <= ExclusionSet.capacity {
                set { excluded in
                    for endpoint in self.endpoints.dropLast() { excluded.insert(endpoint: endpoint) }
                }
            }
            // Every endpoint.
            if count <= ExclusionSet.capacity {
                set { excluded in
                    for endpoint in self.endpoints { excluded.insert(endpoint: endpoint) }
                }
            }
            set { $0.insert(cluster: Self.clusters[0]) }
            if count > 1 {
                // The first cluster and one endpoint of the second.
                set {
                    $0.insert(cluster: Self.clusters[0])
                    $0.insert(endpoint: self.endpoints[1])
                }
            }
            set {
                $0.insert(cluster: Self.clusters[0])
                $0.insert(cluster: Self.clusters[1])
            }
            set { $0.insert(tier: Self.tier) }
            return patterns
        }

        func describe(_ excluded: ExclusionSet) -> String {
            let weights =
                self.count > 8
                ? "\(self.count) candidates, weights \(Array(self.weights.prefix(8))) …" : "weights \(self.weights)"
            let names = zip(self.endpoints, self.clusters).prefix(4).map { "\($0)@\($1)" }.joined(separator: ", ")
            return "\(weights) (candidates \(names)\(self.count > 4 ? ", …" : ""); tier \(Self.tier)), "
                + (excluded.isEmpty ? "no exclusions" : "excluded \(excluded)")
        }
    }

    private struct Context {
        var subject: String
        var picker: any EndpointPicker

        func violation(_ rule: String, _ input: String, _ found: String) -> ConformanceViolation {
            ConformanceViolation(
                contract: "EndpointPicker",
                subject: self.subject,
                rule: rule,
                input: input,
                found: found
            )
        }
    }
}
