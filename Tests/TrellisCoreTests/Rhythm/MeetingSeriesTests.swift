import Foundation
import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("Meeting series")
    struct MeetingSeriesTests {
        typealias S = RhythmSamples

        func series(_ code: String = "monthly:2:tue") throws -> MeetingSeries {
            MeetingSeries(id: "cop-7", pattern: try S.pattern(code))
        }

        @Test(
            "a local time gets the offset in force on its own day",
            arguments: [
                // US 2026: clocks go forward on March 8 and back on November 1.
                ("America/Los_Angeles", "2026-03-03", "15:30", "2026-03-03T23:30:00Z"),
                ("America/Los_Angeles", "2026-03-10", "15:30", "2026-03-10T22:30:00Z"),
                ("America/Los_Angeles", "2026-10-27", "15:30", "2026-10-27T22:30:00Z"),
                ("America/Los_Angeles", "2026-11-03", "15:30", "2026-11-03T23:30:00Z"),
                ("America/New_York", "2026-03-10", "15:30", "2026-03-10T19:30:00Z"),
                // On the change days themselves, before and after 02:00.
                ("America/Los_Angeles", "2026-03-08", "01:30", "2026-03-08T09:30:00Z"),
                ("America/Los_Angeles", "2026-03-08", "03:30", "2026-03-08T10:30:00Z"),
                ("America/Los_Angeles", "2026-03-08", "15:30", "2026-03-08T22:30:00Z"),
                ("America/Los_Angeles", "2026-11-01", "15:30", "2026-11-01T23:30:00Z"),
                // 02:30 on March 8 never happens: read with the winter offset, it is 03:30 summer time.
                ("America/Los_Angeles", "2026-03-08", "02:30", "2026-03-08T10:30:00Z"),
                // 01:30 on November 1 happens twice: the first one, still in summer time.
                ("America/Los_Angeles", "2026-11-01", "01:30", "2026-11-01T08:30:00Z"),
                ("America/Los_Angeles", "2026-11-01", "02:30", "2026-11-01T10:30:00Z"),
                // Zones without daylight saving keep one offset all year.
                ("America/Phoenix", "2026-03-10", "15:30", "2026-03-10T22:30:00Z"),
                ("America/Phoenix", "2026-12-08", "15:30", "2026-12-08T22:30:00Z"),
                ("Asia/Tokyo", "2026-07-14", "09:00", "2026-07-14T00:00:00Z"),
                ("UTC", "2026-07-14", "09:00", "2026-07-14T09:00:00Z"),
                // Europe changes on its own weekend; the southern hemisphere the other way round.
                ("Europe/London", "2026-03-24", "16:00", "2026-03-24T16:00:00Z"),
                ("Europe/London", "2026-03-31", "16:00", "2026-03-31T15:00:00Z"),
                ("Australia/Sydney", "2026-03-31", "16:00", "2026-03-31T05:00:00Z"),
                ("Australia/Sydney", "2026-04-07", "16:00", "2026-04-07T06:00:00Z"),
            ])
        func instants(zone: String, day: String, time: String, utc: String) throws {
            let pattern = try S.pattern("weekly:tue", "2026-01-01", "2026-12-31", zone: zone)
            #expect(pattern.instant(S.day(day), S.time(time)) == S.instant(utc))
        }

        @Test("a weekly Sunday 01:30 meeting across both US change weekends")
        func sundayNight() throws {
            let series = MeetingSeries(
                id: "night", pattern: try S.pattern("weekly:sun", "2026-03-01", "2026-11-08", "01:30", "03:00"))
            let spring = series.occurrences(from: S.day("2026-03-01"), through: S.day("2026-03-15"))
            #expect(
                spring.map(\.start)
                    == ["2026-03-01T09:30:00Z", "2026-03-08T09:30:00Z", "2026-03-15T08:30:00Z"].map(S.instant))
            // On the spring change day 01:30–03:00 lasts half an hour: the clocks skip from 02:00 to 03:00.
            #expect(spring[1].end.timeIntervalSince(spring[1].start) == 30 * 60)
            let autumn = series.occurrences(from: S.day("2026-10-25"), through: S.day("2026-11-08"))
            #expect(
                autumn.map(\.start)
                    == ["2026-10-25T08:30:00Z", "2026-11-01T08:30:00Z", "2026-11-08T09:30:00Z"].map(S.instant))
            #expect(autumn[1].end.timeIntervalSince(autumn[1].start) == 150 * 60)
        }

        @Test("an untouched series: every meeting scheduled, sequence 0, keyed by its day")
        func untouched() throws {
            let meetings = try series().occurrences(from: S.day("2026-09-01"), through: S.day("2026-12-31"))
            #expect(meetings.map(\.key.description) == ["2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08"])
            #expect(meetings.allSatisfy { $0.status == .scheduled && $0.sequence == 0 && $0.key == $0.day })
            #expect(meetings.allSatisfy { $0.isAsScheduled })
            #expect(
                meetings.map(\.start)
                    == ["2026-09-08T22:30:00Z", "2026-10-13T22:30:00Z", "2026-11-10T23:30:00Z", "2026-12-08T23:30:00Z"]
                    .map(
                        S.instant))
            #expect(meetings.allSatisfy { $0.end.timeIntervalSince($0.start) == 90 * 60 })
        }

        @Test("a meeting moved into the next month keeps its key, is found by its new day, and its sequence grows")
        func movedAcrossMonths() throws {
            var series = try series()
            let december = S.day("2026-12-08")
            try series.move(
                december,
                to: MeetingSlot(day: S.day("2027-01-05"), startTime: S.time("16:00"), endTime: S.time("17:30")))

            #expect(series.occurrences(from: S.day("2026-12-01"), through: S.day("2026-12-31")).isEmpty)
            let january = series.occurrences(from: S.day("2027-01-01"), through: S.day("2027-01-31"))
            #expect(january.map(\.key.description) == ["2026-12-08", "2027-01-12"])
            #expect(january.map(\.day.description) == ["2027-01-05", "2027-01-12"])
            #expect(january.map(\.status) == [.moved, .scheduled])
            #expect(january.map(\.sequence) == [1, 0])
            #expect(january[0].start == S.instant("2027-01-06T00:00:00Z"))
            #expect(january[0].end == S.instant("2027-01-06T01:30:00Z"))
            // A query covering both days lists it once.
            #expect(series.occurrences(from: S.day("2026-12-01"), through: S.day("2027-01-31")).count == 2)

            try series.move(
                december,
                to: MeetingSlot(day: S.day("2026-12-15"), startTime: S.time("15:30"), endTime: S.time("17:00")))
            #expect(series.occurrence(december)?.day == S.day("2026-12-15"))
            #expect(series.occurrence(december)?.sequence == 2)

            try series.cancel(december)
            let cancelled = try #require(series.occurrence(december))
            #expect(cancelled.status == .cancelled && cancelled.day == S.day("2026-12-15") && cancelled.sequence == 3)

            try series.restore(december)
            let restored = try #require(series.occurrence(december))
            #expect(restored.status == .scheduled && restored.day == december && restored.sequence == 4)
            #expect(restored.isAsScheduled)
        }

        @Test("moving a meeting to its own slot, or repeating a change, is not a change")
        func noOpChanges() throws {
            var series = try series()
            let day = S.day("2026-10-13")
            try series.move(day, to: MeetingSlot(day: day, startTime: S.time("15:30"), endTime: S.time("17:00")))
            #expect(series.occurrence(day)?.sequence == 0)
            try series.cancel(day)
            try series.cancel(day)
            #expect(series.occurrence(day)?.sequence == 1)
        }

        @Test("cancelled meetings stay listed; skipped ones leave the series until restored")
        func cancelAndSkip() throws {
            var series = try series()
            try series.cancel(S.day("2026-10-13"))
            try series.skip(S.day("2026-11-10"))
            let autumn = series.occurrences(from: S.day("2026-09-01"), through: S.day("2026-11-30"))
            #expect(autumn.map(\.key.description) == ["2026-09-08", "2026-10-13"])
            #expect(autumn.map(\.status) == [.scheduled, .cancelled])
            #expect(series.occurrence(S.day("2026-11-10")) == nil)
            #expect(series.changes[S.day("2026-11-10")]?.disposition == .skipped)

            try series.restore(S.day("2026-11-10"))
            #expect(series.occurrence(S.day("2026-11-10"))?.sequence == 2)
            #expect(series.occurrence(S.day("2026-11-10"))?.status == .scheduled)
        }

        @Test(
            "only days the pattern meets on can be changed",
            arguments: ["2026-12-09", "2026-08-11", "2027-07-13"])
        func onlyScheduledDays(day: String) throws {
            var series = try series()
            #expect(throws: MeetingScheduleProblem.self) { try series.cancel(S.day(day)) }
            #expect(throws: MeetingScheduleProblem.self) { try series.skip(S.day(day)) }
            do {
                try series.restore(S.day(day))
                Issue.record("expected a problem")
            } catch {
                #expect(error.field == "day")
                #expect(error.message.contains("Second Tuesday of each month has no meeting on \(day)"))
            }
        }

        @Test("a move must end after it starts")
        func moveTimes() {
            #expect(throws: MeetingScheduleProblem.self) {
                try MeetingSlot(day: S.day("2026-12-15"), startTime: S.time("17:00"), endTime: S.time("16:00"))
            }
        }

        @Test("revising the pattern raises every sequence; changes on days it no longer meets rest until it does again")
        func revise() throws {
            var series = try series()
            try series.cancel(S.day("2026-10-13"))
            try series.revise(S.pattern("monthly:2:tue", "2026-09-01", "2027-06-30", "16:00", "17:30"))
            let autumn = series.occurrences(from: S.day("2026-09-01"), through: S.day("2026-10-31"))
            #expect(autumn.map(\.sequence) == [1, 2])
            #expect(autumn[0].start == S.instant("2026-09-08T23:00:00Z"))

            try series.revise(S.pattern("monthly:3:wed"))
            #expect(
                series.occurrences(from: S.day("2026-10-01"), through: S.day("2026-10-31")).map(\.status) == [
                    .scheduled
                ])
            try series.revise(S.pattern("monthly:2:tue"))
            #expect(series.occurrence(S.day("2026-10-13"))?.status == .cancelled)
            #expect(series.occurrence(S.day("2026-10-13"))?.sequence == 4)
        }

        @Test("a series rebuilt from stored changes computes the same meetings")
        func rebuilt() throws {
            var series = try series()
            try series.move(
                S.day("2026-12-08"),
                to: MeetingSlot(day: S.day("2027-01-05"), startTime: S.time("16:00"), endTime: S.time("17:30")))
            try series.skip(S.day("2026-11-10"))
            let stored = MeetingSeries(
                id: series.id, pattern: series.pattern, revision: series.revision, changes: Array(series.changes.values)
            )
            #expect(stored == series)
            #expect(
                stored.occurrences(from: S.day("2026-09-01"), through: S.day("2027-06-30"))
                    == series.occurrences(from: S.day("2026-09-01"), through: S.day("2027-06-30")))
        }

        @Test("an empty or reversed range has no meetings")
        func emptyRange() throws {
            let series = try series()
            #expect(series.occurrences(from: S.day("2026-12-31"), through: S.day("2026-12-01")).isEmpty)
            #expect(series.occurrences(from: S.day("2026-12-09"), through: S.day("2026-12-31")).isEmpty)
            #expect(series.occurrences(from: S.day("2026-12-08"), through: S.day("2026-12-08")).count == 1)
        }
    }
}
