import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread that runs one job at a time when told to, so that a contention benchmark measures the jobs
/// and not the starting of threads. The threads live for the whole benchmark process.
final class Worker: @unchecked Sendable {
    // @unchecked: `job` is written before `start` is signalled and read by the worker after it waits
    // on `start`; the semaphore orders the two.
    private let start = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var job: () -> Void = {}

    init() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            nil,
            { argument in
                let worker = Unmanaged<Worker>.fromOpaque(argument!).takeRetainedValue()
                worker.loop()
                return nil
            },
            box.toOpaque()
        )
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
    }

    private func loop() {
        while true {
            self.start.wait()
            self.job()
            self.done.signal()
        }
    }

    /// Starts `job` on the worker's thread; ``wait()`` waits for it to finish.
    func run(_ job: @escaping () -> Void) {
        self.job = job
        self.start.signal()
    }

    func wait() {
        self.done.wait()
    }
}

/// Nanoseconds on the monotonic clock.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
