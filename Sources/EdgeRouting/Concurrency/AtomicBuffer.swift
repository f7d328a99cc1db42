import Synchronization

/// A fixed number of atomic 64-bit values in one allocation (`Array` cannot hold the non-copyable
/// `Atomic`). Every operation is relaxed: these are counters and flags, not synchronisation.
final class AtomicBuffer: @unchecked Sendable {
    // @unchecked: the storage is only accessed through `Atomic` operations.
    private let storage: UnsafeMutablePointer<Atomic<UInt64>>
    /// The number of values.
    let count: Int

    init(count: Int, initialValue: UInt64 = 0) {
        self.count = count
        self.storage = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: max(count, 1))
        for index in 0..<count {
            (self.storage + index).initialize(to: Atomic(initialValue))
        }
    }

    deinit {
        self.storage.deinitialize(count: self.count)
        self.storage.deallocate()
    }

    @inline(__always)
    func load(_ index: Int) -> UInt64 {
        self.storage[index].load(ordering: .relaxed)
    }

    @inline(__always)
    func store(_ value: UInt64, at index: Int) {
        self.storage[index].store(value, ordering: .relaxed)
    }

    @inline(__always)
    func compareExchange(
        _ index: Int,
        expected: UInt64,
        desired: UInt64
    ) -> (exchanged: Bool, original: UInt64) {
        self.storage[index].compareExchange(expected: expected, desired: desired, ordering: .relaxed)
    }

    /// Adds `amount` (wrapping) and returns the new value.
    @inline(__always)
    @discardableResult
    func add(_ amount: UInt64, at index: Int) -> UInt64 {
        self.storage[index].wrappingAdd(amount, ordering: .relaxed).newValue
    }

    /// Subtracts `amount` (wrapping) and returns the new value.
    @inline(__always)
    @discardableResult
    func subtract(_ amount: UInt64, at index: Int) -> UInt64 {
        self.storage[index].wrappingSubtract(amount, ordering: .relaxed).newValue
    }
}
