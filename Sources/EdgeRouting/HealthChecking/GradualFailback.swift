/// Gradual failback: when a preferred tier recovers, its availability climbs to its new value over a
/// window instead of jumping, so that a cold region is not hit with all its traffic at once.
///
/// Envoy moves traffic between priorities at once (its slow start does not apply across priorities,
/// as its documentation notes). Here each tier's *availability* — Envoy's
/// `min(100, overprovisioningFactor × healthy / counted)`, the input of its priority-load
/// distribution — is capped while the tier ramps up:
///
/// ```
/// cap = from + floor((100 − from) × factor(elapsed))      factor as in SlowStart
/// ```
///
/// where `from` is the availability in force when the tier's availability rose and `elapsed` counts
/// from that rise. The availability used is `min(availability, cap)`; Envoy's algorithm then splits the
/// traffic as usual, so what the recovered tier cannot take yet stays where it was. With one ingress per
/// cluster, a linear 10 s window and the 10 % floor, the local tier takes 10 % of the traffic at once,
/// then 10 % more every second, and all of it after 10 s.
///
/// Falls are never delayed: a tier that loses endpoints loses its traffic at once, and a ramp in
/// progress ends when the tier falls below it (the next rise starts a new one).
///
/// ## How it plugs into the priority loads
///
/// The router keeps one `GradualFailback` per destination next to the destination's health view. Each
/// time it rebuilds the view (a health change) it calls ``update(availability:now:)`` with every tier's
/// availability (no exclusions), stores ``caps(at:)`` in the view, and rebuilds the view again at
/// ``nextChange(after:)``. `PriorityLoads.compute` applies the stored caps after computing each tier's
/// availability (``FailbackCaps/apply(healthy:degraded:tier:)``), for the published loads and for every
/// retry's loads alike, with no clock read on the request path.
///
/// ```swift
/// var failback = GradualFailback(configuration: try SlowStartConfiguration(window: .seconds(10)))
/// failback.update(availability: [0, 100], now: .origin)  // cluster-1 down: all traffic on P1
/// failback.update(availability: [100, 100], now: .origin + .seconds(30))  // cluster-1 is back
/// failback.caps(at: .origin + .seconds(34)).cap(ofTier: 0)  // 40: P0 takes 40 %, P1 60 %
/// ```
public struct GradualFailback: Hashable, Sendable {
    /// One tier's ramp.
    private struct Ramp: Hashable, Sendable {
        /// The availability the tier was last given.
        var availability = 0
        /// When the ramp began and the availability in force then; `nil` without a ramp.
        var start: RampStart?
    }

    private struct RampStart: Hashable, Sendable {
        var from: Int
        var time: MonotonicTime
    }

    /// The window, curve and floor of every ramp.
    public let configuration: SlowStartConfiguration
    private var ramps: [Ramp] = []

    /// Creates the failback state of a destination whose tiers have not been seen yet: the first
    /// ``update(availability:now:)`` takes their availability as it is, without a ramp.
    ///
    /// - Parameter configuration: The window, curve and floor.
    public init(configuration: SlowStartConfiguration) {
        self.configuration = configuration
    }

    /// Takes the tiers' current availability (each `0...100`, no exclusions) and starts a ramp for
    /// every tier whose availability rose above what was in force.
    ///
    /// The first call, and tiers added since the last call, take their availability without a ramp;
    /// tiers removed since are forgotten.
    ///
    /// - Parameters:
    ///   - availability: Per tier, in priority order, Envoy's availability.
    ///   - now: The current time.
    /// - Complexity: O(tiers).
    public mutating func update(availability: some Collection<Int>, now: MonotonicTime) {
        let known = self.ramps.count
        var tier = 0
        for value in availability {
            let value = min(max(value, 0), 100)
            if tier >= known {
                self.ramps.append(Ramp(availability: value))
            } else {
                let current = min(self.ramps[tier].availability, self.cap(ofTier: tier, at: now))
                if value > current {
                    if self.cap(ofTier: tier, at: now) == 100 {
                        // No ramp in progress: one begins from what was in force.
                        self.ramps[tier].start = RampStart(from: current, time: now)
                    }
                } else {
                    // Nothing rises: no ramp; a later rise ramps from the value of then.
                    self.ramps[tier].start = nil
                }
                self.ramps[tier].availability = value
            }
            tier += 1
        }
        if tier < known {
            self.ramps.removeLast(known - tier)
        }
    }

    /// The cap on one tier's availability at `now`: 100 without a ramp or after its window.
    ///
    /// - Parameters:
    ///   - tier: The tier's index; others answer 100.
    ///   - now: The current time.
    /// - Returns: The cap, `0...100`.
    public func cap(ofTier tier: Int, at now: MonotonicTime) -> Int {
        guard self.ramps.indices.contains(tier), let start = self.ramps[tier].start else { return 100 }
        return self.cap(from: start.from, elapsedMilliseconds: (now - start.time).nanosecondsClamped / 1_000_000)
    }

    /// Every tier's cap at `now`, in the fixed-size form the priority-load computation reads.
    ///
    /// - Parameter now: The current time.
    /// - Returns: The caps.
    public func caps(at now: MonotonicTime) -> FailbackCaps {
        var caps = FailbackCaps.none
        for tier in self.ramps.indices {
            caps.setCap(self.cap(ofTier: tier, at: now), ofTier: tier)
        }
        return caps
    }

    /// Whether any tier is ramping at `now`.
    ///
    /// - Parameter now: The current time.
    public func isRamping(at now: MonotonicTime) -> Bool {
        self.ramps.indices.contains { self.cap(ofTier: $0, at: now) < 100 }
    }

    /// The next instant after `now` at which any tier's cap changes: when the router must recompute the
    /// loads. `MonotonicTime(nanoseconds: .max)` when no cap will change.
    ///
    /// - Parameter now: The current time.
    /// - Complexity: O(tiers × log window).
    public func nextChange(after now: MonotonicTime) -> MonotonicTime {
        var earliest = MonotonicTime(nanoseconds: .max)
        let window = self.configuration.windowMilliseconds
        for ramp in self.ramps {
            guard let start = ramp.start else { continue }
            let elapsed = (now - start.time).nanosecondsClamped / 1_000_000
            let next = SlowStartCurve.nextIncrease(after: elapsed, window: window) {
                self.cap(from: start.from, elapsedMilliseconds: $0)
            }
            if let next {
                earliest = min(earliest, start.time + .milliseconds(next))
            }
        }
        return earliest
    }

    private func cap(from: Int, elapsedMilliseconds: Int64) -> Int {
        guard elapsedMilliseconds < self.configuration.windowMilliseconds else { return 100 }
        let factor = SlowStart.factor(elapsedMilliseconds: elapsedMilliseconds, configuration: self.configuration)
        let headroom = UInt32(100 - from)
        guard headroom > 0 else { return 100 }
        // Whole points of the headroom, rounded down; at least the floor's share (and at least 1).
        return from + Int(SlowStartCurve.wholeParts(factor, of: headroom))
    }
}
