import EdgeRouting

/// A fast random number generator whose whole sequence is fixed by a 64-bit seed: xoshiro256**
/// (Blackman and Vigna), seeded by expanding the seed with SplitMix64 as its authors recommend.
///
/// Every random draw in EdgeRouting takes an `inout some RandomNumberGenerator`; passing this one
/// makes load-balancing picks, backoff jitter and simulated traffic reproducible from a seed:
///
/// ```swift
/// var random = SeededRandomNumberGenerator(seed: 42)
/// let jitter = Duration.milliseconds(Int.random(in: 0..<25, using: &random))  // same on every run
/// let coin = random.nextDouble() < 0.5
/// ```
///
/// Give each component its own generator with ``split()``, so that adding a draw in one component
/// does not shift the numbers another one sees.
///
/// It is a value type: a copy continues the same sequence independently of the original. It is not
/// cryptographically secure, and not a substitute for `SystemRandomNumberGenerator` in production.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator whose sequence is determined by `seed`: the same seed always yields the
    /// same numbers, on every platform.
    ///
    /// ```swift
    /// var a = SeededRandomNumberGenerator(seed: 7)
    /// var b = SeededRandomNumberGenerator(seed: 7)
    /// assert(a.next() == b.next())
    /// ```
    ///
    /// - Parameter seed: Any 64-bit value, zero included.
    public init(seed: UInt64) {
        // SplitMix64 never yields four zero words in a row, so the state is never all zero (the one
        // state from which xoshiro cannot escape).
        var expander = SplitMix64(seed: seed)
        self.s0 = expander.next()
        self.s1 = expander.next()
        self.s2 = expander.next()
        self.s3 = expander.next()
    }

    /// Creates a generator with the given raw xoshiro256** state, which must not be all zero; for
    /// checking the algorithm against its published test vectors.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (self.s0, self.s1, self.s2, self.s3) = state
    }

    /// The next 64 random bits.
    ///
    /// ```swift
    /// var random = SeededRandomNumberGenerator(seed: 0)
    /// assert(random.next() == 0x99EC_5F36_CB75_F2B4)
    /// ```
    @inlinable
    public mutating func next() -> UInt64 {
        let result = (self.s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = self.s1 << 17
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = self.s3.rotatedLeft(by: 45)
        return result
    }

    /// A uniformly distributed `Double` in `0..<1`, made of the top 53 bits of ``next()``: every
    /// multiple of 2⁻⁵³ in the range is equally likely.
    ///
    /// ```swift
    /// var random = SeededRandomNumberGenerator(seed: 1)
    /// let failed = random.nextDouble() < 0.05  // a 5 % failure rate
    /// ```
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(self.next() >> 11) * 0x1p-53
    }

    /// Derives a new generator from this one, deterministically, and advances this one.
    ///
    /// The new generator is seeded (through SplitMix64) with the next output of this one, so its
    /// sequence is unrelated to this generator's continuation, yet the same parent state always
    /// yields the same child. Use it to give each simulated component its own stream from one
    /// test seed:
    ///
    /// ```swift
    /// var root = SeededRandomNumberGenerator(seed: 2024)
    /// var picker = root.split()    // load balancing
    /// var backoff = root.split()   // retry jitter
    /// var traffic = root.split()   // simulated clients
    /// ```
    ///
    /// - Returns: A generator independent of this one's further output.
    public mutating func split() -> SeededRandomNumberGenerator {
        SeededRandomNumberGenerator(seed: self.next())
    }
}

extension UInt64 {
    @inlinable
    func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 &- count))
    }
}
