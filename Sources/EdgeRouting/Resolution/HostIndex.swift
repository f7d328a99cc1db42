/// An immutable open-addressing hash table from host names to the servers that answer for them, built
/// once at resolution and read by every request.
///
/// Keys are ASCII-lower-cased byte strings; lookups hash and compare the request's bytes
/// case-insensitively in place, so they create no strings and allocate nothing. Linear probing over a
/// power-of-two table at most half full; FNV-1a hashing. The table is never written after `init`, so
/// concurrent lookups need no synchronisation.
struct HostIndex: Sendable {
    private struct Entry: Sendable {
        let hash: UInt64
        let key: [UInt8]
        let servers: [Int]
    }

    private let entries: [Entry]
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
        entries.reserveCapacity(groups.count)
        for group in groups {
            let hash = group.key.withUnsafeBufferPointer { Self.hash($0, from: 0, to: $0.count) }
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 {
                slot = (slot + 1) & (capacity - 1)
            }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, key: group.key, servers: group.servers))
        }
        self.entries = entries
        self.slots = slots
        self.mask = capacity - 1
    }

    /// The number of keys.
    var count: Int {
        self.entries.count
    }

    /// The servers for the key `bytes[start..<end]`, compared without regard to ASCII case.
    func servers(for bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [Int]? {
        let hash = Self.hash(bytes, from: start, to: end)
        var slot = Int(truncatingIfNeeded: hash) & self.mask
        while true {
            let index = Int(self.slots[slot])
            if index < 0 { return nil }
            let entry = self.entries[index]
            if entry.hash == hash && Self.equal(entry.key, bytes, from: start, to: end) {
                return entry.servers
            }
            slot = (slot + 1) & self.mask
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// FNV-1a over the ASCII-lower-cased bytes.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var index = start
        while index < end {
            hash = (hash ^ UInt64(Self.lowercased(bytes[index]))) &* 0x0000_0100_0000_01b3
            index += 1
        }
        return hash
    }

    private static func equal(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool
    {
        guard key.count == end - start else { return false }
        var index = 0
        while index < key.count {
            if key[index] != Self.lowercased(bytes[start + index]) { return false }
            index += 1
        }
        return true
    }
}
