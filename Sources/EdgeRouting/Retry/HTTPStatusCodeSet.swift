/// A set of HTTP status codes in `100...599`, kept as a fixed-size bit set.
///
/// Membership tests are a shift and a mask, and the value never allocates, so the retry planner can
/// ask "is this status retriable?" on the request path.
struct HTTPStatusCodeSet: Hashable, Sendable {
    /// The codes a set can hold.
    static let range = 100...599

    // 500 codes need 8 words of 64 bits.
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0
    private var w4: UInt64 = 0
    private var w5: UInt64 = 0
    private var w6: UInt64 = 0
    private var w7: UInt64 = 0

    /// An empty set.
    init() {}

    /// A set of the given codes; codes outside ``range`` are ignored.
    init(_ codes: some Sequence<Int>) {
        for code in codes {
            self.insert(code)
        }
    }

    var isEmpty: Bool {
        (self.w0 | self.w1 | self.w2 | self.w3 | self.w4 | self.w5 | self.w6 | self.w7) == 0
    }

    /// The codes in increasing order.
    var sorted: [Int] {
        Self.range.filter { self.contains($0) }
    }

    /// Adds a code; codes outside ``range`` are ignored.
    mutating func insert(_ code: Int) {
        guard Self.range.contains(code) else { return }
        let offset = code - Self.range.lowerBound
        let bit: UInt64 = 1 << UInt64(offset & 63)
        switch offset >> 6 {
        case 0: self.w0 |= bit
        case 1: self.w1 |= bit
        case 2: self.w2 |= bit
        case 3: self.w3 |= bit
        case 4: self.w4 |= bit
        case 5: self.w5 |= bit
        case 6: self.w6 |= bit
        default: self.w7 |= bit
        }
    }

    /// Whether the set holds `code`; always `false` outside ``range``.
    @inline(__always)
    func contains(_ code: Int) -> Bool {
        guard Self.range.contains(code) else { return false }
        let offset = code - Self.range.lowerBound
        let bit: UInt64 = 1 << UInt64(offset & 63)
        let word: UInt64
        switch offset >> 6 {
        case 0: word = self.w0
        case 1: word = self.w1
        case 2: word = self.w2
        case 3: word = self.w3
        case 4: word = self.w4
        case 5: word = self.w5
        case 6: word = self.w6
        default: word = self.w7
        }
        return word & bit != 0
    }
}
