import Synchronization

/// Where every endpoint is, for turning an outlier detector's events (which know only identities)
/// into events that name the cluster and address. Its lock is a leaf: nothing is called while it is
/// held.
final class EndpointDirectory: Sendable {
    private let entries = Locked<[EndpointID: EndpointDescription]>([:])

    func replace(with entries: [EndpointID: EndpointDescription]) {
        self.entries.withLock { $0 = entries }
    }

    func describe(_ endpoint: EndpointID) -> EndpointDescription? {
        self.entries.withLock { $0[endpoint] }
    }
}
