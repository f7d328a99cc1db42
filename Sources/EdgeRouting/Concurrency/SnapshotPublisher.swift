import Synchronization

/// Publishes immutable snapshots to many reading threads without a lock they all share.
///
/// Each thread shard has its own small handle object that points at the current snapshot. A reader
/// locks only its shard's slot for the instant it takes a reference to the handle, so readers on
/// different shards never touch the same cache line — not even the snapshot's reference count, which
/// only the handles (and so only the writer) change. A writer replaces every shard's handle; the old
/// snapshot is freed when the last reader that still holds an old handle lets go of it. Readers never
/// wait for writers, and writers never wait for readers.
final class SnapshotPublisher<Snapshot: AnyObject & Sendable>: Sendable {
    /// One shard's view of the current snapshot.
    final class Handle: Sendable {
        let snapshot: Snapshot
        private let unmanaged: Unmanaged<Snapshot>
        // Handles of different shards are allocated together; padding keeps each one's reference
        // count (written by every reader of its shard) on cache lines of its own.
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )

        init(_ snapshot: Snapshot) {
            self.snapshot = snapshot
            self.unmanaged = Unmanaged.passUnretained(snapshot)
        }

        /// Calls `body` with the snapshot, borrowed: valid during the call (the handle, which holds
        /// it, lives at least as long as this call), and read without touching the snapshot's
        /// reference count (which every thread shares).
        @inline(__always)
        func withSnapshot<Result>(_ body: (Snapshot) throws -> Result) rethrows -> Result {
            try self.unmanaged._withUnsafeGuaranteedRef(body)
        }
    }

    /// A slot padded to its own cache lines.
    private final class Slot: Sendable {
        let handle: Locked<Handle>
        // Padding keeps neighbouring slots' locks off this slot's cache line.
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

        init(_ handle: Handle) {
            self.handle = Locked(handle)
        }
    }

    private let slots: [Slot]
    private let shardMask: Int
    /// Serialises writers and remembers the latest snapshot for them.
    private let latest: Locked<Snapshot>

    init(_ snapshot: Snapshot, shards: Int) {
        let count = ThreadShard.powerOfTwo(atLeast: max(1, shards))
        self.shardMask = count - 1
        self.slots = (0..<count).map { _ in Slot(Handle(snapshot)) }
        self.latest = Locked(snapshot)
    }

    /// The current snapshot's handle for the calling thread. Keep it for the duration of one operation.
    @inline(__always)
    func acquire() -> Handle {
        let shard = ThreadShard.current(mask: self.shardMask)
        return self.slots[shard].handle.withLock { $0 }
    }

    /// The current snapshot, for writers and cold paths.
    var current: Snapshot {
        self.latest.withLock { $0 }
    }

    /// Replaces the snapshot with the result of `update`, which runs while no other writer runs.
    ///
    /// `update` receives the current snapshot and returns the next one and a value to hand back, or
    /// throws to leave everything unchanged. Readers see the new snapshot as soon as this returns.
    func update<Result>(_ update: (Snapshot) throws -> (Snapshot, Result)) rethrows -> Result {
        try self.latest.withLock { latest in
            let (next, result) = try update(latest)
            if next !== latest {
                latest = next
                for slot in self.slots {
                    let handle = Handle(next)
                    slot.handle.withLock { $0 = handle }
                }
            }
            return result
        }
    }
}
