import Foundation
import Testing

@testable import TrellisCore

@Suite("Meetings that have begun")
struct NotHeldTests {
    static func series() throws -> MeetingSeries {
        let pattern = try MeetingPattern(
            recurrence: "weekly:mon", startDay: "2026-09-07", endDay: "2026-12-28", startTime: "09:00",
            endTime: "10:00", timeZone: "UTC")
        return MeetingSeries(id: "s", pattern: pattern)
    }

    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("a meeting has begun at its start, wherever it was moved to")
    func begun() throws {
        var series = try Self.series()
        let day = CalendarDay("2026-10-05")!
        #expect(!series.hasBegun(day, now: Self.instant("2026-10-05T08:59:59Z")))
        #expect(series.hasBegun(day, now: Self.instant("2026-10-05T09:00:00Z")))
        try series.move(
            day,
            to: MeetingSlot(
                day: CalendarDay("2026-10-07")!, startTime: TimeOfDay("09:00")!, endTime: TimeOfDay("10:00")!))
        #expect(!series.hasBegun(day, now: Self.instant("2026-10-06T12:00:00Z")))
    }

    @Test("schedule changes are refused once begun, and moves into the past always")
    func refusals() throws {
        let series = try Self.series()
        let now = Self.instant("2026-10-06T12:00:00Z")
        #expect(series.scheduleChangeRefusal(CalendarDay("2026-10-05")!, movingTo: nil, now: now)?.field == "day")
        #expect(series.scheduleChangeRefusal(CalendarDay("2026-10-12")!, movingTo: nil, now: now) == nil)
        let past = try MeetingSlot(
            day: CalendarDay("2026-10-06")!, startTime: TimeOfDay("09:00")!, endTime: TimeOfDay("10:00")!)
        #expect(series.scheduleChangeRefusal(CalendarDay("2026-10-12")!, movingTo: past, now: now)?.field == "movedDay")
    }

    @Test("not held: only once begun, only with a reason; shows as cancelled with the reason; undone by restore")
    func notHeld() throws {
        var series = try Self.series()
        let day = CalendarDay("2026-10-05")!
        let now = Self.instant("2026-10-06T12:00:00Z")
        #expect(throws: MeetingScheduleProblem.self) {
            try series.recordNotHeld(CalendarDay("2026-10-12")!, reason: "x", now: now)
        }
        #expect(throws: MeetingScheduleProblem.self) { try series.recordNotHeld(day, reason: " \n", now: now) }
        try series.recordNotHeld(day, reason: " Snow day ", now: now)
        let occurrence = try #require(series.occurrence(day))
        #expect(occurrence.status == .cancelled)
        #expect(occurrence.notHeldReason == "Snow day")
        let sequence = occurrence.sequence
        try series.restore(day)
        #expect(series.occurrence(day)?.status == .scheduled)
        #expect(series.occurrence(day)?.notHeldReason == nil)
        #expect((series.occurrence(day)?.sequence ?? 0) > sequence)
    }
}
