import EdgeRouting
import EdgeRoutingTestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ManualClockTests {
    private static func at(_ duration: Duration) -> ManualClock.Instant {
        .origin.advanced(by: duration)
    }

    // MARK: Time and arithmetic

    @Test func startsAtTheGivenInstantWithZeroResolution() {
        #expect(ManualClock().now == .origin)
        #expect(ManualClock().minimumResolution == .zero)
        let clock = ManualClock(now: Self.at(.seconds(60)))
        #expect(clock.now.offset == .seconds(60))
        #expect(clock.now.monotonicTime == MonotonicTime(nanoseconds: 60_000_000_000))
        #expect(clock.sleepers == 0)
        #expect(clock.nextDeadline == nil)
        #expect(clock.pendingSleepers.isEmpty)
    }

    @Test(arguments: [
        ([Duration.seconds(1)], Duration.seconds(1)),
        ([.seconds(1), .milliseconds(500)], .milliseconds(1500)),
        ([.nanoseconds(1), .nanoseconds(1), .nanoseconds(1)], .nanoseconds(3)),
        ([.zero], .zero),
        ([.seconds(10), .seconds(-5)], .seconds(10)),
        ([.seconds(-1), .seconds(2)], .seconds(2)),
        ([.seconds(300), .seconds(30), .milliseconds(25)], .milliseconds(330_025)),
    ])
    func advanceByAddsNonNegativeDurations(steps: [Duration], expected: Duration) {
        let clock = ManualClock()
        for step in steps {
            clock.advance(by: step)
        }
        #expect(clock.now.offset == expected)
        #expect(clock.now.monotonicTime == MonotonicTime.origin.advanced(by: expected))
        #expect(ManualClock.Instant.origin.duration(to: clock.now) == expected)
    }

    @Test func advanceToThePastIsANoOp() async throws {
        let clock = ManualClock()
        clock.advance(to: Self.at(.seconds(10)))
        let sleeper = Task { try await clock.sleep(until: Self.at(.seconds(12))) }
        try await clock.waitForSleepers(count: 1)

        #expect(clock.advance(to: Self.at(.seconds(5))).isEmpty)
        #expect(clock.advance(to: Self.at(.seconds(-5))).isEmpty)
        #expect(clock.advance(to: Self.at(.seconds(10))).isEmpty)
        #expect(clock.now == Self.at(.seconds(10)))
        #expect(clock.pendingSleepers == [ManualClock.Sleeper(id: 0, deadline: Self.at(.seconds(12)))])

        #expect(clock.advance(by: .seconds(2)).map(\.id) == [0])
        try await sleeper.cancellableValue
    }

    @Test func instantArithmeticAndConversions() {
        let start = ManualClock.Instant(offset: .seconds(2))
        let later = start.advanced(by: .milliseconds(1500))
        #expect(later.offset == .milliseconds(3500))
        #expect(start.duration(to: later) == .milliseconds(1500))
        #expect(later.duration(to: start) == .milliseconds(-1500))
        #expect(start < later)
        #expect(!(later < start))
        #expect(start.advanced(by: .seconds(-3)) < .origin)
        #expect("\(later)" == "\(Duration.milliseconds(3500))")

        let time = MonotonicTime(nanoseconds: 1_234_567)
        #expect(ManualClock.Instant(time).monotonicTime == time)
        #expect(ManualClock.Instant(time).offset == .nanoseconds(1_234_567))
        // Sub-nanosecond parts are truncated; offsets beyond MonotonicTime's range saturate.
        #expect(ManualClock.Instant(offset: .nanoseconds(7) + .nanoseconds(1) / 2).monotonicTime.nanoseconds == 7)
        #expect(ManualClock.Instant(offset: .seconds(Int64.max)).monotonicTime.nanoseconds == .max)
        #expect(ManualClock.Instant(offset: .seconds(Int64.min)).monotonicTime.nanoseconds == .min)
    }

    // MARK: Sleeping and waking

    @Test func aSleepThatIsDueReturnsWithoutRegistering() async throws {
        let clock = ManualClock(now: Self.at(.seconds(1)))
        try await clock.sleep(until: clock.now)
        try await clock.sleep(until: .origin)
        try await clock.sleep(for: .zero)
        #expect(clock.sleepers == 0)

        // The immediate sleeps took no registration number.
        let sleeper = Task { try await clock.sleep(for: .seconds(1)) }
        try await clock.waitForSleepers(count: 1)
        #expect(clock.pendingSleepers == [ManualClock.Sleeper(id: 0, deadline: Self.at(.seconds(2)))])
        clock.advance(by: .seconds(1))
        try await sleeper.cancellableValue
    }

    @Test func aSleeperIsNotWokenBeforeItsDeadline() async throws {
        let clock = ManualClock()
        let woke = Recorder<Bool>()
        let sleeper = Task {
            try await clock.sleep(until: Self.at(.seconds(10)))
            woke.append(true)
        }
        try await clock.waitForSleepers(count: 1)

        #expect(clock.advance(by: .seconds(10) - .nanoseconds(1)).isEmpty)
        #expect(clock.sleepers == 1)
        #expect(clock.nextDeadline == Self.at(.seconds(10)))
        #expect(woke.values.isEmpty)

        #expect(clock.advance(by: .nanoseconds(1)) == [ManualClock.Sleeper(id: 0, deadline: Self.at(.seconds(10)))])
        #expect(clock.sleepers == 0)
        try await sleeper.cancellableValue
        #expect(woke.values == [true])
    }

    enum Advance: String, CaseIterable, Sendable {
        case advanceTo
        case advanceBy
        case run
    }

    static let orderCases: [([Int], Advance)] = [
        [5, 3, 5, 1, 3],
        [1, 1, 1, 1],
        [9, 8, 7, 6, 5, 4, 3, 2, 1],
        [2, 4, 2, 4, 2, 4],
    ].flatMap { deadlines in Advance.allCases.map { (deadlines, $0) } }

    /// One advance over all deadlines wakes by deadline, equal deadlines in registration order.
    @Test(arguments: orderCases)
    func wakesInDeadlineOrderThenRegistrationOrder(deadlines: [Int], advance: Advance) async throws {
        let clock = ManualClock()
        var sleepers: [Task<Void, any Error>] = []
        // Register one at a time, so that sleeper `index` has registration number `index`.
        for (index, seconds) in deadlines.enumerated() {
            sleepers.append(Task { try await clock.sleep(until: Self.at(.seconds(seconds))) })
            try await clock.waitForSleepers(count: index + 1)
        }
        // A stable sort by deadline is the specified order.
        let expected = deadlines.indices
            .sorted { (deadlines[$0], $0) < (deadlines[$1], $1) }
            .map { ManualClock.Sleeper(id: $0, deadline: Self.at(.seconds(deadlines[$0]))) }
        #expect(clock.pendingSleepers == expected)
        #expect(clock.nextDeadline == expected.first?.deadline)

        let latest = Self.at(.seconds(deadlines.max()!))
        let woken: [ManualClock.Sleeper]
        switch advance {
        case .advanceTo: woken = clock.advance(to: latest.advanced(by: .seconds(1)))
        case .advanceBy: woken = clock.advance(by: .seconds(deadlines.max()! + 1))
        case .run: woken = clock.run()
        }
        #expect(woken == expected)
        #expect(clock.now == (advance == .run ? latest : latest.advanced(by: .seconds(1))))
        #expect(clock.sleepers == 0)
        for sleeper in sleepers {
            try await sleeper.cancellableValue
        }
    }

    private struct Wake: Hashable, Sendable {
        var name: String
        var observedNow: Duration
    }

    /// Advancing one deadline at a time and waiting for the woken tasks makes each task see exactly
    /// its deadline as `now`, and the wake-ups happen in deadline order.
    @Test func sleepersAdvancedOneDeadlineAtATimeObserveTheirDeadlines() async throws {
        let clock = ManualClock()
        let (wakes, recorder) = AsyncStream.makeStream(of: Wake.self)
        let plan: [(name: String, seconds: Int)] = [("a", 5), ("b", 3), ("c", 5), ("d", 1), ("e", 3)]
        var sleepers: [Task<Void, any Error>] = []
        for (index, entry) in plan.enumerated() {
            sleepers.append(
                Task {
                    try await clock.sleep(until: Self.at(.seconds(entry.seconds)))
                    recorder.yield(Wake(name: entry.name, observedNow: clock.now.offset))
                }
            )
            try await clock.waitForSleepers(count: index + 1)
        }

        var iterator = wakes.makeAsyncIterator()
        var rounds: [Set<Wake>] = []
        while let deadline = clock.nextDeadline {
            let woken = clock.advance(to: deadline)
            var round: Set<Wake> = []
            for _ in woken {
                round.insert(try #require(await iterator.next()))
            }
            rounds.append(round)
        }
        #expect(
            rounds == [
                [Wake(name: "d", observedNow: .seconds(1))],
                [Wake(name: "b", observedNow: .seconds(3)), Wake(name: "e", observedNow: .seconds(3))],
                [Wake(name: "a", observedNow: .seconds(5)), Wake(name: "c", observedNow: .seconds(5))],
            ]
        )
        for sleeper in sleepers {
            try await sleeper.cancellableValue
        }
    }

    /// With woken tasks running inline (inside `resume`), one advance over several deadlines shows
    /// that `now` equals each sleeper's deadline while it is woken, in deadline then registration order.
    @Test func oneAdvanceStepsNowThroughEachDeadline() async throws {
        let clock = ManualClock()
        let executor = InlineExecutor()
        let observed = Recorder<String>()
        var sleepers: [Task<Void, any Error>] = []
        for (name, seconds) in [("a", 5), ("b", 3), ("c", 5), ("d", 1), ("e", 3)] {
            sleepers.append(
                Task(executorPreference: executor) {
                    try await clock.sleep(until: Self.at(.seconds(seconds)))
                    observed.append("\(name)@\(clock.now.offset)")
                }
            )
        }
        #expect(clock.sleepers == 5)  // each task ran inline up to its sleep

        clock.advance(to: Self.at(.seconds(10)))
        #expect(
            observed.values == [
                "d@1.0 seconds", "b@3.0 seconds", "e@3.0 seconds", "a@5.0 seconds", "c@5.0 seconds",
            ]
        )
        #expect(clock.now == Self.at(.seconds(10)))
        // Every task ran to completion inside `advance`; cancelling first makes a bug fail at once.
        for sleeper in sleepers {
            sleeper.cancel()
            try await sleeper.value
        }
    }

    /// A sleep that starts during an advance, with a deadline not after its target, is woken by it:
    /// one advance runs a timer loop through every tick it covers.
    @Test func oneAdvanceRunsATimerLoopThroughEveryTick() async throws {
        let clock = ManualClock()
        let ticks = Recorder<Duration>()
        let ticker = Task(executorPreference: InlineExecutor()) {
            try await Self.tick(clock: clock, every: .seconds(1), count: 5) { ticks.append($0) }
        }
        #expect(clock.advance(by: .milliseconds(3500)).map(\.id) == [0, 1, 2])
        #expect(ticks.values == [.seconds(1), .seconds(2), .seconds(3)])
        #expect(clock.pendingSleepers == [ManualClock.Sleeper(id: 3, deadline: Self.at(.seconds(4)))])

        #expect(clock.run().map(\.id) == [3])
        #expect(clock.advance(by: .seconds(10)).map(\.id) == [4])
        #expect(ticks.values == (1...5).map { .seconds($0) })
        ticker.cancel()  // it finished inside `advance`; a bug fails at once instead of hanging
        try await ticker.value
    }

    /// Sleepers registered concurrently are all woken by one advance, in (deadline, id) order.
    @Test func concurrentSleepersAreAllWokenInOrder() async throws {
        let clock = ManualClock()
        let count = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask { try await clock.sleep(until: Self.at(.milliseconds(index * 7 % 13))) }
            }
            // Tasks whose deadline is the origin return at once without registering.
            let registered = (0..<count).filter { $0 * 7 % 13 != 0 }.count
            try await clock.waitForSleepers(count: registered)
            let woken = clock.advance(by: .seconds(1))
            #expect(woken.count == registered)
            #expect(Set(woken.map(\.id)) == Set(0..<registered))
            for (earlier, later) in zip(woken, woken.dropFirst()) {
                #expect((earlier.deadline, earlier.id) < (later.deadline, later.id))
            }
            try await group.waitForAll()
        }
        #expect(clock.sleepers == 0)
    }

    @Test func runWithoutSleepersDoesNothing() {
        let clock = ManualClock(now: Self.at(.seconds(3)))
        #expect(clock.run().isEmpty)
        #expect(clock.now == Self.at(.seconds(3)))
    }

    // MARK: Waiting for sleepers

    @Test func waitForSleepersReturnsOnceEnoughTasksSleep() async throws {
        let clock = ManualClock()
        try await clock.waitForSleepers(count: 0)
        try await clock.waitForSleepers(count: -1)

        let waiter = Task { try await clock.waitForSleepers(count: 2) }
        let first = Task { try await clock.sleep(for: .seconds(1)) }
        let second = Task { try await clock.sleep(for: .seconds(2)) }
        try await waiter.cancellableValue
        #expect(clock.sleepers == 2)
        try await clock.waitForSleepers(count: 2)  // already satisfied

        clock.run()
        try await first.cancellableValue
        try await second.cancellableValue
    }

    /// With tasks running inline, each registration resumes exactly the waiters it satisfies.
    @Test func aWaiterIsResumedByTheSleepThatReachesItsCount() async throws {
        let clock = ManualClock()
        let executor = InlineExecutor()
        let resumed = Recorder<Int>()
        var waiters: [Task<Void, any Error>] = []
        for count in [2, 1, 3] {
            waiters.append(
                Task(executorPreference: executor) {
                    try await clock.waitForSleepers(count: count)
                    resumed.append(count)
                }
            )
        }
        var sleepers: [Task<Void, any Error>] = []
        for expected in [[1], [1, 2], [1, 2, 3]] {
            sleepers.append(Task(executorPreference: executor) { try await clock.sleep(for: .seconds(1)) })
            #expect(resumed.values == expected)
        }

        clock.run()
        for task in waiters + sleepers {
            task.cancel()  // all finished inline; a bug fails at once instead of hanging
            try await task.value
        }
    }

    // MARK: Cancellation

    // These tests run their tasks inline, so that `Task.init` returns once the task has suspended or
    // finished, and `cancel()` returns once the cancelled task has finished: each check is immediate.

    @Test func cancellingASleeperRemovesItAndThrows() async throws {
        let clock = ManualClock()
        let executor = InlineExecutor()
        let cancelled = Task(executorPreference: executor) { try await clock.sleep(until: Self.at(.seconds(5))) }
        let kept = Task(executorPreference: executor) { try await clock.sleep(until: Self.at(.seconds(5))) }
        #expect(clock.sleepers == 2)

        cancelled.cancel()
        #expect(clock.pendingSleepers == [ManualClock.Sleeper(id: 1, deadline: Self.at(.seconds(5)))])
        #expect(clock.advance(by: .seconds(5)).map(\.id) == [1])
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        kept.cancel()  // it finished inside `advance`: cancelling now changes nothing
        try await kept.value
    }

    @Test(arguments: [Duration.seconds(-1), .zero, .seconds(1)])
    func anAlreadyCancelledTaskThrowsWithoutSleeping(delay: Duration) async throws {
        let clock = ManualClock()
        let task = Task(executorPreference: InlineExecutor()) {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: delay)
        }
        #expect(clock.sleepers == 0)
        clock.run()  // wakes the task if a bug registered it, so that the check below fails, not hangs
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func cancellingAWaiterThrows() async throws {
        let clock = ManualClock()
        let executor = InlineExecutor()
        let resumed = Recorder<String>()
        let cancelled = Task(executorPreference: executor) {
            try await clock.waitForSleepers(count: 1)
            resumed.append("cancelled")
        }
        let live = Task(executorPreference: executor) {
            try await clock.waitForSleepers(count: 1)
            resumed.append("live")
        }
        let selfCancelled = Task(executorPreference: executor) {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.waitForSleepers(count: 0)
            resumed.append("self-cancelled")
        }
        cancelled.cancel()

        // A cancelled waiter is gone: a sleep resumes only the live waiter.
        let sleeper = Task(executorPreference: executor) { try await clock.sleep(for: .seconds(1)) }
        #expect(resumed.values == ["live"])
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await #expect(throws: CancellationError.self) { try await selfCancelled.value }
        try await live.value
        clock.advance(by: .seconds(1))
        sleeper.cancel()  // it finished inside `advance`: cancelling now changes nothing
        try await sleeper.value
    }

    // MARK: Generic clock code

    /// Code under test that knows nothing of `ManualClock`: it ticks `count` times, `interval` apart,
    /// and reports how long after its start each tick saw the clock.
    private static func tick(
        clock: some Clock<Duration>,
        every interval: Duration,
        count: Int,
        report: @Sendable (Duration) -> Void
    ) async throws {
        let start = clock.now
        for _ in 0..<count {
            try await clock.sleep(for: interval)
            report(start.duration(to: clock.now))
        }
    }

    @Test func drivesCodeGenericOverClock() async throws {
        let clock = ManualClock(now: Self.at(.seconds(100)))
        let (ticks, recorder) = AsyncStream.makeStream(of: Duration.self)
        let ticker = Task {
            try await Self.tick(clock: clock, every: .milliseconds(250), count: 4) { recorder.yield($0) }
            recorder.finish()
        }

        var iterator = ticks.makeAsyncIterator()
        var seen: [Duration] = []
        for _ in 0..<4 {
            try await clock.waitForSleepers(count: 1)
            #expect(clock.advance(by: .milliseconds(249)).isEmpty)
            #expect(clock.advance(by: .milliseconds(1)).count == 1)
            seen.append(try #require(await iterator.next()))
        }
        try await ticker.cancellableValue
        #expect(await iterator.next() == nil)
        #expect(seen == [.milliseconds(250), .milliseconds(500), .milliseconds(750), .seconds(1)])
        #expect(clock.now == Self.at(.seconds(101)))
    }

    @Test func sleepForIsRelativeToTheCurrentTime() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(7))
        let sleeper = Task { try await clock.sleep(for: .seconds(3)) }
        try await clock.waitForSleepers(count: 1)
        #expect(clock.nextDeadline == Self.at(.seconds(10)))
        clock.advance(to: Self.at(.seconds(10)))
        try await sleeper.cancellableValue
    }
}
