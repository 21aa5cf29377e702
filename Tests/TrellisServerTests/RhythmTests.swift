import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Rhythm: meeting series, changes, agendas, attendance, notes and calendar feeds")
struct RhythmTests {
    /// A cohort-wide monthly series on the second Tuesday, 15:30–17:00 in Los Angeles, 2026-27.
    static let seriesFields: [String: String] = [
        "title": "Monthly meeting", "kind": "monthly", "week": "2", "weekday": "tue", "startTime": "15:30",
        "endTime": "17:00", "startDay": "2026-09-01", "endDay": "2027-06-30", "timeZone": "America/Los_Angeles",
        "location": "Room 204",
    ]

    static func createSeries(_ app: Application, _ fixture: Fixture, as session: BrowserSession) async throws -> UUID {
        let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
        try await app.submit(meetings, seriesFields, as: session) { response in
            #expect(response.status == .seeOther)
        }
        return try #require(try await MeetingSeriesRecord.query(on: app.db).first()).requireID()
    }

    static func feedURL(_ app: Application, as session: BrowserSession) async throws -> String {
        var url = ""
        try await app.page(SiteURL.account.relativeURL, as: session) { response in
            let match = response.text.firstMatch(of: /value="(http[^"]+\/calendar\/[^"]+\.ics)"/)
            url = String(try #require(match).1)
        }
        return String(url[url.range(of: "/calendar/")!.lowerBound...])
    }

    @Test("a facilitator schedules, moves and cancels; the page, the series and the leader's calendar feed follow")
    func scheduleAndFeed() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")

            // MUT: bad input names each field and keeps what was typed
            var bad = Self.seriesFields
            bad["endDay"] = "2026-08-01"
            bad["timeZone"] = "PST"
            bad["title"] = ""
            let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, bad, as: facilitator) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Title: required"))
                #expect(response.shows(#"Time zone: "PST" is not a time zone"#))
                #expect(response.text.contains(#"value="2026-08-01""#))
            }
            #expect(try await MeetingSeriesRecord.query(on: app.db).count() == 0)
            try await app.submit(meetings, Self.seriesFields, as: leader) {
                #expect($0.status == .forbidden)
            }
            let series = try await Self.createSeries(app, fixture, as: facilitator)

            // a leader sees it; another district does not
            let seriesPage = SiteURL.meetingSeries(.value(series)).relativeURL
            let meeting = { (day: String) in SiteURL.meeting(.value(series), day: .value(day)).relativeURL }
            let change = { (day: String) in SiteURL.meetingStep(.value(series), day: .value(day), .change).relativeURL }
            try await app.page(seriesPage, as: leader) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Second Tuesday of each month, 15:30–17:00"))
                #expect(response.text.contains("Tue 8 Dec 2026, 15:30–17:00"))
            }
            let stranger = try await app.signIn("leader@other.example")
            try await app.page(seriesPage, as: stranger) { #expect($0.status == .notFound) }
            try await app.page(meeting("2026-12-09"), as: leader) {
                #expect($0.status == .notFound, "no meeting that day")
            }

            // move December's into January, cancel February's
            let december = meeting("2026-12-08")
            try await app.submit(
                change("2026-12-08"),
                ["action": "move", "movedDay": "2027-01-05", "movedStart": "16:00", "movedEnd": "25:00"],
                as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("New end:"))
                #expect(response.text.contains(#"value="25:00""#), "what was typed stays")
            }
            try await app.submit(
                change("2026-12-08"),
                ["action": "move", "movedDay": "2027-01-05", "movedStart": "16:00", "movedEnd": "17:30"],
                as: facilitator
            ) { #expect($0.status == .seeOther) }
            try await app.submit(change("2027-02-09"), ["action": "cancel"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(change("2027-02-09"), ["action": "cancel"], as: leader) {
                #expect($0.status == .forbidden)
            }
            try await app.page(december, as: leader) { response in
                #expect(response.text.contains("Tue 5 Jan 2027, 16:00–17:30"))
                #expect(response.text.contains("moved from Tue 8 Dec 2026"))
            }

            // validation: the feed
            let feed = try await Self.feedURL(app, as: leader)
            var text = ""
            try await app.page(feed, as: nil) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.subType == "calendar")
                text = response.text
            }
            let seriesID = series.uuidString.lowercased()
            let events = text.components(separatedBy: "BEGIN:VEVENT").dropFirst()
            #expect(events.count == 10, "September to June")
            let moved = try #require(events.first { $0.contains("UID:\(seriesID)-20261208@") })
            #expect(
                moved.contains("DTSTART:20270106T000000Z"), "16:00 in Los Angeles in winter is 00:00 UTC the next day")
            #expect(moved.contains("SEQUENCE:1"))
            let cancelled = try #require(events.first { $0.contains("UID:\(seriesID)-20270209@") })
            #expect(cancelled.contains("STATUS:CANCELLED"))
            let september = try #require(events.first { $0.contains("UID:\(seriesID)-20260908@") })
            #expect(september.contains("DTSTART:20260908T223000Z"), "15:30 in summer time is 22:30 UTC")
            #expect(september.contains("SEQUENCE:0") && september.contains("STATUS:CONFIRMED"))

            // a new address kills the old one
            try await app.submit(SiteURL.accountCalendar.relativeURL, [:], as: leader) {
                #expect($0.status == .seeOther)
            }
            try await app.page(feed, as: nil) { #expect($0.status == .notFound) }
            let fresh = try await Self.feedURL(app, as: leader)
            #expect(fresh != feed)
            try await app.page(fresh, as: nil) { #expect($0.status == .ok) }
        }
    }

    @Test("attendance: the facilitator marks leaders, a leader only checks themself in during the meeting")
    func attendance() async throws {
        try await withTrellis { app, _ in
            // setup: a weekly series meeting all day, in UTC, with the app's clock stopped at noon of a
            // meeting day (so the test never falls off the end of the meeting, whatever the hour)
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let now = calendar.date(bySettingHour: 12, minute: 0, second: 0, of: Date())!
            app.trellis.clock.set(now)
            let today = CalendarDay(now)
            let weekday = Weekday(rawValue: calendar.component(.weekday, from: now))!
            var fields = Self.seriesFields
            fields["kind"] = "weekly"
            fields["weekday"] = weekday.code
            fields["timeZone"] = "UTC"
            fields["startDay"] = today.adding(days: -14).description
            fields["endDay"] = today.adding(days: 14).description
            fields["startTime"] = "00:00"
            fields["endTime"] = "23:59"
            let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, fields, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let series = try #require(try await MeetingSeriesRecord.query(on: app.db).first()).requireID()
            let lastWeek = today.adding(days: -7)
            let meeting = SiteURL.meeting(.value(series), day: .value(today.description)).relativeURL
            let step = { (day: CalendarDay, name: SiteURL.MeetingStep) in
                SiteURL.meetingStep(.value(series), day: .value(day.description), name).relativeURL
            }

            // MUT + validation
            try await app.submit(step(today, .attendance), ["status-\(fixture.own.leader)": "present"], as: leader) {
                #expect($0.status == .forbidden, "a leader cannot mark anyone")
            }
            try await app.submit(step(lastWeek, .checkIn), [:], as: leader) {
                #expect($0.status == .conflict, "check-in is only open during the meeting")
            }
            try await app.page(meeting, as: leader) { response in
                #expect(response.text.contains("Check in: I am here"))
            }
            try await app.submit(step(today, .checkIn), [:], as: leader) { #expect($0.status == .seeOther) }
            try await app.page(meeting, as: leader) { response in
                #expect(response.text.contains("You were there."))
                #expect(!response.text.contains("Check in: I am here"))
            }
            try await app.submit(step(today, .checkIn), [:], as: facilitator) { #expect($0.status == .forbidden) }
            try await app.submit(
                step(lastWeek, .attendance), ["status-\(fixture.own.otherLeader)": "present"], as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity, "not a member of the cohort")
            }
            try await app.submit(
                step(lastWeek, .attendance), ["status-\(fixture.own.leader)": "excused"], as: facilitator
            ) {
                #expect($0.status == .seeOther)
            }
            let rows = try await MeetingAttendance.query(on: app.db).all()
            #expect(rows.count == 2)
            #expect(rows.contains { $0.meetingDay == today.description && $0.status == "present" })
            #expect(rows.contains { $0.meetingDay == today.adding(days: -7).description && $0.status == "excused" })

            // the API: a leader cannot mark attendance, the facilitator can
            let leaderToken = try await app.apiToken(for: "leader@own.example")
            let facilitatorToken = try await app.apiToken(for: "facilitator@own.example")
            let body = #"{"records": [{"personId": "\#(fixture.own.leader)", "status": "absent"}]}"#
            let path = SiteURL.api(.meetingAttendance(.value(series), day: .value(lastWeek.description))).relativeURL
            try await APITests.call(app, .PUT, path, token: leaderToken, json: body) {
                #expect($0.status == .forbidden)
            }
            try await APITests.call(app, .PUT, path, token: facilitatorToken, json: body) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""status":"absent""#))
            }
            try await APITests.call(
                app, .PUT, path, token: facilitatorToken,
                json: #"{"records": [{"personId": "\#(fixture.own.leader)", "status": "late"}]}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("records[0].status"))
            }
        }
    }

    @Test("notes: hostile Markdown is shown as text; agendas: drafts stay with the facilitators, overflow is named")
    func notesAndAgenda() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")
            let series = try await Self.createSeries(app, fixture, as: facilitator)
            let meeting = SiteURL.meeting(.value(series), day: .value("2027-03-09")).relativeURL
            let step = { (name: SiteURL.MeetingStep) in
                SiteURL.meetingStep(.value(series), day: .value("2027-03-09"), name).relativeURL
            }

            // MUT: notes
            let hostile =
                "**Plan** <script>alert('x')</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) [ok](https://example.org/a?b=\"c\")"
            try await app.submit(step(.notes), ["note": hostile], as: leader) { #expect($0.status == .seeOther) }
            try await app.submit(step(.notes), ["note": "   "], as: leader) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Note: write something"))
            }
            try await app.page(meeting, as: facilitator) { response in
                let page = response.text
                #expect(page.contains("<strong>Plan</strong>"))
                #expect(!page.contains("<script>alert"))
                #expect(page.contains("&lt;script&gt;"))
                #expect(!page.contains("<img src=x"))
                #expect(!page.contains("href=\"javascript:"))
                #expect(page.contains(#"href="https://example.org/a?b=&quot;c&quot;""#))
            }
            try await app.submit(step(.notes), ["note": "A second thought"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(meeting, as: leader) { response in
                // oldest first, each under its author's name
                let page = response.text
                let first = try #require(page.range(of: "<strong>Plan</strong>"))
                let second = try #require(page.range(of: "A second thought"))
                #expect(first.lowerBound < second.lowerBound)
                let between = page[first.upperBound..<second.lowerBound]
                #expect(between.contains("Facilitator Own"), "the second note is signed by its author")
            }

            // MUT: agenda
            try await app.submit(step(.agenda), ["protocol": "consultancy"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(meeting, as: leader) { response in
                #expect(response.text.contains("The agenda is not published yet."))
                #expect(!response.text.contains("Consultancy"))
            }
            try await app.submit(step(.agenda), ["itemTitle": "Long walk", "itemMinutes": "60"], as: facilitator) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Long walk"))
                #expect(response.text.contains("after the meeting ends at 17:00"))
            }
            try await app.submit(step(.agenda), ["protocol": "no-such"], as: facilitator) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await app.submit(step(.agenda), ["publish": "yes"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(meeting, as: leader) { response in
                #expect(response.text.contains("15:30–16:15 Consultancy"))
                // the protocol's steps and prompts, so leaders can prepare
                #expect(
                    response.shows(
                        "Clarifying questions (5 min): Ask brief, factual questions the presenter can answer quickly: who, what, when, how many."
                    ))
            }
            try await app.submit(step(.agenda), ["protocol": "consultancy"], as: leader) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("a community's meetings are seen by its members and the facilitators only")
    func communityPrivacy() async throws {
        try await withTrellis { app, _ in
            // setup: a published community with the fixture's leader; l1 is in the cohort but not in it
            let fixture = try await Fixture.make(app)
            let others = try await fixture.addOwnLeaders(1, app: app)
            let community = Community(
                districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle", focus: "x",
                sizes: 1...6, published: true)
            try await community.create(on: app.db)
            try await CommunityMembership(communityID: community.requireID(), userID: fixture.own.leader, reasons: "")
                .create(on: app.db)
            _ = others
            let facilitator = try await app.signIn("facilitator@own.example")
            var fields = Self.seriesFields
            fields["community"] = try community.requireID().uuidString
            let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, fields, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let series = try #require(try await MeetingSeriesRecord.query(on: app.db).first()).requireID()

            // MUT + validation
            let member = try await app.signIn("leader@own.example")
            let outsider = try await app.signIn("l1@own.example")
            let seriesPage = SiteURL.meetingSeries(.value(series)).relativeURL
            try await app.page(seriesPage, as: member) { #expect($0.status == .ok) }
            try await app.page(seriesPage, as: outsider) { #expect($0.status == .notFound) }
            try await app.page(meetings, as: outsider) { response in
                #expect(!response.text.contains("Monthly meeting"))
            }
            let token = try await app.apiToken(for: "l1@own.example")
            try await APITests.call(app, .GET, SiteURL.api(.meetingSeries(.value(series))).relativeURL, token: token) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("the API: create a series, change a meeting, set and read its agenda; /me gives the calendar address")
    func api() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.apiToken(for: "facilitator@own.example")
            let leader = try await app.apiToken(for: "leader@own.example")
            let list = SiteURL.api(.cohortMeetingSeries(.value(fixture.own.cohortID))).relativeURL

            // MUT + validation
            try await APITests.call(
                app, .POST, list, token: facilitator,
                json:
                    #"{"title": "Monthly", "recurrence": "monthly:fifth:tue", "startDay": "2026-09-01", "endDay": "2027-06-30", "startTime": "15:30", "endTime": "17:00"}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("weekday"))
            }
            var seriesID: UUID?
            try await APITests.call(
                app, .POST, list, token: facilitator,
                json:
                    #"{"title": "Monthly", "recurrence": "monthly:last:thu", "startDay": "2026-09-01", "endDay": "2027-06-30", "startTime": "15:30", "endTime": "17:00", "location": "https://video.example/room"}"#
            ) { response in
                #expect(response.status == .created)
                let body = try APITests.object(response)
                seriesID = (body["id"] as? String).flatMap(UUID.init(uuidString:))
                let meetings = FormationAPITests.array(body["meetings"])
                #expect(meetings.first?["day"] as? String == "2026-09-24")
                #expect(meetings.count == 10)
                #expect(body["timeZone"] as? String == "America/Los_Angeles", "the district's zone by default")
            }
            let id = try #require(seriesID)
            let changes = SiteURL.api(.meetingSeriesChanges(.value(id))).relativeURL
            try await APITests.call(
                app, .POST, changes, token: facilitator,
                json:
                    #"{"day": "2027-02-25", "action": "move", "movedTo": {"day": "2027-03-16", "startTime": "15:00", "endTime": "16:30"}}"#
            ) { response in
                #expect(response.status == .ok)
                let meetings = FormationAPITests.array(try APITests.object(response)["meetings"])
                let moved = try #require(meetings.first { $0["day"] as? String == "2027-02-25" })
                #expect(moved["actualDay"] as? String == "2027-03-16")
                #expect(moved["status"] as? String == "moved" && moved["sequence"] as? Int == 1)
                #expect(moved["start"] as? String == "2027-03-16T22:00:00Z", "after the clocks went forward")
            }
            try await APITests.call(
                app, .POST, changes, token: leader, json: #"{"day": "2027-02-25", "action": "cancel"}"#
            ) {
                #expect($0.status == .forbidden)
            }
            let meeting = SiteURL.api(.meeting(.value(id), day: .value("2026-11-26"))).relativeURL
            let agenda = SiteURL.api(.meetingAgenda(.value(id), day: .value("2026-11-26"))).relativeURL
            try await APITests.call(
                app, .PUT, agenda, token: facilitator,
                json:
                    #"{"items": [{"protocolKey": "check-in"}, {"title": "Data dive", "minutes": 30}], "published": true}"#
            ) { response in
                #expect(response.status == .ok)
                let agenda = try #require(try APITests.object(response)["agenda"] as? [String: Any])
                let items = FormationAPITests.array(agenda["items"])
                #expect(items.map { $0["startTime"] as? String } == ["15:30", "15:40"])
            }
            try await APITests.call(app, .GET, meeting, token: leader) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Data dive"))
            }
            try await APITests.call(app, .GET, SiteURL.api(.me).relativeURL, token: leader) { response in
                let url = try #require(try APITests.object(response)["calendarUrl"] as? String)
                #expect(url.contains("/calendar/") && url.hasSuffix(".ics"))
            }
            try await APITests.call(app, .GET, SiteURL.api(.protocols).relativeURL, token: leader) { response in
                let protocols = FormationAPITests.array(try APITests.object(response)["items"])
                #expect(protocols.count == 5)
            }
        }
    }

    @Test("changes that would confuse people are refused or reversible; every wrong field is named at once")
    func safeChanges() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            var bad = Self.seriesFields
            bad["startTime"] = "25:99"
            bad["endTime"] = "abc"
            bad["startDay"] = "2027-02-30"
            let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, bad, as: facilitator) { response in
                #expect(response.status == .unprocessableEntity)
                for message in [
                    #"First day: "2027-02-30" is not a day"#, #"Starts at: "25:99" is not a time"#,
                    #"Ends at: "abc" is not a time"#,
                ] {
                    #expect(response.shows(message), "\(message)")
                }
            }
            let series = try await Self.createSeries(app, fixture, as: facilitator)
            let meeting = { (day: String) in SiteURL.meeting(.value(series), day: .value(day)).relativeURL }
            let step = { (day: String, name: SiteURL.MeetingStep) in
                SiteURL.meetingStep(.value(series), day: .value(day), name).relativeURL
            }
            let december = meeting("2026-12-08")
            let changeDecember = step("2026-12-08", .change)

            // MUT + validation: moving onto the next meeting is refused
            try await app.submit(
                changeDecember,
                ["action": "move", "movedDay": "2027-01-12", "movedStart": "16:00", "movedEnd": "17:00"],
                as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("the series already meets then"))
            }
            // moved, cancelled, then the cancellation taken back: the move stays
            try await app.submit(
                changeDecember,
                ["action": "move", "movedDay": "2026-12-10", "movedStart": "16:00", "movedEnd": "17:00"],
                as: facilitator
            ) { #expect($0.status == .seeOther) }
            try await app.submit(changeDecember, ["action": "cancel"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(changeDecember, ["action": "reinstate"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(december, as: facilitator) { response in
                #expect(response.text.contains("Thu 10 Dec 2026, 16:00–17:00"))
                #expect(response.text.contains("moved from Tue 8 Dec 2026"))
            }
            // skipped, then restored from the series page
            try await app.submit(step("2027-03-09", .change), ["action": "skip"], as: facilitator) {
                response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location)?.hasSuffix("?skipped=2027-03-09") == true)
            }
            try await app.page(meeting("2027-03-09"), as: facilitator) { #expect($0.status == .notFound) }
            let skippedDay = try #require(CalendarDay("2027-03-09"))
            let skipped = SiteURL.meetingSeries(.value(series)).relativeURL(.skipped(skippedDay))
            try await app.page(skipped, as: facilitator) { response in
                #expect(response.text.contains("The meeting of Tue 9 Mar 2027 was skipped"))
                #expect(response.text.contains("Restore the meeting of Tue 9 Mar 2027"))
            }
            try await app.submit(step("2027-03-09", .change), ["action": "reinstate"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(meeting("2027-03-09"), as: facilitator) { #expect($0.status == .ok) }

            // an empty agenda is not published; attendance waits for the meeting
            try await app.submit(step("2027-04-13", .agenda), ["publish": "yes"], as: facilitator) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("add at least one item before publishing"))
            }
            try await app.submit(
                step("2027-04-13", .attendance), ["status-\(fixture.own.leader)": "present"],
                as: facilitator
            ) { #expect($0.status == .conflict) }
        }
    }
}
