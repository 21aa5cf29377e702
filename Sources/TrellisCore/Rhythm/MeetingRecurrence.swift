import Foundation

/// Which days a community meets on. Monthly patterns name a week of the month because that is how
/// people remember them ("the second Tuesday"), and a fixed pattern is what makes meetings predictable.
public enum MeetingRecurrence: Sendable, Hashable, CustomStringConvertible {
    /// The nth weekday of each month, or the last one.
    case monthly(WeekOfMonth, Weekday)
    case weekly(Weekday)
    /// Every 14 days, counted from the first matching weekday on or after the pattern's start day.
    case everyOtherWeek(Weekday)

    /// Which of a month's weekdays. There is no "fifth": it exists in only some months, so a
    /// monthly rhythm built on it would skip months; "last" covers the need.
    public enum WeekOfMonth: Int, Sendable, Hashable, CaseIterable {
        case first = 1, second, third, fourth
        case last = -1

        var code: String { self == .last ? "last" : String(rawValue) }

        var name: String {
            switch self {
            case .first: "First"
            case .second: "Second"
            case .third: "Third"
            case .fourth: "Fourth"
            case .last: "Last"
            }
        }
    }

    public var weekday: Weekday {
        switch self {
        case .monthly(_, let weekday), .weekly(let weekday), .everyOtherWeek(let weekday): weekday
        }
    }

    /// The stable stored form: "monthly:2:tue", "monthly:last:thu", "weekly:tue", "biweekly:tue".
    public var code: String {
        switch self {
        case .monthly(let week, let weekday): "monthly:\(week.code):\(weekday.code)"
        case .weekly(let weekday): "weekly:\(weekday.code)"
        case .everyOtherWeek(let weekday): "biweekly:\(weekday.code)"
        }
    }

    /// "Second Tuesday of each month", "Every Tuesday", "Every other Tuesday".
    public var description: String {
        switch self {
        case .monthly(let week, let weekday): "\(week.name) \(weekday.name) of each month"
        case .weekly(let weekday): "Every \(weekday.name)"
        case .everyOtherWeek(let weekday): "Every other \(weekday.name)"
        }
    }

    public static let expectedFormat =
        "monthly:<1-4 or last>:<weekday>, weekly:<weekday> or biweekly:<weekday>, e.g. monthly:2:tue"

    /// Parses the stored form; the problem says which part is wrong.
    public init(code text: String) throws(MeetingScheduleProblem) {
        let parts = text.trimmedOfSpaces.lowercased()
            .split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func problem(_ message: String) -> MeetingScheduleProblem {
            MeetingScheduleProblem(
                field: "recurrence", message: message + " in \"\(text)\"; expected \(Self.expectedFormat)")
        }
        func weekday(_ code: String) throws(MeetingScheduleProblem) -> Weekday {
            guard let weekday = Weekday(code: code) else {
                throw problem("\"\(code)\" is not a weekday (sun, mon, tue, wed, thu, fri, sat)")
            }
            return weekday
        }
        switch (parts.first, parts.count) {
        case ("monthly", 3):
            guard let week = WeekOfMonth.allCases.first(where: { $0.code == parts[1] }) else {
                throw problem("\"\(parts[1])\" is not a week of the month (1, 2, 3, 4 or last)")
            }
            self = .monthly(week, try weekday(parts[2]))
        case ("weekly", 2):
            self = .weekly(try weekday(parts[1]))
        case ("biweekly", 2):
            self = .everyOtherWeek(try weekday(parts[1]))
        case ("monthly", _), ("weekly", _), ("biweekly", _):
            throw problem("wrong number of parts")
        default:
            throw problem("unknown kind \"\(parts.first ?? "")\"")
        }
    }

    /// The days this recurrence meets on within `range`, in order, ignoring any pattern bounds.
    func days(in range: ClosedRange<CalendarDay>, anchor: CalendarDay) -> [CalendarDay] {
        switch self {
        case .weekly(let weekday):
            return Self.stride(from: range.lowerBound.next(weekday), every: 7, through: range.upperBound)
        case .everyOtherWeek(let weekday):
            let first = anchor.next(weekday)
            let behind = max(0, first.days(to: range.lowerBound))
            let start = first.adding(days: (behind + 13) / 14 * 14)
            return Self.stride(from: start, every: 14, through: range.upperBound)
        case .monthly(let week, let weekday):
            var days: [CalendarDay] = []
            var (year, month) = (range.lowerBound.year, range.lowerBound.month)
            while (year, month) <= (range.upperBound.year, range.upperBound.month) {
                let day = Self.day(week, weekday, year: year, month: month)
                if range.contains(day) { days.append(day) }
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
            }
            return days
        }
    }

    static func day(_ week: WeekOfMonth, _ weekday: Weekday, year: Int, month: Int) -> CalendarDay {
        let first = CalendarDay(year: year, month: month, day: 1)!
        if week == .last {
            let last = CalendarDay(year: year, month: month, day: first.daysInMonth)!
            return last.adding(days: -((last.weekday.rawValue - weekday.rawValue + 7) % 7))
        }
        return first.next(weekday).adding(days: 7 * (week.rawValue - 1))
    }

    private static func stride(from start: CalendarDay, every step: Int, through end: CalendarDay) -> [CalendarDay] {
        guard start <= end else { return [] }
        return Swift.stride(from: 0, through: start.days(to: end), by: step).map { start.adding(days: $0) }
    }
}
