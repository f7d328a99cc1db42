import Foundation

/// Wall-clock readings, for the access log's timestamps and rate-limit reset headers.
public enum WallClock {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public static func unixNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Whole seconds since 1970-01-01T00:00:00Z.
    public static func seconds() -> Int64 {
        self.unixNanoseconds() / 1_000_000_000
    }
}
