import Testing

@testable import EdgeRoutingTestSupport

@Suite struct SeededRandomNumberGeneratorTests {
    /// First outputs of the reference C implementation of xoshiro256** (prng.di.unimi.it), its state
    /// filled by four calls of the reference SplitMix64 seeded with `seed`.
    static let referenceOutputs: [(seed: UInt64, outputs: [UInt64])] = [
        (
            UInt64(0),
            [
                0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C,
                0xBBA5_AD4A_1F84_2E59, 0xFFEF_8375_D9EB_CACA,
            ]
        ),
        (
            42,
            [
                0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1,
                0xFDE6_DC7F_E2EC_5E64, 0xC50D_A531_0179_5238,
            ]
        ),
        (
            0xDEAD_BEEF,
            [
                0xC555_5444_A74D_7E83, 0x65C3_0D37_B4B1_6E38, 0x54F7_7320_0A4E_FA23, 0x429A_ED75_FB95_8AF7,
                0xFB0E_1DD6_9C25_5B2E, 0x9D6D_02EC_5881_4A27,
            ]
        ),
    ]

    @Test(arguments: referenceOutputs)
    func matchesTheReferenceAlgorithm(seed: UInt64, expected: [UInt64]) {
        var random = SeededRandomNumberGenerator(seed: seed)
        #expect(expected.map { _ in random.next() } == expected)
    }

    /// The published test vector for xoshiro256** from the state (1, 2, 3, 4), as in rand_xoshiro.
    @Test func matchesThePublishedStateVector() {
        var random = SeededRandomNumberGenerator(state: (1, 2, 3, 4))
        let expected: [UInt64] = [
            11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
            607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
            10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
        ]
        #expect(expected.map { _ in random.next() } == expected)
    }

    @Test(arguments: [UInt64(0), 1, 42, .max])
    func theSameSeedYieldsTheSameSequence(seed: UInt64) {
        var first = SeededRandomNumberGenerator(seed: seed)
        var second = SeededRandomNumberGenerator(seed: seed)
        var other = SeededRandomNumberGenerator(seed: seed &+ 1)
        let a = (0..<1000).map { _ in first.next() }
        let b = (0..<1000).map { _ in second.next() }
        let c = (0..<1000).map { _ in other.next() }
        #expect(a == b)
        #expect(zip(a, c).allSatisfy { $0 != $1 })

        // Standard library algorithms driven by it are reproducible too.
        var shuffleA = SeededRandomNumberGenerator(seed: seed)
        var shuffleB = SeededRandomNumberGenerator(seed: seed)
        #expect(Array(0..<50).shuffled(using: &shuffleA) == Array(0..<50).shuffled(using: &shuffleB))
    }

    @Test func aCopyContinuesTheSameSequenceIndependently() {
        var original = SeededRandomNumberGenerator(seed: 9)
        _ = original.next()
        var copy = original
        let fromCopy = (0..<10).map { _ in copy.next() }
        #expect(original != copy)
        #expect((0..<10).map { _ in original.next() } == fromCopy)
        #expect(original == copy)
    }

    @Test(arguments: [UInt64(0), 3, 0xFEED])
    func nextDoubleIsTheTop53BitsScaledIntoTheUnitInterval(seed: UInt64) {
        var random = SeededRandomNumberGenerator(seed: seed)
        var reference = random
        for _ in 0..<10_000 {
            let value = random.nextDouble()
            #expect(value >= 0 && value < 1)
            #expect(value == Double(reference.next() >> 11) / 9_007_199_254_740_992)
        }
    }

    // MARK: Splitting

    @Test func splitIsDeterministicAndSeedsTheChildWithTheParentsNextOutput() {
        var parent = SeededRandomNumberGenerator(seed: 2024)
        var twin = parent
        var lookahead = parent
        let draw = lookahead.next()

        var child = parent.split()
        var twinChild = twin.split()
        #expect(parent == lookahead)
        #expect(child == SeededRandomNumberGenerator(seed: draw))
        #expect((0..<100).map { _ in child.next() } == (0..<100).map { _ in twinChild.next() })
    }

    @Test(arguments: [UInt64(0), 7, 2024])
    func splitsAreIndependentOfTheParentAndOfEachOther(seed: UInt64) {
        var parent = SeededRandomNumberGenerator(seed: seed)
        var first = parent.split()
        var second = parent.split()
        let count = 10_000
        let parentDraws = (0..<count).map { _ in parent.nextDouble() }
        let firstDraws = (0..<count).map { _ in first.nextDouble() }
        let secondDraws = (0..<count).map { _ in second.nextDouble() }

        for (a, b) in [(parentDraws, firstDraws), (parentDraws, secondDraws), (firstDraws, secondDraws)] {
            #expect(zip(a, b).allSatisfy { $0 != $1 })
            // Uncorrelated streams: |r| is about 1/√n = 0.01; 0.05 is five standard deviations.
            #expect(abs(Self.correlation(a, b)) < 0.05)
            // Nor is one a shifted copy of the other.
            #expect(Set(a).isDisjoint(with: b))
        }
    }

    // MARK: Uniformity

    /// Pearson's chi-square over 100,000 draws in 10 buckets; 27.88 is the 99.9th percentile of the
    /// chi-square distribution with 9 degrees of freedom.
    @Test(arguments: [UInt64(0), 1, 42, 0xDEAD_BEEF])
    func drawsAreUniform(seed: UInt64) {
        var random = SeededRandomNumberGenerator(seed: seed)
        let draws = 100_000
        var integerBuckets = [Int](repeating: 0, count: 10)
        var doubleBuckets = [Int](repeating: 0, count: 10)
        for _ in 0..<draws {
            integerBuckets[Int.random(in: 0..<10, using: &random)] += 1
            doubleBuckets[Int(random.nextDouble() * 10)] += 1
        }
        #expect(Self.chiSquare(integerBuckets) < 27.88)
        #expect(Self.chiSquare(doubleBuckets) < 27.88)
    }

    private static func chiSquare(_ buckets: [Int]) -> Double {
        let expected = Double(buckets.reduce(0, +)) / Double(buckets.count)
        return buckets.reduce(0) { sum, observed in
            let difference = Double(observed) - expected
            return sum + difference * difference / expected
        }
    }

    private static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let meanA = a.reduce(0, +) / n
        let meanB = b.reduce(0, +) / n
        var covariance = 0.0
        var varianceA = 0.0
        var varianceB = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        return covariance / (varianceA * varianceB).squareRoot()
    }
}
