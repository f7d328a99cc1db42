/// Thirty-two bytes, one per priority tier, stored inline in four words: the fixed-size, heap-free
/// storage behind ``PriorityLoads``.
///
/// Reading an index outside `0..<32` yields 0 and writing one is ignored, so a caller's bad tier index
/// never traps.
struct TierBytes: Hashable, Sendable {
    static let capacity = 32

    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var word3: UInt64 = 0

    init() {}

    @inline(__always)
    subscript(index: Int) -> UInt8 {
        get {
            guard (0..<Self.capacity).contains(index) else { return 0 }
            let shift = UInt64(index & 7) &* 8
            return UInt8(truncatingIfNeeded: self.word(index >> 3) >> shift)
        }
        set {
            guard (0..<Self.capacity).contains(index) else { return }
            let shift = UInt64(index & 7) &* 8
            let cleared = self.word(index >> 3) & ~(0xFF << shift)
            self.setWord(index >> 3, cleared | UInt64(newValue) << shift)
        }
    }

    @inline(__always)
    private func word(_ number: Int) -> UInt64 {
        switch number {
        case 0: return self.word0
        case 1: return self.word1
        case 2: return self.word2
        default: return self.word3
        }
    }

    @inline(__always)
    private mutating func setWord(_ number: Int, _ value: UInt64) {
        switch number {
        case 0: self.word0 = value
        case 1: self.word1 = value
        case 2: self.word2 = value
        default: self.word3 = value
        }
    }
}
