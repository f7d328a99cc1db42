import Synchronization

/// A thread-safe list that tasks append to and tests read, in append order.
final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    func append(_ element: Element) {
        self.storage.withLock { $0.append(element) }
    }

    var values: [Element] {
        self.storage.withLock { $0 }
    }
}
