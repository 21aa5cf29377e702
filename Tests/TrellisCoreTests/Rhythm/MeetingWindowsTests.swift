import Foundation
import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("Meeting windows: check-in, attendance, upcoming, a new series' span")
    struct MeetingWindowsTests {
        typealias S = RhythmSamples

        /// The second Tuesday of December 2026 in Los Angeles: 15:30–17:00, 23:30Z to 01:00Z.
        func december() throws -> MeetingOccurrence {
            let series = MeetingSeries(id: "cop-7", pattern: try S.pattern("monthly:2:tue"))
            return try #require(series.occurrences(from: S.day("2026-12-08"), through: S.day("2026-12-08")).first)
        }

        @Test(
            "check-in opens 15 minutes before the start and closes at the end",
            arguments: [
                ("2026-12-08T23:14:59Z", false), ("2026-12-08T23:15:00Z", true), ("2026-12-09T00:30:00Z", true),
                ("2026-12-09T01:00:00Z", true), ("2026-12-09T01:00:01Z", false),
            ])
        func checkIn(at instant: String, open: Bool) throws {
            #expect(MeetingWindows.isCheckInOpen(try december(), now: S.instant(instant)) == open)
        }

        @Test(
            "attendance is recorded from 15 minutes before the start, and any time afterwards",
            arguments: [
                ("2026-12-08T23:14:59Z", false), ("2026-12-08T23:15:00Z", true), ("2027-03-01T00:00:00Z", true),
            ])
        func attendance(at instant: String, open: Bool) throws {
            #expect(MeetingWindows.isAttendanceOpen(try december(), now: S.instant(instant)) == open)
        }

        @Test("upcoming: a meeting still on counts, an ended one does not; two series merge soonest first")
        func upcoming() throws {
            let monthly = MeetingSeries(id: "a", pattern: try S.pattern("monthly:2:tue"))
            let weekly = MeetingSeries(id: "b", pattern: try S.pattern("weekly:thu"))
            let during = MeetingWindows.upcoming([("a", monthly)], now: S.instant("2026-12-09T00:30:00Z"), limit: 1)
            #expect(during.map(\.occurrence.key) == [S.day("2026-12-08")])
            let after = MeetingWindows.upcoming([("a", monthly)], now: S.instant("2026-12-09T01:00:01Z"), limit: 1)
            #expect(after.map(\.occurrence.key) == [S.day("2027-01-12")])
            let merged = MeetingWindows.upcoming(
                [("a", monthly), ("b", weekly)], now: S.instant("2026-12-09T01:00:01Z"), limit: 3)
            #expect(merged.map(\.key) == ["b", "b", "b"])
            #expect(merged.map(\.occurrence.key) == [S.day("2026-12-10"), S.day("2026-12-17"), S.day("2026-12-24")])
        }

        @Test("upcoming looks 62 days ahead, however many are asked for")
        func upcomingWindow() throws {
            let monthly = MeetingSeries(id: "a", pattern: try S.pattern("monthly:2:tue"))
            let found = MeetingWindows.upcoming([("a", monthly)], now: S.instant("2026-09-01T00:00:00Z"), limit: 5)
            #expect(found.map(\.occurrence.key) == [S.day("2026-09-08"), S.day("2026-10-13")])
        }

        @Test(
            "a new series runs from 1 September, or today once the year has begun, to 30 June",
            arguments: [("2026-08-01", "2026-09-01"), ("2026-12-04", "2026-12-04")])
        func defaultSpan(today: String, start: String) {
            let span = MeetingWindows.defaultSpan(of: SchoolYear(startYear: 2026), today: S.day(today))
            #expect(span.start == S.day(start))
            #expect(span.end == S.day("2027-06-30"))
        }

        @Test("a new cohort is offered for the school year whose autumn falls in this calendar year")
        func newCohortYear() {
            #expect(SchoolYear.forNewCohort(on: S.day("2026-12-04")).description == "2026-27")
            #expect(SchoolYear.forNewCohort(on: S.day("2027-03-01")).description == "2027-28")
        }
    }
}
