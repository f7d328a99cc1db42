#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the operating system's monotonic clock in nanoseconds: what ``EdgeRouter`` uses when it runs
/// on `ContinuousClock`, since reading it directly costs a fraction of going through `Clock.now` and
/// `Duration` arithmetic (which divides 128-bit attosecond counts).
///
/// The clock is the one `ContinuousClock` reads — `CLOCK_BOOTTIME` on Linux (it keeps counting while
/// the machine sleeps), `CLOCK_MONOTONIC_RAW` on Apple platforms — so the router's timeline advances
/// exactly as `ContinuousClock` does.
enum SystemMonotonicClock {
    @inline(__always)
    static func nanoseconds() -> Int64 {
        var time = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_BOOTTIME, &time)
        #else
        clock_gettime(CLOCK_MONOTONIC_RAW, &time)
        #endif
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }

    /// The wall-clock time in nanoseconds since 1970 (`CLOCK_REALTIME`).
    static func wallClockNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
}
