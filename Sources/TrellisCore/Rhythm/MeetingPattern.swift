import Foundation

/// When a community meets: a recurrence between two days (both inclusive), at the same local
/// times, in a named time zone. The zone is an IANA id rather than an offset so each meeting gets
/// the offset in force on its own day.
public struct MeetingPattern: Sendable, Hashable, CustomStringConvertible {
    public let recurrence: MeetingRecurrence
    public let startDay: CalendarDay
    public let endDay: CalendarDay
    public let startTime: TimeOfDay
    public let endTime: TimeOfDay
    public let timeZone: TimeZone

    public init(
        recurrence: MeetingRecurrence, startDay: CalendarDay, endDay: CalendarDay, startTime: TimeOfDay,
        endTime: TimeOfDay, timeZone: TimeZone
    ) throws(MeetingScheduleProblem) {
        guard startDay <= endDay else {
            throw MeetingScheduleProblem(
                field: "endDay", message: "the last day \(endDay) is before the first day \(startDay)")
        }
        try Self.checkTimes(start: startTime, end: endTime)
        self.recurrence = recurrence
        self.startDay = startDay
        self.endDay = endDay
        self.startTime = startTime
        self.endTime = endTime
        self.timeZone = timeZone
        // Every recurrence meets within any 62 days, so a longer span needs no search.
        guard !recurrence.days(in: startDay...min(endDay, startDay.adding(days: 62)), anchor: startDay).isEmpty else {
            throw MeetingScheduleProblem(
                field: "endDay",
                message: "no \(recurrence.description.lowercased()) falls between \(startDay) and \(endDay)")
        }
    }

    /// Parses the fields of a form (or the stored columns); the first problem names its field.
    public init(
        recurrence: String, startDay: String, endDay: String, startTime: String, endTime: String, timeZone: String
    ) throws(MeetingScheduleProblem) {
        func day(_ text: String, _ field: String) throws(MeetingScheduleProblem) -> CalendarDay {
            guard let day = CalendarDay(text) else {
                throw MeetingScheduleProblem(field: field, message: "\"\(text)\" is not a day; expected yyyy-mm-dd")
            }
            return day
        }
        func time(_ text: String, _ field: String) throws(MeetingScheduleProblem) -> TimeOfDay {
            guard let time = TimeOfDay(text) else {
                throw MeetingScheduleProblem(
                    field: field, message: "\"\(text)\" is not a time; expected hh:mm on a 24-hour clock")
            }
            return time
        }
        let zone = try Self.zone(timeZone)
        try self.init(
            recurrence: try MeetingRecurrence(code: recurrence), startDay: try day(startDay, "startDay"),
            endDay: try day(endDay, "endDay"), startTime: try time(startTime, "startTime"),
            endTime: try time(endTime, "endTime"), timeZone: zone)
    }

    /// Every problem with a pattern's fields at once, each naming its field, in form order: what is
    /// wrong with each field on its own, then (when each is fine) with the pattern as a whole. Empty
    /// when `init(recurrence:startDay:endDay:startTime:endTime:timeZone:)` would succeed.
    public static func problems(
        recurrence: String, startDay: String, endDay: String, startTime: String, endTime: String, timeZone: String
    ) -> [MeetingScheduleProblem] {
        var found: [MeetingScheduleProblem] = []
        do { _ = try MeetingRecurrence(code: recurrence) } catch { found.append(error) }
        for (field, text) in [("startDay", startDay), ("endDay", endDay)] where CalendarDay(text) == nil {
            found.append(.init(field: field, message: "\"\(text)\" is not a day; expected yyyy-mm-dd"))
        }
        for (field, text) in [("startTime", startTime), ("endTime", endTime)] where TimeOfDay(text) == nil {
            found.append(.init(field: field, message: "\"\(text)\" is not a time; expected hh:mm on a 24-hour clock"))
        }
        do { _ = try zone(timeZone) } catch { found.append(error) }
        if found.isEmpty {
            do {
                _ = try MeetingPattern(
                    recurrence: recurrence, startDay: startDay, endDay: endDay, startTime: startTime,
                    endTime: endTime, timeZone: timeZone)
            } catch { found.append(error) }
        }
        return found
    }

