import Testing

@testable import EdgeRouting

@Suite struct AccessLogFormatterTests {
    static let record = AccessLogRecord(
        start: .origin + .milliseconds(12_345),
        duration: .milliseconds(27),
        method: "GET",
        path: "/productpage",
        httpVersion: "HTTP/1.1",
        authority: "bookinfo.tse.tetratelabs.io",
        status: 200,
        flags: [],
        attempts: 2,
        cluster: "cluster-2",
        upstreamHost: "10.0.2.10:443"
    )

    @Test func formatsRelativeStartTimes() {
        #expect(
            AccessLogFormatter().format(Self.record)
                == #"[+12.345s] "GET /productpage HTTP/1.1" 200 - 2 27 "bookinfo.tse.tetratelabs.io" "cluster-2" "10.0.2.10:443""#
        )
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_795_000_000_123_000_000, "2026-11-18T11:06:40.123Z"),
        (951_782_400_000_000_000, "2000-02-29T00:00:00.000Z"),
        (-1_000_000, "1969-12-31T23:59:59.999Z"),
        (4_107_542_399_999_000_000, "2100-02-28T23:59:59.999Z"),
    ])
    func rendersISO8601(unixNanoseconds: Int64, expected: String) {
        #expect(AccessLogFormatter.iso8601(unixNanoseconds: unixNanoseconds) == expected)
    }

    @Test func formatsWallClockStartAndAbsentUpstream() {
        var record = Self.record
        record.cluster = nil
        record.upstreamHost = nil
        record.status = 404
        record.flags = .noRouteFound
        record.attempts = 0
        let line = AccessLogFormatter(originUnixNanoseconds: 1_795_000_000_000_000_000).format(record)
        #expect(
            line
                == #"[2026-11-18T11:06:52.345Z] "GET /productpage HTTP/1.1" 404 NR 0 27 "bookinfo.tse.tetratelabs.io" "-" "-""#
        )
    }
}
