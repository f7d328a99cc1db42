@_spi(TestSupport) import EdgeRouting

/// A clock that moves only when a test tells it to: the time source for deterministic tests of code
/// that is generic over `Clock<Duration>` or takes `MonotonicTime`.
///
/// `now` starts at the instant given to ``init(now:)`` (``Instant/origin`` by default) and changes only
/// through ``advance(by:)``, ``advance(to:)`` and ``run()``. Tasks that call
/// ``sleep(until:tolerance:)`` (or the standard library's `sleep(for:)`, which calls it) are
/// suspended until the clock is advanced to their deadline; nothing ever waits for real time.
///
/// ```swift
/// let clock = ManualClock()
/// let task = Task {
///     try await clock.sleep(for: .seconds(30))  // suspends until the clock reaches 30 s
///     return clock.now
/// }
/// try await clock.waitForSleepers(count: 1)     // the task is now asleep on the clock
/// clock.advance(by: .seconds(30))               // wakes it
/// let wokeAt = try await task.value
/// assert(wokeAt == .origin.advanced(by: .seconds(30)))
/// ```
///
/// State machines that take the current time as a parameter read it as
/// `clock.now.monotonicTime` (see ``Instant/monotonicTime``).
///
/// ## Waking is synchronous; running is not
///
/// ``advance(to:)`` wakes the sleepers whose deadlines it passes in deadline order — sleepers with
/// the same deadline in the order they started sleeping — and moves `now` through each of those
/// deadlines as it goes: each sleeper is resumed while `now` equals its deadline, and the call
/// returns with `now` at the target. It only *resumes* the sleepers' continuations: the woken tasks
/// run afterwards, on their executors, and possibly in parallel with each other and with the test.
/// A test therefore awaits something after advancing before it checks what the woken code did:
/// the task's value, a message the code sends, or — for code that goes back to sleep —
/// ``waitForSleepers(count:)``.
///
/// A woken task that reads `now` sees the instant of the moment it runs. To make it see exactly its
/// deadline, advance one deadline at a time and wait for the woken code before advancing again.
/// This is also the deterministic way to drive code that sleeps repeatedly (a timer loop computing
/// each deadline from `now`): a single large `advance` races with the woken task re-registering.
///
/// ```swift
/// for _ in 0..<3 {
///     try await clock.waitForSleepers(count: 1)  // the loop is asleep again
///     clock.advance(to: clock.nextDeadline!)     // wake it exactly at its deadline
/// }
/// ```
///
/// ## Thread-safety
///
/// Every member may be called from any thread or task; the state is protected by a lock (a pthread mutex, which the thread sanitizer understands) and
/// continuations are resumed after the lock is released. Concurrent `advance` calls never move `now`
/// backwards, but they interleave their wake-ups, so a deterministic test advances from one task.
public final class ManualClock: Clock, Sendable {
    /// The clock measures time in the standard library's `Duration`.
    public typealias Duration = Swift.Duration

    private let state: Locked<State>

    /// Creates a clock whose time is `now` until it is advanced.
    ///
    /// ```swift
    /// let clock = ManualClock()                                        // at the origin
    /// let later = ManualClock(now: .origin.advanced(by: .seconds(60)))  // one minute in
    /// ```
    ///
    /// - Parameter now: The clock's initial time; the timeline's origin by default.
    public init(now: Instant = .origin) {
        self.state = Locked(State(now: now))
    }

    /// The clock's current time.
    ///
    /// ```swift
    /// let clock = ManualClock()
    /// clock.advance(by: .milliseconds(250))
    /// assert(clock.now == .origin.advanced(by: .milliseconds(250)))
    /// ```
    public var now: Instant {
        self.state.withLock { $0.now }
    }

    /// Zero: the clock has no granularity, a sleeper wakes exactly at its deadline.
    ///
    /// ```swift
    /// assert(ManualClock().minimumResolution == .zero)
    /// ```
    public var minimumResolution: Duration {
        .zero
    }

    /// The number of tasks currently suspended in ``sleep(until:tolerance:)`` on this clock.
    ///
    /// ```swift
    /// let clock = ManualClock()
    /// assert(clock.sleepers == 0)
    /// ```
    public var sleepers: Int {
        self.state.withLock { $0.sleeperCount }
    }

    /// The tasks currently suspended on this clock, in the order in which advancing wakes them:
    /// by deadline, then by registration.
    ///
    /// Useful to check which delays the code under test scheduled, for example a retry's backoff:
    ///
    /// ```swift
    /// try await clock.waitForSleepers(count: 1)
    /// #expect(clock.pendingSleepers.map(\.deadline) == [.origin.advanced(by: .milliseconds(25))])
    /// ```
    ///
    /// - Complexity: O(*n*) in the number of sleepers.
    public var pendingSleepers: [Sleeper] {
        self.state.withLock { $0.pendingSleepers }
    }

    /// The earliest deadline among the current sleepers, or `nil` when no task is sleeping.
    ///
    /// ```swift
    /// if let deadline = clock.nextDeadline {
    ///     clock.advance(to: deadline)  // wake exactly the next sleepers
    /// }
    /// ```
    public var nextDeadline: Instant? {
        self.state.withLock { $0.nextDeadline }
    }

