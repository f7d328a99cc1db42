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
/// mapping reads the thread's identity — on Linux and Apple platforms the address of the thread's control
/// block, which sits at the top of its stack — and takes its page number modulo the shard count.
/// Threads created one after another (a proxy's event loops, a thread pool) have stacks of equal size
/// laid out one after another, so their page numbers differ by the stack size in pages plus a guard
/// page (2,049 for the default 8 MiB), which is odd: consecutive threads land on consecutive shards.
/// (A hash that mixed the bits would put two threads on one shard a quarter of the time with four
/// shards.) Threads that do share a shard stay correct — shard state is still updated atomically — and
/// only lose speed.
///
/// A thread-local number assigned on first use would be exact, but `pthread_getspecific` costs several
/// times as much as `pthread_self`, and shard lookups happen several times per request.
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
        return Int(truncatingIfNeeded: identity >> 12) & mask
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
