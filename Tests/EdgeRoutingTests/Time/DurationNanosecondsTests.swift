import Testing

@testable import EdgeRouting

/// `Duration.nanosecondsClamped` reads the router's clock on every request, so it avoids `components`;
/// these cases pin it to the definition it replaced.
@Suite struct DurationNanosecondsTests {
    /// The original definition, through `components`.
    static func reference(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            return seconds < 0 ? .min : .max
        }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 {
            return seconds < 0 ? .min : .max
        }
        return sum
    }

    static let cases: [Duration] = [
        .zero,
        Duration(attoseconds: 1),
        Duration(attoseconds: -1),
        Duration(attoseconds: 999_999_999),
        Duration(attoseconds: 1_000_000_000),
        Duration(attoseconds: -1_000_000_001),
        .nanoseconds(1),
        .nanoseconds(-1),
        .milliseconds(25),
        .seconds(30),
        .seconds(-30),
        .seconds(86_400 * 365),
        .nanoseconds(Int64.max),
        .nanoseconds(Int64.min),
        .nanoseconds(Int64.max) + Duration(attoseconds: 999_999_999),
        .nanoseconds(Int64.max) + .nanoseconds(1),
        .nanoseconds(Int64.min) - .nanoseconds(1),
        .nanoseconds(Int64.min) - Duration(attoseconds: 999_999_999),
        .seconds(Int64.max),
        .seconds(Int64.min),
    ]

    /// Beyond ±2⁶³ seconds `components` itself traps; the new definition clamps those too.
    @Test func clampsWhereComponentsCannotRepresentTheDuration() {
        #expect(Duration(attoseconds: Int128.max).nanosecondsClamped == .max)
        #expect(Duration(attoseconds: Int128.min + 1).nanosecondsClamped == .min)
    }

    @Test(arguments: Self.cases)
    func matchesTheDefinitionThroughComponents(_ duration: Duration) {
        #expect(duration.nanosecondsClamped == Self.reference(duration))
    }

    @Test func matchesOnRandomDurations() {
        var random = SplitMix64(seed: 9)
        for _ in 0..<10_000 {
            // At most ±2⁵⁸ × 2⁶⁴ attoseconds, where `components` can still represent the seconds.
            let high = Int64(bitPattern: random.next()) >> Int64(5 + random.next() % 59)
            let low = random.next()
            let duration = Duration(attoseconds: Int128(high) << 64 | Int128(low))
            #expect(duration.nanosecondsClamped == Self.reference(duration))
        }
    }
}
