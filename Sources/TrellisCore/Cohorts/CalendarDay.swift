import Foundation

/// A day on the calendar, written yyyy-mm-dd, with no time and no time zone: the way a district names
/// the days a survey opens and closes.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(_ text: String) {
        guard let (year, month, day) = Self.plain(text) ?? Self.spelled(text),
            (1...12).contains(month), (1...CalendarDay.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The general reading: spaces around the text trimmed, then each of its three parts read by `Int`.
    private static func spelled(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return (year, month, day)
    }

    /// The digits of `yyyy-mm-dd` written exactly so, read byte by byte (pages read hundreds of stored
    /// days); anything else is left to `spelled`.
    private static func plain(_ text: String) -> (year: Int, month: Int, day: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (Int, Int, Int)? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return (year, month, day)
        }
    }

    /// Coordinated Universal Time, in which the server names days unless a district's zone is asked for.
    public static let utc = TimeZone(identifier: "UTC")!

    /// The day `date` falls on in `timeZone`. In UTC, between 1900 and 9999, that is whole days since 1970
    /// (pages name hundreds of days); anywhere else Foundation's Gregorian calendar tells. Foundation on
    /// Linux names `TimeZone(identifier: "UTC")` "GMT" (the same zone), so both names take the short way.
    public init(_ date: Date, timeZone: TimeZone = CalendarDay.utc) {
        let seconds = date.timeIntervalSince1970
        if (-2_208_988_800..<253_402_300_800).contains(seconds), Self.isUTC(timeZone) {
            self.init(daysSince1970: Int((seconds / 86_400).rounded(.down)))
        } else {
            self.init(calendarOf: date, timeZone: timeZone)
        }
    }

    private static func isUTC(_ timeZone: TimeZone) -> Bool {
        let identifier = timeZone.identifier
        return identifier == "UTC" || identifier == "GMT"
    }

    /// The day as Foundation's Gregorian calendar in `timeZone` gives it.
    init(calendarOf date: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    public static func today(in timeZone: TimeZone = CalendarDay.utc) -> CalendarDay {
        CalendarDay(Date(), timeZone: timeZone)
    }

    /// Plain integer arithmetic (`daysSince1970`), so walking a year of meetings day by day costs no
    /// calendar objects.
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSince1970: daysSince1970 + days)
    }

    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected yyyy-mm-dd"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
