import Testing

@testable import EdgeRouting

@Suite struct RetryAfterTests {
    typealias Format = RetryPolicy.ResetHeader.Format

    /// 1994-11-06T08:49:37Z, the RFC's example date.
    static let rfcExample: Int64 = 784_111_777
    /// 2026-06-01T00:00:00Z.
    static let june2026: Int64 = 1_780_272_000

    @Test(
        arguments: [
            ("120", Format.seconds, nil, Duration.seconds(120)),
            ("  120\t", .seconds, nil, .seconds(120)),
            ("0", .seconds, nil, .zero),
            ("007", .seconds, nil, .seconds(7)),
            ("99999999999999999999999", .seconds, nil, .milliseconds(Int64.max)),
            ("1700000120", .unixTimestamp, 1_700_000_000, .seconds(120)),
            ("1700000000", .unixTimestamp, 1_700_000_000, .zero),
            ("Sun, 06 Nov 1994 08:49:37 GMT", .httpDate, rfcExample - 120, .seconds(120)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", .httpDate, rfcExample - 120, .seconds(120)),
            ("Sun Nov  6 08:49:37 1994", .httpDate, rfcExample - 120, .seconds(120)),
            ("Sun Nov 06 08:49:37 1994", .httpDate, rfcExample - 120, .seconds(120)),
            (" Sun, 06 Nov 1994 08:49:37 GMT ", .httpDate, rfcExample, .zero),
            ("Thu, 29 Feb 2024 12:00:00 GMT", .httpDate, 1_709_208_000 - 1, .seconds(1)),
            ("Wed, 01 Mar 2000 00:00:00 GMT", .httpDate, 951_868_800 - 86_400, .seconds(86_400)),
            ("Sat, 31 Dec 2016 23:59:60 GMT", .httpDate, 1_483_228_800 - 10, .seconds(10)),
            // A two-digit year within 50 years of now is in this century...
            ("Wednesday, 01-Jan-76 00:00:00 GMT", .httpDate, june2026, .seconds(3_345_062_400 - june2026)),
        ] as [(String, Format, Int64?, Duration)]
    )
    func parsesValidValues(value: String, format: Format, now: Int64?, expected: Duration) {
        #expect(RetryAfter.interval(parsing: value, format: format, now: now) == expected)
    }

    @Test(
        arguments: [
            ("", Format.seconds, nil),
            ("  ", .seconds, nil),
            ("-5", .seconds, nil),
            ("+5", .seconds, nil),
            ("1.5", .seconds, nil),
            ("5s", .seconds, nil),
            ("1 2", .seconds, nil),
            ("Sun, 06 Nov 1994 08:49:37 GMT", .seconds, nil),
            ("1699999999", .unixTimestamp, 1_700_000_000),  // in the past
            ("1700000120", .unixTimestamp, nil),  // no wall clock
            ("abc", .unixTimestamp, 1_700_000_000),
            ("120", .httpDate, rfcExample),
            ("Sun, 06 Nov 1994 08:49:37 GMT", .httpDate, rfcExample + 1),  // in the past
            ("Sun, 06 Nov 1994 08:49:37 GMT", .httpDate, nil),
            ("Sun, 06 Nov 1994 08:49:37 UTC", .httpDate, 0),
            ("sun, 06 Nov 1994 08:49:37 GMT", .httpDate, 0),
            ("Sun, 06 nov 1994 08:49:37 GMT", .httpDate, 0),
            ("Sun, 6 Nov 1994 08:49:37 GMT", .httpDate, 0),
            ("Sun, 06 Nov 94 08:49:37 GMT", .httpDate, 0),
            ("Sun, 06 Nov 1994 24:00:00 GMT", .httpDate, 0),
            ("Sun, 06 Nov 1994 08:60:00 GMT", .httpDate, 0),
            ("Sun, 06 Nov 1994 08:49:61 GMT", .httpDate, 0),
            ("Sun, 31 Apr 1994 08:49:37 GMT", .httpDate, 0),
            ("Tue, 29 Feb 2023 08:49:37 GMT", .httpDate, 0),
            ("Tue, 29 Feb 1900 08:49:37 GMT", .httpDate, -3_000_000_000),
            ("Sun, 00 Nov 1994 08:49:37 GMT", .httpDate, 0),
            ("Xyz, 06 Nov 1994 08:49:37 GMT", .httpDate, 0),
            ("Sun, 06 Nov 1994 08:49:37 GMT+1", .httpDate, 0),
            ("Sun, 06-Nov-94 08:49:37 GMT", .httpDate, 0),
            ("Sunday, 06 Nov 1994 08:49:37 GMT", .httpDate, 0),
            ("Sun Nov  6 08:49:37 94", .httpDate, 0),
            ("Sun Nov 6  08:49:37 1994", .httpDate, 0),
            // ...and one more than 50 years ahead is in the previous century, so in the past.
            ("Saturday, 01-Jan-77 00:00:00 GMT", .httpDate, june2026),
        ] as [(String, Format, Int64?)]
    )
    func rejectsInvalidValues(value: String, format: Format, now: Int64?) {
        #expect(RetryAfter.interval(parsing: value, format: format, now: now) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(120), Duration.seconds(120), Duration.seconds(180)),
        (.milliseconds(2), .milliseconds(2), .milliseconds(3)),
        (.seconds(1), .seconds(1), .milliseconds(1500)),
    ])
    func jitteredLowerBoundStaysInOneAndAHalfTimesTheInterval(interval: Duration, low: Duration, high: Duration) {
        var random = SplitMix64(seed: 3)
        for _ in 0..<1000 {
            let delay = RetryAfter.jitteredDelay(forInterval: interval, random: &random)
            #expect(delay >= low && delay < high)
        }
    }

    @Test func jitteredLowerBoundExactForSeed42() {
        var random = SplitMix64(seed: 42)
        let delays = (0..<3).map { _ in RetryAfter.jitteredDelay(forInterval: .seconds(120), random: &random) }
        #expect(delays == [155_413, 172_291, 123_858].map { Duration.milliseconds($0) })
    }

    @Test func tinyIntervalsAreReturnedWithoutADraw() {
        var random = SplitMix64(seed: 42)
        #expect(RetryAfter.jitteredDelay(forInterval: .milliseconds(1), random: &random) == .milliseconds(1))
        #expect(RetryAfter.jitteredDelay(forInterval: .zero, random: &random) == .zero)
        #expect(random == SplitMix64(seed: 42))
    }

    @Test(arguments: [
        (Int64(0), Int64(1970)), (-1, 1969), (951_868_800, 2000), (951_868_799, 2000), (1_780_272_000, 2026),
        (1_767_225_599, 2025), (1_767_225_600, 2026),
    ])
    func yearOfAnInstant(seconds: Int64, year: Int64) {
        #expect(HTTPDate.year(ofSecondsSince1970: seconds) == year)
    }
}
