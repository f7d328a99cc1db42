extension ManualClock {
    /// The clock's state machine: plain data guarded by the clock's mutex.
    ///
    /// Transitions never resume a continuation; they hand the continuations to resume back to the
    /// caller, which resumes them after releasing the lock.
    struct State {
        /// A registered sleep.
        struct Entry {
            var sleeper: Sleeper
            var token: UInt64
            var continuation: CheckedContinuation<Void, any Error>
        }

        /// A task waiting in `waitForSleepers(count:)`.
        struct Waiter {
            var token: UInt64
            var count: Int
            var continuation: CheckedContinuation<Void, any Error>
        }

        /// What `sleep(until:)` or `waitForSleepers(count:)` must do after registering.
        enum RegistrationAction {
            /// Registered: resume these satisfied `waitForSleepers` callers (possibly none).
            case suspend(resumingWaiters: [CheckedContinuation<Void, any Error>])
            /// Not registered: resume the caller at once.
            case resume
            /// Not registered: the task is cancelled; throw.
            case cancel
        }

        private(set) var now: Instant
        /// Registered sleeps sorted by (deadline, id) in *descending* order, so that the next to wake
        /// is the last element and waking is a `removeLast`.
        private var entries: [Entry] = []
        private var waiters: [Waiter] = []
        private var nextSleeperID = 0
        private var nextToken: UInt64 = 0

        init(now: Instant) {
            self.now = now
        }

        var sleeperCount: Int { self.entries.count }

        var nextDeadline: Instant? { self.entries.last?.sleeper.deadline }

        var lastDeadline: Instant? { self.entries.first?.sleeper.deadline }

        var pendingSleepers: [Sleeper] { self.entries.reversed().map(\.sleeper) }

        /// A fresh token that identifies one call of `sleep` or `waitForSleepers` for cancellation.
        mutating func makeToken() -> UInt64 {
            defer { self.nextToken &+= 1 }
            return self.nextToken
        }

        mutating func registerSleep(
            token: UInt64,
            deadline: Instant,
            isCancelled: Bool,
            continuation: CheckedContinuation<Void, any Error>
        ) -> RegistrationAction {
            if isCancelled {
                return .cancel
            }
            if deadline <= self.now {
                return .resume
            }
            let sleeper = Sleeper(id: self.nextSleeperID, deadline: deadline)
            self.nextSleeperID += 1
            // The new sleeper has the largest id, so it goes before every entry with the same deadline
            // (descending order): at the first index whose deadline is not later than its own.
            var low = 0
            var high = self.entries.count
            while low < high {
                let middle = low + (high - low) / 2
                if self.entries[middle].sleeper.deadline > deadline {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            self.entries.insert(Entry(sleeper: sleeper, token: token, continuation: continuation), at: low)

            var satisfied: [CheckedContinuation<Void, any Error>] = []
            self.waiters.removeAll { waiter in
                guard waiter.count <= self.entries.count else { return false }
                satisfied.append(waiter.continuation)
                return true
            }
            return .suspend(resumingWaiters: satisfied)
        }

        /// Removes the sleep registered under `token`, if it is still registered.
        mutating func cancelSleep(token: UInt64) -> CheckedContinuation<Void, any Error>? {
            guard let index = self.entries.firstIndex(where: { $0.token == token }) else { return nil }
            return self.entries.remove(at: index).continuation
        }

        mutating func registerWaiter(
            token: UInt64,
            count: Int,
            isCancelled: Bool,
            continuation: CheckedContinuation<Void, any Error>
        ) -> RegistrationAction {
            if isCancelled {
                return .cancel
            }
            if self.entries.count >= count {
                return .resume
            }
            self.waiters.append(Waiter(token: token, count: count, continuation: continuation))
            return .suspend(resumingWaiters: [])
        }

        /// Removes the waiter registered under `token`, if it is still waiting.
        mutating func cancelWaiter(token: UInt64) -> CheckedContinuation<Void, any Error>? {
            guard let index = self.waiters.firstIndex(where: { $0.token == token }) else { return nil }
            return self.waiters.remove(at: index).continuation
        }

        /// One step of an advance towards `target`: if a sleeper is due by `target`, moves `now` to the
        /// earliest deadline and removes every sleeper due then, in registration order; otherwise
        /// moves `now` to `target` and returns an empty array. `now` never moves backwards.
        mutating func step(towards target: Instant) -> [Entry] {
            guard let deadline = self.entries.last?.sleeper.deadline, deadline <= target else {
                self.now = max(self.now, target)
                return []
            }
            self.now = max(self.now, deadline)
            var due: [Entry] = []
            while let last = self.entries.last, last.sleeper.deadline == deadline {
                due.append(self.entries.removeLast())
            }
            return due
        }
    }
}
