/// Parses HTTP dates (RFC 9110, section 5.6.7) into seconds since 1970-01-01T00:00:00Z, without
/// Foundation and without allocating.
///
/// Accepts the three forms a recipient must: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the
/// obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and ANSI C's asctime form
/// (`Sun Nov  6 08:49:37 1994`). Names are case-sensitive, as the RFC says. The weekday must be a valid
/// name but is not checked against the date. Second 60 (a leap second) is accepted and counts as the
/// first second of the next minute.
enum HTTPDate {
    private static let dayNames: [StaticString] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDayNames: [StaticString] = [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ]
    private static let monthNames: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// The date as seconds since 1970, or `nil` when the bytes are not an HTTP date.
    ///
    /// - Parameters:
    ///   - bytes: The date, without surrounding whitespace.
    ///   - now: The current time in seconds since 1970, used only to place the two-digit year of the
    ///     RFC 850 form: a year that would lie more than 50 years in the future is taken from the
    ///     previous century.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, now: Int64) -> Int64? {
        guard bytes.count >= 24 else { return nil }
        if bytes[3] == UInt8(ascii: ",") {
            return self.parseIMFFixdate(bytes)
        }
        if bytes[3] == UInt8(ascii: " ") {
            return self.parseAsctime(bytes)
        }
        return self.parseRFC850(bytes, now: now)
    }

    // Sun, 06 Nov 1994 08:49:37 GMT
    private static func parseIMFFixdate(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count == 29,
            self.matchesAny(self.dayNames, b, at: 0) != nil,
            b[3] == UInt8(ascii: ","), b[4] == UInt8(ascii: " "),
            let day = self.digits(b, at: 5, count: 2), b[7] == UInt8(ascii: " "),
            let month = self.matchesAny(self.monthNames, b, at: 8), b[11] == UInt8(ascii: " "),
            let year = self.digits(b, at: 12, count: 4), b[16] == UInt8(ascii: " "),
            let time = self.timeOfDay(b, at: 17), b[25] == UInt8(ascii: " "),
            self.matches("GMT", b, at: 26)
        else { return nil }
        return self.timestamp(year: year, month: month + 1, day: day, secondOfDay: time)
    }

    // Sunday, 06-Nov-94 08:49:37 GMT
    private static func parseRFC850(_ b: UnsafeBufferPointer<UInt8>, now: Int64) -> Int64? {
        var dayNameLength = -1
        for name in self.longDayNames where self.matches(name, b, at: 0) {
            dayNameLength = name.utf8CodeUnitCount
        }
        let p = dayNameLength
        guard p > 0, b.count == p + 24,
            b[p] == UInt8(ascii: ","), b[p + 1] == UInt8(ascii: " "),
            let day = self.digits(b, at: p + 2, count: 2), b[p + 4] == UInt8(ascii: "-"),
            let month = self.matchesAny(self.monthNames, b, at: p + 5), b[p + 8] == UInt8(ascii: "-"),
            let shortYear = self.digits(b, at: p + 9, count: 2), b[p + 11] == UInt8(ascii: " "),
            let time = self.timeOfDay(b, at: p + 12), b[p + 20] == UInt8(ascii: " "),
            self.matches("GMT", b, at: p + 21)
        else { return nil }
        let currentYear = self.year(ofSecondsSince1970: now)
        var year = currentYear - currentYear % 100 + Int64(shortYear)
        if year > currentYear + 50 {
            year -= 100
        }
        return self.timestamp(year: Int(year), month: month + 1, day: day, secondOfDay: time)
    }

    // Sun Nov  6 08:49:37 1994
    private static func parseAsctime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count == 24,
            self.matchesAny(self.dayNames, b, at: 0) != nil, b[3] == UInt8(ascii: " "),
            let month = self.matchesAny(self.monthNames, b, at: 4), b[7] == UInt8(ascii: " "),
            b[10] == UInt8(ascii: " "),
            let time = self.timeOfDay(b, at: 11), b[19] == UInt8(ascii: " "),
            let year = self.digits(b, at: 20, count: 4)
        else { return nil }
        let day: Int
        if b[8] == UInt8(ascii: " "), let single = self.digits(b, at: 9, count: 1) {
            day = single
        } else if let double = self.digits(b, at: 8, count: 2) {
            day = double
        } else {
            return nil
        }
        return self.timestamp(year: year, month: month + 1, day: day, secondOfDay: time)
    }

    /// `HH:MM:SS` as seconds since midnight, or `nil`.
    private static func timeOfDay(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        guard let hour = self.digits(b, at: offset, count: 2), b[offset + 2] == UInt8(ascii: ":"),
            let minute = self.digits(b, at: offset + 3, count: 2), b[offset + 5] == UInt8(ascii: ":"),
            let second = self.digits(b, at: offset + 6, count: 2),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    private static func timestamp(year: Int, month: Int, day: Int, secondOfDay: Int) -> Int64? {
        guard day >= 1, day <= self.daysInMonth(year: year, month: month) else { return nil }
        let days = self.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day))
        return days * 86_400 + Int64(secondOfDay)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian year of an instant (Howard Hinnant's `civil_from_days`).
    static func year(ofSecondsSince1970 seconds: Int64) -> Int64 {
        let days = (seconds >= 0 ? seconds : seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let year = yearOfEra + era * 400
        return monthIndex >= 10 ? year + 1 : year
    }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int) -> Int? {
        guard offset >= 0, offset + count <= b.count else { return nil }
        var value = 0
        for index in offset..<(offset + count) {
            let byte = b[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func matches(_ name: StaticString, _ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let count = name.utf8CodeUnitCount
        guard offset >= 0, offset + count <= b.count else { return false }
        let start = name.utf8Start
        for index in 0..<count where b[offset + index] != start[index] {
            return false
        }
        return true
    }

    private static func matchesAny(_ names: [StaticString], _ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        for (index, name) in names.enumerated() where self.matches(name, b, at: offset) {
            return index
        }
        return nil
    }
}
