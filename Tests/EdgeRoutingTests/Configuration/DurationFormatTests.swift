import Testing

@_spi(TestSupport) @testable import EdgeRouting

@Suite struct DurationFormatTests {
    @Test(arguments: [
        ("30s", Duration.seconds(30)),
        ("250ms", .milliseconds(250)),
        ("1m30s", .seconds(90)),
        ("1.5s", .milliseconds(1500)),
        ("2h", .seconds(7200)),
        ("100us", .microseconds(100)),
        ("100µs", .microseconds(100)),
        ("7ns", .nanoseconds(7)),
        ("0s", .zero),
        ("0.001s", .milliseconds(1)),
    ])
    func parses(text: String, expected: Duration) {
        #expect(DurationFormat.parse(text) == expected)
    }

    @Test(arguments: ["", "s", "10", "-1s", "1.s5", "1x", "1 s", "99999999999999999999s", "3000000h", ".s"])
    func rejects(text: String) {
        #expect(DurationFormat.parse(text) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(30), "30s"),
        (.milliseconds(250), "250ms"),
        (.seconds(300), "5m"),
        (.seconds(90), "90s"),
        (.seconds(3600), "1h"),
        (.nanoseconds(1500), "1500ns"),
        (.zero, "0s"),
    ])
    func formats(duration: Duration, expected: String) {
        #expect(DurationFormat.format(duration) == expected)
        #expect(DurationFormat.parse(expected) == duration)
    }
}