    /// Only region ids: abbreviations such as "PST" are fixed offsets that would ignore summer time.
    /// UTC is welcome; Foundation may name it GMT, and a stored pattern must read back.
    static func zone(_ text: String) throws(MeetingScheduleProblem) -> TimeZone {
        let zoneID = text.trimmedOfSpaces
        guard zoneID.utf8.contains(UInt8(ascii: "/")) || ["UTC", "GMT"].contains(zoneID),
            let zone = TimeZone(identifier: zoneID)
        else {
            throw MeetingScheduleProblem(
                field: "timeZone",
                message: "\"\(text)\" is not a time zone; expected an IANA id such as America/Los_Angeles")
        }
        return zone
    }

    /// The original days of the series within `from...through`, in order.
    public func scheduledDays(from: CalendarDay, through: CalendarDay) -> [CalendarDay] {
        let (low, high) = (max(from, startDay), min(through, endDay))
        guard low <= high else { return [] }
        return recurrence.days(in: low...high, anchor: startDay)
    }

    public func isScheduled(on day: CalendarDay) -> Bool {
        scheduledDays(from: day, through: day) == [day]
    }

    public var minutes: Int { endTime.minutesSinceMidnight - startTime.minutesSinceMidnight }

    /// "Second Tuesday of each month, 15:30–17:00".
    public var description: String {
        "\(recurrence), \(startTime)–\(endTime)"
    }

    static func checkTimes(start: TimeOfDay, end: TimeOfDay) throws(MeetingScheduleProblem) {
        guard start < end else {
            throw MeetingScheduleProblem(
                field: "endTime",
                message:
                    "\(end) must be after the start, \(start) (a meeting ends on the day it starts)")
        }
    }

    /// The instant a local wall-clock time happens in this pattern's zone. A time skipped by a
    /// spring-forward change (02:30 on a US change day) is read with the offset before the change,
    /// so it lands as far after the gap as it was into it (03:30); a time repeated by a fall-back
    /// change (01:30) is the first of the two, before the clocks go back.
    public func instant(_ day: CalendarDay, _ time: TimeOfDay) -> Date {
        let wall = TimeInterval(day.daysSince1970 * 86_400 + time.minutesSinceMidnight * 60)
        let offsetBefore = TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400)))
        let offsetAfter = TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400)))
        let candidates = Set([offsetBefore, offsetAfter]).map { Date(timeIntervalSince1970: wall - $0) }
            .filter { wall - TimeInterval(timeZone.secondsFromGMT(for: $0)) == $0.timeIntervalSince1970 }
        return candidates.min() ?? Date(timeIntervalSince1970: wall - offsetBefore)
    }
}

extension MeetingPattern: Codable {
    private enum CodingKeys: String, CodingKey {
        case recurrence, startDay, endDay, startTime, endTime, timeZone
    }

    /// Stored as its form fields, so a stored pattern reads like one a person typed and is checked
    /// the same way when it is read back.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try container.decode(String.self, forKey: key) }
        try self.init(
            recurrence: text(.recurrence), startDay: text(.startDay), endDay: text(.endDay),
            startTime: text(.startTime), endTime: text(.endTime), timeZone: text(.timeZone))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recurrence.code, forKey: .recurrence)
        try container.encode(startDay.description, forKey: .startDay)
        try container.encode(endDay.description, forKey: .endDay)
        try container.encode(startTime.description, forKey: .startTime)
        try container.encode(endTime.description, forKey: .endTime)
        try container.encode(timeZone.identifier, forKey: .timeZone)
    }
}
