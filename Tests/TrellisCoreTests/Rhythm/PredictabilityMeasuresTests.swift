import Foundation
import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("Predictability measures")
    struct PredictabilityMeasuresTests {
        typealias S = RhythmSamples

        /// Second Tuesdays from September; by New Year October was moved a week, November cancelled
        /// and December skipped for the holidays.
        func autumn() throws -> [MeetingOccurrence] {
            var series = MeetingSeries(id: "cop-7", pattern: try S.pattern("monthly:2:tue"))
            try series.move(
                S.day("2026-10-13"),
                to: MeetingSlot(day: S.day("2026-10-20"), startTime: S.time("15:30"), endTime: S.time("17:00")))
            try series.cancel(S.day("2026-11-10"))
            try series.skip(S.day("2026-12-08"))
            return series.occurrences(from: S.day("2026-09-01"), through: S.day("2027-06-30"))
        }

        func record(_ leader: String, _ day: String, _ status: AttendanceRecord.Status) -> AttendanceRecord {
            AttendanceRecord(leaderID: leader, occurrence: S.day(day), status: status)
        }

        @Test("counts behind every share, from past meetings only")
        func autumnMeasures() throws {
            let measures = PredictabilityMeasures(
                occurrences: try autumn(),
                attendance: [
                    record("ana", "2026-09-08", .present), record("ana", "2026-10-13", .present),
                    record("ben", "2026-09-08", .present), record("ben", "2026-10-13", .absent),
                    record("cy", "2026-09-08", .excused), record("cy", "2026-10-13", .excused),
                    // Ignored: a cancelled meeting, a future one, a second record, an unknown day.
                    record("ben", "2026-11-10", .absent), record("ben", "2027-01-12", .absent),
                    record("ana", "2026-09-08", .absent), record("ana", "2026-09-09", .absent),
                ],
                agendaPublished: [
                    S.day("2026-09-08"): S.instant("2026-09-01T12:00:00Z"),
                    // Counted against the day it moved to (the 20th): two days ahead, not three.
                    S.day("2026-10-13"): S.instant("2026-10-18T12:00:00Z"),
                    S.day("2026-11-10"): S.instant("2026-11-01T12:00:00Z"),
                ],
                agendaLeadDays: 3, now: S.instant("2027-01-01T00:00:00Z"))

            #expect(measures.heldAsScheduled == Proportion(count: 1, total: 3))
            #expect(measures.heldAsScheduled.description == "1 of 3")
            #expect(measures.attendance == Proportion(count: 3, total: 4))
            #expect(measures.attendance.fraction == 0.75)
            #expect(
                measures.attendanceByLeader == [
                    "ana": Proportion(count: 2, total: 2), "ben": Proportion(count: 1, total: 2),
                    "cy": Proportion(count: 0, total: 0),
                ])
            #expect(measures.attendanceByLeader["cy"]?.fraction == nil)
            #expect(measures.agendaPublishedAhead == Proportion(count: 1, total: 2))
        }

        @Test(
            "a meeting counts once it has ended; an agenda exactly the lead time ahead is on time",
            arguments: [
                ("2026-09-08T23:59:59Z", 0, 0),
                ("2026-09-09T00:00:00Z", 1, 1),
            ])
        func boundaries(now: String, held: Int, ahead: Int) throws {
            let measures = PredictabilityMeasures(
                occurrences: try autumn(), attendance: [],
                agendaPublished: [S.day("2026-09-08"): S.instant("2026-09-05T22:30:00Z")], agendaLeadDays: 3,
                now: S.instant(now))
            #expect(measures.heldAsScheduled == Proportion(count: held, total: held))
            #expect(measures.agendaPublishedAhead == Proportion(count: ahead, total: held))
        }

        @Test("before any meeting, every share is nil, never NaN")
        func nothingYet() throws {
            let measures = PredictabilityMeasures(
                occurrences: try autumn(), attendance: [record("ana", "2026-09-08", .present)], agendaPublished: [:],
                agendaLeadDays: 7, now: S.instant("2026-09-01T00:00:00Z"))
            for share in [measures.heldAsScheduled, measures.attendance, measures.agendaPublishedAhead] {
                #expect(share == Proportion(count: 0, total: 0))
                #expect(share.fraction == nil)
            }
            #expect(measures.attendanceByLeader.isEmpty)
        }

        @Test("only cancelled meetings: none held as scheduled, nothing to attend")
        func allCancelled() throws {
            var series = MeetingSeries(
                id: "s", pattern: try S.pattern("weekly:tue", "2026-09-01", "2026-09-15"))
            for day in ["2026-09-01", "2026-09-08", "2026-09-15"] { try series.cancel(S.day(day)) }
            let measures = PredictabilityMeasures(
                occurrences: series.occurrences(from: S.day("2026-09-01"), through: S.day("2026-09-30")),
                attendance: [record("ana", "2026-09-01", .absent)], agendaPublished: [:], agendaLeadDays: 7,
                now: S.instant("2026-10-01T00:00:00Z"))
            #expect(measures.heldAsScheduled == Proportion(count: 0, total: 3))
            #expect(measures.heldAsScheduled.fraction == 0)
            #expect(measures.attendance.fraction == nil)
            #expect(measures.agendaPublishedAhead.fraction == nil)
        }
    }
}
