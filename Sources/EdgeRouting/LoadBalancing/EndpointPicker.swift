/// A strategy for choosing one endpoint among a tier's candidates: round robin, least request, random,
/// or an embedder's own.
///
/// **Contract.** A picker is an immutable, `Sendable` description. For every candidate list (a tier's
/// healthy endpoints, rebuilt whenever health or configuration changes) the router asks it once, on a
/// cold path, for an ``EndpointPickerState`` through ``makeState(weights:shards:)``; that state's
/// ``EndpointPickerState/pick(from:random:)`` then runs on every request, from many threads at once.
/// Picking must not allocate, block or take a lock shared by all threads. An empty candidate list is
/// never passed to `pick`.
public protocol EndpointPicker: Sendable {
    /// Builds the per-list state for candidates with these weights (in candidate order).
    ///
    /// - Parameters:
    ///   - weights: The candidates' weights, at least one.
    ///   - shards: The router's thread-shard count, for state kept once per shard.
    func makeState(weights: [UInt32], shards: Int) -> any EndpointPickerState

    /// Whether the router must count attempts in flight per endpoint
    /// (``EndpointCandidates/activeRequests(_:)``); counting costs two atomic operations per attempt.
    var needsActiveRequests: Bool { get }
}

/// The state with which an ``EndpointPicker`` picks from one candidate list.
///
/// **Contract.** `pick(from:random:)` is called concurrently from many threads with a non-empty
/// `candidates` view of the same list it was made for. It returns a position in `0..<candidates.count`,
/// preferring candidates that are not ``EndpointCandidates/isExcluded(_:)``; it returns `nil` only when
/// every candidate is excluded (the router then decides what to do). It must not allocate, block or
/// take a lock shared by all threads, and it takes its randomness only from `random`.
public protocol EndpointPickerState: AnyObject, Sendable {
    /// Picks a candidate.
    ///
    /// - Parameters:
    ///   - candidates: The candidates; valid only during this call.
    ///   - random: The source of any random draw.
    /// - Returns: A position in `0..<candidates.count`, or `nil` when every candidate is excluded.
    func pick(from candidates: EndpointCandidates, random: inout some RandomNumberGenerator) -> Int?
}

extension EndpointPicker where Self == RoundRobinPicker {
    /// Round robin, weighted when weights differ (the default).
    public static var roundRobin: RoundRobinPicker { RoundRobinPicker() }
}

extension EndpointPicker where Self == LeastRequestPicker {
    /// The power of two choices over attempts in flight.
    public static var leastRequest: LeastRequestPicker { LeastRequestPicker() }
}

extension EndpointPicker where Self == RandomPicker {
    /// A uniformly random candidate, weighted when weights differ.
    public static var random: RandomPicker { RandomPicker() }
}

extension EndpointCandidates {
    /// The first candidate at or after `start` (cyclically) that is not excluded, or `nil`.
    func firstEligible(from start: Int) -> Int? {
        let count = self.count
        if !self.hasExclusions { return start % count }
        for offset in 0..<count {
            let candidate = (start &+ offset) % count
            if !self.isExcluded(candidate) { return candidate }
        }
        return nil
    }
}
