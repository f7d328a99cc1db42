#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps the calling thread to one of a power-of-two number of shards.
///
/// Hot-path state that every request writes (counters, round-robin cursors, random generators) is kept
/// once per shard, so that threads write to different cache lines instead of fighting over one. The
/// mapping is a hash of the thread's identity: stable for a thread, cheap (no thread-local storage
/// lookup), and correct even when two threads collide on a shard, because shard state is still
/// updated atomically; a collision only costs speed.
enum ThreadShard {
    /// The shard of the calling thread among `mask + 1` shards (`mask + 1` a power of two).
    @inline(__always)
    static func current(mask: Int) -> Int {
        if mask == 0 { return 0 }
        #if canImport(Darwin)
        let identity = UInt(bitPattern: pthread_self())
        #else
        let identity = UInt(pthread_self())
        #endif
        // Thread control blocks are page aligned and far apart; Fibonacci hashing spreads the high bits.
        let mixed = (UInt64(identity) >> 12) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 40) & mask
    }

    /// A shard count for this machine: the next power of two at or above twice the active cores,
    /// between 1 and 64.
    static var defaultCount: Int {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return self.powerOfTwo(atLeast: 2 * cores, limit: 64)
    }

    /// The next power of two at or above `value`, clamped to `1...limit`.
    static func powerOfTwo(atLeast value: Int, limit: Int = 64) -> Int {
        var count = 1
        while count < value && count < limit {
            count <<= 1
        }
        return count
    }
}
