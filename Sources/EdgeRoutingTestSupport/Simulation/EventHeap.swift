/// One scheduled event of the simulation: a plain value of 24 bytes, so the heap never allocates per
/// event once its storage has grown.
struct ScheduledEvent {
    enum Kind: UInt8 {
        /// A client sends a request (payload: the connection, or -1 for an open-loop arrival).
        case arrival
        /// An attempt's answer reaches the edge (payload: the request slot).
        case attemptEnd
        /// A retry's back-off is over; send its attempt (payload: the request slot).
        case retryStart
        /// A world change is due (payload: the index of the action).
        case action
    }

    /// Virtual time in nanoseconds.
    var time: Int64
    /// Tie-breaker: events at the same time run in the order they were scheduled.
    var sequence: UInt64
    var kind: Kind
    var payload: Int32

    @inline(__always)
    func runsBefore(_ other: ScheduledEvent) -> Bool {
        self.time != other.time ? self.time < other.time : self.sequence < other.sequence
    }
}

/// A binary min-heap of events ordered by (time, sequence): the simulation's single event queue.
struct EventHeap {
    private var storage: [ScheduledEvent] = []
    private var nextSequence: UInt64 = 0

    init(capacity: Int = 1024) {
        self.storage.reserveCapacity(capacity)
    }

    var isEmpty: Bool { self.storage.isEmpty }

    var count: Int { self.storage.count }

    /// Schedules an event; events with equal times run in scheduling order.
    mutating func push(time: Int64, kind: ScheduledEvent.Kind, payload: Int32) {
        let event = ScheduledEvent(time: time, sequence: self.nextSequence, kind: kind, payload: payload)
        self.nextSequence &+= 1
        self.storage.append(event)
        var child = self.storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard event.runsBefore(self.storage[parent]) else { break }
            self.storage[child] = self.storage[parent]
            child = parent
        }
        self.storage[child] = event
    }

    /// Removes and returns the earliest event.
    mutating func pop() -> ScheduledEvent? {
        guard let last = self.storage.popLast() else { return nil }
        guard !self.storage.isEmpty else { return last }
        let top = self.storage[0]
        let count = self.storage.count
        var index = 0
        while true {
            let left = 2 * index + 1
            if left >= count { break }
            let right = left + 1
            let child = right < count && self.storage[right].runsBefore(self.storage[left]) ? right : left
            guard self.storage[child].runsBefore(last) else { break }
            self.storage[index] = self.storage[child]
            index = child
        }
        self.storage[index] = last
        return top
    }
}
