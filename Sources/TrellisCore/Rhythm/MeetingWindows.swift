import Foundation

/// The windows of time the rhythm's pages and rules share: when attendance can be taken and checked
/// into, which meetings count as upcoming, and where a new series starts and ends by default.
public enum MeetingWindows {
    /// Check-in and attendance open this long before a meeting starts.
    public static let checkInOpensMinutesBefore = 15
    /// Upcoming meetings are looked for from yesterday (a meeting that started last night may still be on)
    /// to this many days ahead.
    public static let upcomingDaysAhead = 62

    /// From when a facilitator records attendance: shortly before the start, and any time after.
    public static func attendanceOpens(_ occurrence: MeetingOccurrence) -> Date {
        occurrence.start.addingTimeInterval(-Double(checkInOpensMinutesBefore) * 60)
    }

    public static func isAttendanceOpen(_ occurrence: MeetingOccurrence, now: Date) -> Bool {
        attendanceOpens(occurrence) <= now
    }

    /// A leader checks themself in from shortly before the start until the end of a meeting that is on.
    public static func isCheckInOpen(_ occurrence: MeetingOccurrence, now: Date) -> Bool {
        occurrence.status != .cancelled && now >= attendanceOpens(occurrence) && now <= occurrence.end
    }

    /// The next `limit` meetings of the given series that have not ended, soonest first.
    public static func upcoming<Key>(_ series: [(key: Key, series: MeetingSeries)], now: Date, limit: Int)
        -> [(key: Key, occurrence: MeetingOccurrence)]
    {
        let today = CalendarDay(now)
        var found: [(key: Key, occurrence: MeetingOccurrence)] = []
        for (key, one) in series {
            for occurrence in one.occurrences(
                from: today.adding(days: -1), through: today.adding(days: upcomingDaysAhead))
            where occurrence.end > now {
                found.append((key, occurrence))
            }
        }
        return Array(found.sorted { $0.occurrence.start < $1.occurrence.start }.prefix(limit))
    }

    /// A new series runs from 1 September (or today, if the school year has begun) to 30 June.
    public static func defaultSpan(of year: SchoolYear, today: CalendarDay) -> (start: CalendarDay, end: CalendarDay) {
        (max(year.firstDay, today), year.lastDay)
    }
}

extension SchoolYear {
    /// 1 September of the autumn the year starts in.
    public var firstDay: CalendarDay { CalendarDay("\(startYear)-09-01")! }
    /// 30 June of the summer it ends in.
    public var lastDay: CalendarDay { CalendarDay("\(startYear + 1)-06-30")! }

    /// The year a new cohort is offered for on `day`: the one whose autumn falls in that calendar year
    /// (cohorts are planned before the year they run in starts).
    public static func forNewCohort(on day: CalendarDay) -> SchoolYear { SchoolYear(startYear: day.year) }
}
