import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("A meeting that has happened is history")
struct PastMeetingTests {
    @Test(
        "it cannot be cancelled, skipped or moved, nor a meeting moved into the past; 'did not take place' needs a reason"
    )
    func pastMeetingsStay() async throws {
        try await withTrellis { app, _ in
            // setup: a weekly series on today's weekday, in UTC, with a meeting last week and next week
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let today = CalendarDay(Date())
            var fields = RhythmTests.seriesFields
            fields["kind"] = "weekly"
            fields["weekday"] = Weekday(rawValue: calendar.component(.weekday, from: Date()))!.code
            fields["timeZone"] = "UTC"
            fields["startDay"] = today.adding(days: -21).description
            fields["endDay"] = today.adding(days: 21).description
            let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, fields, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let series = try #require(try await MeetingSeriesRecord.query(on: app.db).first()).requireID()
            let lastWeek = today.adding(days: -7)
            let nextWeek = today.adding(days: 7)
            let past = SiteURL.meeting(.value(series), day: .value(lastWeek.description)).relativeURL
            let change = { (day: CalendarDay) in
                SiteURL.meetingStep(.value(series), day: .value(day.description), .change).relativeURL
            }
            let (changePast, changeFuture) = (change(lastWeek), change(nextWeek))
            try await MeetingAttendance(
                seriesID: series, meetingDay: lastWeek.description, userID: fixture.own.leader, status: .present,
                recordedBy: fixture.own.facilitator
            ).create(on: app.db)

            // MUT: schedule changes to the past meeting are refused and change nothing
            for action in ["cancel", "skip", "restore"] {
                try await app.submit(changePast, ["action": action], as: facilitator) { response in
                    #expect(response.status == .unprocessableEntity, "\(action)")
                    #expect(response.text.contains("this meeting has already begun"))
                }
            }
            try await app.submit(
                changePast,
                [
                    "action": "move", "movedDay": nextWeek.adding(days: 1).description, "movedStart": "10:00",
                    "movedEnd": "11:00",
                ], as: facilitator
            ) { #expect($0.status == .unprocessableEntity) }
            // a future meeting cannot be moved to a time already past
            try await app.submit(
                changeFuture,
                [
                    "action": "move", "movedDay": lastWeek.adding(days: 1).description, "movedStart": "10:00",
                    "movedEnd": "11:00",
                ], as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("that time has passed"))
            }
            #expect(try await MeetingChange.query(on: app.db).count() == 0)
            let token = try await app.apiToken(for: "facilitator@own.example")
            try await APITests.call(
                app, .POST, SiteURL.api(.meetingSeriesChanges(.value(series))).relativeURL, token: token,
                json: #"{"day": "\#(lastWeek)", "action": "cancel"}"#
            ) { #expect($0.status == .unprocessableEntity) }

            // the page offers only the after-the-fact record, which needs a reason
            try await app.page(past, as: facilitator) { response in
                #expect(response.text.contains("Record that it did not take place"))
                #expect(!response.text.contains("Cancel the meeting"))
            }
            try await app.submit(changePast, ["action": "not-held", "reason": "  "], as: facilitator) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Why it did not take place: say in up to 500 characters"))
            }
            try await app.submit(changeFuture, ["action": "not-held", "reason": "Snow"], as: facilitator) {
                #expect($0.status == .unprocessableEntity)
            }
            try await app.submit(changePast, ["action": "not-held", "reason": "Snow day"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(past, as: facilitator) { response in
                #expect(response.text.contains("did not take place (recorded afterwards): Snow day"))
                #expect(response.text.contains("Take back that record"))
            }
            #expect(try await MeetingAttendance.query(on: app.db).count() == 1, "attendance is kept as recorded")

            // taking the record back is a correction, allowed after the fact; the future meeting still cancels
            try await app.submit(changePast, ["action": "reinstate"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(past, as: facilitator) { response in
                #expect(response.text.contains("as scheduled"))
            }
            try await app.submit(changeFuture, ["action": "cancel"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
        }
    }
}
