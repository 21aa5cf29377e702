import Foundation

/// A day of the week. Raw values follow Foundation's `Calendar` (1 = Sunday … 7 = Saturday) so a
/// weekday can be handed to `DateComponents` without translation.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Codable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// The three-letter code used in a pattern's stored form ("tue").
    public var code: String { String(name.prefix(3)).lowercased() }

    public var name: String {
        switch self {
        case .sunday: "Sunday"
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        }
    }

    /// Accepts the three-letter code or the full name, in any case ("tue", "Tuesday").
    public init?(code text: String) {
        let lowered = text.lowercased()
        guard let match = Weekday.allCases.first(where: { $0.code == lowered || $0.name.lowercased() == lowered })
        else { return nil }
        self = match
    }
}

/// Weekdays and day counts computed with integers on the proleptic Gregorian calendar, so a
/// recurrence never depends on a `Calendar`'s locale, first weekday or the process's time zone.
extension CalendarDay {
    /// Accepts a real day only: `CalendarDay(year: 2027, month: 2, day: 29)` is nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), (1...12).contains(month),
            (1...CalendarDay.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it); H. Hinnant's `days_from_civil`.
    var daysSince1970: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSince1970`; H. Hinnant's `civil_from_days`.
    init(daysSince1970 days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday(rawValue: ((daysSince1970 + 4) % 7 + 7) % 7 + 1)!
    }

    /// Whole days from `self` to `other`: positive when `other` is later.
    public func days(to other: CalendarDay) -> Int {
        other.daysSince1970 - daysSince1970
    }

    /// The first day on or after `self` that falls on `weekday`.
    func next(_ weekday: Weekday) -> CalendarDay {
        adding(days: (weekday.rawValue - self.weekday.rawValue + 7) % 7)
    }

    var daysInMonth: Int { CalendarDay.days(inMonth: month, year: year) }

    /// yyyymmdd, the basic form iCalendar and UIDs use.
    var compact: String { description.replacingOccurrences(of: "-", with: "") }
}