    /// Suspends the calling task until the clock is advanced to `deadline`.
    ///
    /// Returns at once when `deadline` is not after ``now``; throws `CancellationError` at once when
    /// the task is already cancelled. When the sleeping task is cancelled, its sleep is removed from
    /// the clock and throws `CancellationError`. The standard library's `sleep(for:tolerance:)`
    /// calls this method with `now + duration`.
    ///
    /// ```swift
    /// func heartbeat(clock: some Clock<Duration>) async throws {
    ///     try await clock.sleep(for: .seconds(10))  // with a ManualClock: until a test advances it
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - deadline: The instant at which to wake.
    ///   - tolerance: Ignored: a manual clock wakes sleepers exactly at their deadline.
    /// - Throws: `CancellationError` if the task is cancelled before the clock reaches `deadline`.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let token = self.state.withLock { $0.makeToken() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // `Task.isCancelled` is read under the lock. A cancellation handler that runs before this
                // registration finds nothing to remove, but the task's cancelled flag is set before the
                // handler runs, so the check below sees it; one that runs after finds the entry.
                let action = self.state.withLock { state in
                    state.registerSleep(
                        token: token,
                        deadline: deadline,
                        isCancelled: Task.isCancelled,
                        continuation: continuation
                    )
                }
                Self.perform(action, on: continuation)
            }
        } onCancel: {
            self.state.withLock { $0.cancelSleep(token: token) }?.resume(throwing: CancellationError())
        }
    }

    /// Suspends the calling task until at least `count` tasks are sleeping on this clock.
    ///
    /// This is how a test knows that the code under test has reached its sleep, so that advancing the
    /// clock will wake it. The caller is resumed by the sleep that brings the count to `count`,
    /// without polling. Returns at once when `count` tasks are already sleeping (or `count` ≤ 0).
    ///
    /// ```swift
    /// let clock = ManualClock()
    /// let task = Task { try await clock.sleep(for: .seconds(1)) }
    /// try await clock.waitForSleepers(count: 1)  // returns once the task sleeps
    /// clock.advance(by: .seconds(1))
    /// try await task.value
    /// ```
    ///
    /// A test whose code never sleeps as expected waits here until it is cancelled; give such tests a
    /// `.timeLimit` trait.
    ///
    /// - Parameter count: The number of sleepers to wait for; 1 by default.
    /// - Throws: `CancellationError` if the waiting task is cancelled first.
    public func waitForSleepers(count: Int = 1) async throws {
        let token = self.state.withLock { $0.makeToken() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let action = self.state.withLock { state in
                    state.registerWaiter(
                        token: token,
                        count: count,
                        isCancelled: Task.isCancelled,
                        continuation: continuation
                    )
                }
                Self.perform(action, on: continuation)
            }
        } onCancel: {
            self.state.withLock { $0.cancelWaiter(token: token) }?.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration`, waking every sleeper whose deadline it reaches.
    ///
    /// Equivalent to `advance(to: now.advanced(by: duration))`; a negative duration does nothing.
    /// The sleepers are resumed before this method returns, but they run afterwards (see
    /// ``ManualClock``).
    ///
    /// ```swift
    /// let clock = ManualClock()
    /// clock.advance(by: .seconds(5))
    /// assert(clock.now == .origin.advanced(by: .seconds(5)))
    /// ```
    ///
    /// - Parameter duration: How far to move the clock.
    /// - Returns: The sleepers woken, in the order they were resumed.
    @discardableResult
    public func advance(by duration: Duration) -> [Sleeper] {
        let target = self.state.withLock { $0.now.advanced(by: duration) }
        return self.advance(to: target)
    }

    /// Moves the clock forward to `deadline`, waking every sleeper whose deadline is not after it.
    ///
    /// Sleepers are resumed in deadline order, those with equal deadlines in registration order, and
    /// `now` steps through each deadline as its sleepers are resumed before it settles at `deadline`.
    /// A sleep that starts during the advance with a deadline not after `deadline` is woken by it too.
    /// A `deadline` before ``now`` does nothing: the clock never goes backwards.
    ///
    /// The sleepers are resumed (their continuations are resumed) before this method returns, but the
    /// woken tasks run afterwards on their executors: await their results, or
    /// ``waitForSleepers(count:)`` when they sleep again, before checking what they did.
    ///
    /// ```swift
    /// let woken = clock.advance(to: .origin.advanced(by: .seconds(3)))
    /// // `woken` lists the sleepers resumed, earliest deadline first.
    /// ```
    ///
    /// - Parameter deadline: The time to move the clock to.
    /// - Returns: The sleepers woken, in the order they were resumed.
    @discardableResult
    public func advance(to deadline: Instant) -> [Sleeper] {
        var woken: [Sleeper] = []
        while true {
            let due = self.state.withLock { $0.step(towards: deadline) }
            if due.isEmpty {
                return woken
            }
            for entry in due {
                woken.append(entry.sleeper)
                entry.continuation.resume()
            }
        }
    }

    /// Advances the clock to the latest deadline of the current sleepers, waking all of them in order.
    ///
    /// Does nothing when no task is sleeping. Sleeps that start while it runs are woken too if their
    /// deadline is not after that latest deadline; later ones stay registered.
    ///
    /// ```swift
    /// try await clock.waitForSleepers(count: 3)
    /// clock.run()  // wakes all three, earliest first
    /// ```
    ///
    /// - Returns: The sleepers woken, in the order they were resumed.
    @discardableResult
    public func run() -> [Sleeper] {
        guard let last = self.state.withLock({ $0.lastDeadline }) else { return [] }
        return self.advance(to: last)
    }

    private static func perform(
        _ action: State.RegistrationAction,
        on continuation: CheckedContinuation<Void, any Error>
    ) {
        switch action {
        case .suspend(let waiters):
            for waiter in waiters {
                waiter.resume()
            }
        case .resume:
            continuation.resume()
        case .cancel:
            continuation.resume(throwing: CancellationError())
        }
    }
}
