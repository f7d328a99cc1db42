/// An immutable open-addressing hash table from host names to the servers that answer for them, built
/// once at resolution and read by every request.
///
/// Keys are ASCII-lower-cased byte strings; lookups hash and compare the request's bytes
/// case-insensitively in place, so they create no strings and allocate nothing. Linear probing over a
/// power-of-two table at most half full. The table is never written after `init`, so concurrent
/// lookups need no synchronisation.
///
/// The request path reads eight bytes at a time: each word of the host is lower-cased with a few
/// bitwise operations (ASCII letters only), hashed, and compared with the key's words, which are
/// stored zero-padded in one flat array. Entries hold only integers, so a lookup touches no reference
/// count and returns the servers as a range of ``candidate(_:)`` positions.
struct HostIndex: Sendable {
    private struct Entry: Sendable {
        let hash: UInt64
        /// The key's first word in `keyWords`.
        let keyWord: Int32
        /// The key's length in bytes.
        let keyLength: Int32
        /// The key's servers: `serverList[serverStart ..< serverStart + serverCount]`.
        let serverStart: Int32
        let serverCount: Int32
    }

    private let entries: [Entry]
    /// Every key, as little-endian words of its bytes, zero-padded to a whole word.
    private let keyWords: [UInt64]
    private let serverList: [Int]
    private let slots: [Int32]
    private let mask: Int

    /// - Parameter groups: Distinct keys (lower-cased ASCII bytes), each with its server indices in
    ///   configuration order.
    init(_ groups: [(key: [UInt8], servers: [Int])]) {
        var capacity = 8
        while capacity < groups.count * 2 {
            capacity *= 2
        }
        var slots = Array(repeating: Int32(-1), count: capacity)
        var entries: [Entry] = []
        var keyWords: [UInt64] = []
        var serverList: [Int] = []
        entries.reserveCapacity(groups.count)
        for group in groups {
            let hash = group.key.withUnsafeBufferPointer { Self.hash($0, from: 0, to: $0.count) }
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 {
                slot = (slot + 1) & (capacity - 1)
            }
            slots[slot] = Int32(entries.count)
            entries.append(
                Entry(
                    hash: hash,
                    keyWord: Int32(keyWords.count),
                    keyLength: Int32(group.key.count),
                    serverStart: Int32(serverList.count),
                    serverCount: Int32(group.servers.count)
                )
            )
            group.key.withUnsafeBufferPointer { key in
                var start = 0
                while start < key.count {
                    keyWords.append(Self.word(key, at: start, end: key.count))
                    start += 8
                }
            }
            serverList.append(contentsOf: group.servers)
        }
        self.entries = entries
        self.keyWords = keyWords
        self.serverList = serverList
        self.slots = slots
        self.mask = capacity - 1
    }

    /// The number of keys.
    var count: Int {
        self.entries.count
    }

    /// The servers for the key `bytes[start..<end]`, compared without regard to ASCII case.
    func servers(for bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [Int]? {
        self.candidates(for: bytes, from: start, to: end).map { $0.map(self.candidate) }
    }

    /// The positions of the servers for the key `bytes[start..<end]` (read them with
    /// ``candidate(_:)``), compared without regard to ASCII case; `nil` when the key is absent.
    @inline(__always)
    func candidates(for bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Range<Int>? {
        let hash = Self.hash(bytes, from: start, to: end)
        var slot = Int(truncatingIfNeeded: hash) & self.mask
        while true {
            let index = Int(self.slots[slot])
            if index < 0 { return nil }
            let entry = self.entries[index]
            if entry.hash == hash && Int(entry.keyLength) == end - start
                && self.keyEquals(Int(entry.keyWord), bytes, from: start, to: end)
            {
                let first = Int(entry.serverStart)
                return first..<first + Int(entry.serverCount)
            }
            slot = (slot + 1) & self.mask
        }
    }

    /// The server index at a position of a ``candidates(for:from:to:)`` range.
    @inline(__always)
    func candidate(_ position: Int) -> Int {
        self.serverList[position]
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Eight bytes lower-cased at once, exactly as ``lowercased(_:)`` does each: only `A`–`Z` change.
    @inline(__always)
    static func lowercased(word: UInt64) -> UInt64 {
        let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
        // A byte's top bit is set in `atLeastA` when its low 7 bits are ≥ 0x41 (`A`), in `aboveZ` when
        // they are > 0x5A (`Z`); no addition carries into the next byte.
        let atLeastA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F
        let aboveZ = low7 &+ 0x2525_2525_2525_2525
        let upper = atLeastA & ~aboveZ & ~word & 0x8080_8080_8080_8080
        return word | (upper >> 2)
    }

    /// The bytes `bytes[start ..< min(start + 8, end)]` as a little-endian word, zero-padded.
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        let count = end - start
        if count >= 8 {
            return UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
        }
        if end >= 8 {
            // A short last word: load the eight bytes that end at `end` (all inside the buffer) and
            // shift out those before `start`, instead of assembling the word byte by byte.
            let tail = UInt64(littleEndian: UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self))
            return tail >> UInt64(8 * (8 - count))
        }
        var word: UInt64 = 0
        var index = end - 1
        while index >= start {
            word = word << 8 | UInt64(base[index])
            index -= 1
        }
        return word
    }

    /// A hash of the ASCII-lower-cased bytes, a word at a time (FNV-1a's step over words, then a
    /// final mix so that the low bits, which pick the slot, depend on every byte).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: end - start)
        var index = start
        while index < end {
            hash = (hash ^ Self.lowercased(word: Self.word(bytes, at: index, end: end))) &* 0x0000_0100_0000_01b3
            index += 8
        }
        hash ^= hash >> 32
        hash &*= 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 29)
    }

    /// Whether the key whose words start at `keyWord` equals the lower-cased `bytes[start..<end]`
    /// (the lengths are equal).
    @inline(__always)
    private func keyEquals(_ keyWord: Int, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        self.keyWords.withUnsafeBufferPointer { words in
            var word = keyWord
            var index = start
            while index < end {
                if words[word] != Self.lowercased(word: Self.word(bytes, at: index, end: end)) { return false }
                word += 1
                index += 8
            }
            return true
        }
    }
}
