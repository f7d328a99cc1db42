import Synchronization

/// A clock that moves only when told to, so that ejections made in a benchmark's setup stay in force
/// for the whole run (an ejection lasts 30 s of the router's clock).
///
/// Reading it is one relaxed atomic load, cheaper than `ContinuousClock` (a `clock_gettime` call); the
/// "production clock" benchmark shows the difference.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant {
            Instant(offset: self.offset + duration)
        }

        func duration(to other: Instant) -> Duration {
            other.offset - self.offset
        }

        static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.offset < rhs.offset
        }
    }

    private let nanoseconds = Atomic<Int64>(0)

    var now: Instant {
        // `Duration(attoseconds:)` with a plain product: `.nanoseconds(_:)` would add ~100
        // instructions of overflow-checked 128-bit arithmetic to every reading.
        Instant(offset: Duration(attoseconds: Int128(self.nanoseconds.load(ordering: .relaxed)) &* 1_000_000_000))
    }

    var minimumResolution: Duration {
        .zero
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {}

    /// Moves the clock forward.
    func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.nanoseconds.add(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .relaxed)
    }
}
