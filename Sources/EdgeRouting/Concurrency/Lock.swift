#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value protected by a POSIX mutex.
///
/// The standard library's `Synchronization.Mutex` would do, but on Linux it is built on raw futexes
/// that the thread sanitizer cannot see, so every access it protects is reported as a race; a pthread
/// mutex is understood by the sanitizer (and costs the same when uncontended). The mutex gets a cache
/// line of its own, so locks of neighbouring objects (one per thread shard, say) never share one.
///
/// The value lives behind a pointer rather than in a stored `var`: every access to a class's `var`
/// goes through the runtime's dynamic exclusivity check (`swift_beginAccess`, about 50 instructions),
/// which the mutex makes redundant, and the router takes a shard's lock on every request.
///
/// Not part of the public API: `EdgeRoutingTestSupport` uses it through the `TestSupport` SPI.
@_spi(TestSupport)
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only accessed while `mutex` is held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>

    /// Creates a lock protecting `value`.
    public init(_ value: Value) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 64)
        self.mutex = raw.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        self.mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(self.mutex, nil)
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
    }

    deinit {
        self.value.deinitialize(count: 1)
        self.value.deallocate()
        pthread_mutex_destroy(self.mutex)
        self.mutex.deinitialize(count: 1)
        UnsafeMutableRawPointer(self.mutex).deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        return try body(&self.value.pointee)
    }

    /// Runs `body` with exclusive access to the value if the lock is free right now; returns `nil`
    /// without waiting otherwise.
    @inline(__always)
    public func withLockIfAvailable<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result? {
        guard pthread_mutex_trylock(self.mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(self.mutex) }
        return try body(&self.value.pointee)
    }
}
