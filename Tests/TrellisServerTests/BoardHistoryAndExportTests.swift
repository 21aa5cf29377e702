import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Inquiry: the board's history, its API, exports, and questions linked to notes")
struct BoardHistoryAndExportTests {
    static func noteIDs(_ app: Application) async throws -> [String] {
        try #require(try await BoardRecord.query(on: app.db).first()).state.board.notes(seenBy: .facilitator("x"))
            .map(\.id)
    }

    static func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test("a snapshot per meeting; the history replays every change without leaking hidden words")
    func history() async throws {
        try await withTrellis { app, _ in
            // setup: the cohort meets on second Tuesdays at 15:30 in Los Angeles from September 2026
            let circle = try await Circle.make(app)
            _ = try await RhythmTests.createSeries(app, circle.fixture, as: circle.facilitator)
            var board = InquiryBoard()
            let kim = BoardParticipant.member(circle.fixture.own.leader.uuidString.lowercased())
            _ = try board.addNote(id: "n1", text: "No interpreter budget", by: kim)

            // MUT: the same board kept at moments around the meetings
            for moment in ["2026-09-01T12:00:00Z", "2026-10-13T22:20:00Z", "2026-11-01T12:00:00Z"] {
                try await BoardHistoryService.keep(
                    board, community: circle.communityID, at: Self.utc(moment), on: app.db)
            }
            let kept = try await BoardHistoryService.snapshots(of: circle.communityID, on: app.db)
            #expect(
                kept.map(\.meetingLabel) == ["Monthly meeting, Tue 13 Oct 2026, 15:30–17:00"],
                "15:20 in Los Angeles is October's meeting; before and between meetings nothing is kept")

            // a change through the page during the community's own meeting (all of today, in UTC) is kept
            try await BoardSnapshotRecord.query(on: app.db).delete()
            try await MeetingSeriesRecord.query(on: app.db).delete()
            let today = CalendarDay(Date())
            var fields = RhythmTests.seriesFields
            fields["kind"] = "weekly"
            fields["weekday"] = today.weekday.code
            fields["timeZone"] = "UTC"
            fields["startDay"] = today.adding(days: -7).description
            fields["endDay"] = today.adding(days: 7).description
            fields["startTime"] = "00:00"
            fields["endTime"] = "23:59"
            fields["community"] = circle.communityID.uuidString.lowercased()
            let meetings = SiteURL.cohortMeetings(.value(circle.fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, fields, as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(circle.board, ["op": "add", "text": "Schedules set in June"], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(circle.board, ["op": "private"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(circle.board, ["op": "add", "text": "Fear of looking biased"], as: circle.peer) {
                #expect($0.status == .seeOther)
            }
            let snapshot = try #require(try await BoardSnapshotRecord.query(on: app.db).first())
            #expect(snapshot.sequence == 3)
            #expect(snapshot.meetingLabel.hasPrefix("Monthly meeting, \(today.readable), 00:00–23:59"))

            // the history: change 1 shows one note; change 3 hides the peer's words from the leader
            let historyURL = SiteURL.communityBoardStep(.value(circle.communityID), .history)
            let history = historyURL.relativeURL
            try await app.page(historyURL.relativeURL(.at(1)), as: circle.leader) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Change 1 of 3"))
                #expect(response.text.contains("A note was added to Not yet sorted: “Schedules set in June” · "))
                #expect(response.text.contains("Schedules set in June"))
            }
            try await app.page(historyURL.relativeURL(.at(0)), as: circle.leader) { response in
                #expect(!response.text.contains("Schedules set in June"), "the empty board")
            }
            try await app.page(history, as: circle.leader) { response in
                #expect(response.text.contains("Change 3 of 3"))
                #expect(response.text.contains("A hidden note was added."))
                #expect(!response.text.contains("Fear of looking biased"))
                #expect(response.text.contains(snapshot.meetingLabel))
            }
            try await app.page(history, as: circle.peer) { #expect($0.text.contains("Fear of looking biased")) }
            try await app.page(historyURL.relativeURL(.at(99)), as: circle.peer) {
                #expect($0.text.contains("Change 3 of 3"))
            }
            try await app.page(history, as: circle.outsider) { #expect($0.status == .notFound) }

            // the API lists snapshots with the same privacy
            let token = try await app.apiToken(for: "leader@own.example")
            try await APITests.call(
                app, .GET, SiteURL.api(.communityBoardStep(.value(circle.communityID), .snapshots)).relativeURL,
                token: token
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""sequence":3"#))
                #expect(!response.text.contains("Fear of looking biased"))
                #expect(response.text.contains("Schedules set in June"))
            }
        }
    }

    @Test("the board API reads and changes the board, naming what is wrong; refusals change nothing")
    func boardAPI() async throws {
        try await withTrellis { app, _ in
            let circle = try await Circle.make(app)
            let leader = try await app.apiToken(for: "leader@own.example")
            let outsider = try await app.apiToken(for: "l2@own.example")
            let api = SiteURL.api(.communityBoard(.value(circle.communityID))).relativeURL
            let operations = SiteURL.api(.communityBoardStep(.value(circle.communityID), .operations)).relativeURL

            // MUT: add, then move with the version seen
            try await APITests.call(
                app, .POST, operations, token: leader,
                json: #"{"op": "add", "text": "Budget decided in June", "bucket": "resources"}"#
            ) { response in
                #expect(response.status == .ok)
                let board = try APITests.object(response)
                #expect(board["sequence"] as? Int == 1)
                let notes = try #require(board["notes"] as? [[String: Any]])
                #expect(notes.first?["text"] as? String == "Budget decided in June")
                #expect(notes.first?["bucket"] as? String == "resources")
            }
            let noteID = try #require(try await Self.noteIDs(app).first)
            try await APITests.call(
                app, .POST, operations, token: leader,
                json: #"{"op": "move", "noteId": "\#(noteID)", "bucket": "knowledge", "seenVersion": 1}"#
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""bucket":"knowledge""#))
            }

            // validation: every wrong field named at once, nothing changes
            try await APITests.call(
                app, .POST, operations, token: leader, json: #"{"op": "move", "bucket": "feelings"}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.headers.contentType?.subType == "problem+json")
                for field in ["bucket", "noteId", "seenVersion"] {
                    #expect(response.text.contains(#""field":"\#(field)""#))
                }
            }
            try await APITests.call(app, .POST, operations, token: leader, json: #"{"op": "paint"}"#) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.text.contains(#""field":"op""#))
            }
            try await APITests.call(app, .POST, operations, token: leader, json: #"{"op": "lock"}"#) {
                #expect($0.status == .forbidden, "only the facilitator locks")
            }
            try await APITests.call(
                app, .POST, operations, token: leader, json: #"{"op": "add", "text": "   "}"#
            ) { #expect($0.status == .unprocessableEntity) }
            try await APITests.call(app, .GET, api, token: leader) { response in
                let board = try APITests.object(response)
                #expect(board["sequence"] as? Int == 2, "refused operations changed nothing")
                #expect(board["locked"] as? Bool == false)
            }
            try await APITests.call(app, .GET, api, token: outsider) { #expect($0.status == .notFound) }

            // many changes at once, from two people and the facilitator: each lands, in order, none refused
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await app.submit(
                            circle.board, ["op": "add", "text": "Page note \(index)"], as: circle.leader
                        ) { #expect($0.status == .seeOther) }
                    }
                    group.addTask {
                        try await app.submit(
                            circle.board, ["op": "add", "text": "Peer note \(index)"], as: circle.peer
                        ) {
                            #expect($0.status == .seeOther)
                        }
                    }
                }
                group.addTask {
                    try await app.submit(circle.board, ["op": "timer", "minutes": "5"], as: circle.facilitator) {
                        #expect($0.status == .seeOther)
                    }
                }
                try await group.waitForAll()
            }
            let stored = try #require(try await BoardRecord.query(on: app.db).first()).state.board
            #expect(stored.sequence == 14 && stored.notes(seenBy: .facilitator("x")).count == 13)
            let sequences = try await BoardEventRecord.query(on: app.db).sort(\.$sequence).all().map(\.sequence)
            #expect(sequences == Array(1...14))
            try await APITests.call(
                app, .POST, operations, token: outsider, json: #"{"op": "add", "text": "x"}"#
            ) { #expect($0.status == .notFound) }
        }
    }

    @Test("exports: CSV and Markdown, without writers, hidden words or open-vote counts")
    func exports() async throws {
        try await withTrellis { app, _ in
            let circle = try await Circle.make(app)
            try await app.submit(
                circle.board, ["op": "add", "text": "=HYPERLINK(\"x\"), budget", "bucket": "resources"],
                as: circle.leader
            ) { #expect($0.status == .seeOther) }
            try await app.submit(circle.board, ["op": "private"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(circle.board, ["op": "add", "text": "Fear of *looking* biased"], as: circle.peer) {
                #expect($0.status == .seeOther)
            }

            let exportURL = SiteURL.communityBoardStep(.value(circle.communityID), .export)
            let export = exportURL.relativeURL
            try await app.page(export, as: circle.leader) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.description.hasPrefix("text/csv") == true)
                #expect(
                    response.headers.first(name: .contentDisposition)
                        == #"attachment; filename="circle-of-care-root-causes.csv""#)
                #expect(
                    response.text
                        == "\u{FEFF}bucket,position,note\r\nResources,1,\"'=HYPERLINK(\"\"x\"\"), budget\"\r\n")
            }
            try await app.page(exportURL.relativeURL(.format(.markdown)), as: circle.peer) { response in
                #expect(response.headers.contentType?.description.hasPrefix("text/markdown") == true)
                #expect(response.text.contains("- Fear of \\*looking\\* biased"), "the writer's own note, escaped")
                #expect(!response.text.contains("hidden until"), "the writer's own note is not hidden from them")
                #expect(!response.text.contains("Leader Own"), "no writer's name")
            }
            try await app.page(export + "?format=pdf", as: circle.leader) {
                #expect($0.status == .badRequest)
            }
            try await app.page(export, as: circle.outsider) { #expect($0.status == .notFound) }

            // questions: counts only once the vote closes
            let inquiry = { (step: SiteURL.InquiryStep) in
                SiteURL.communityInquiryStep(.value(circle.communityID), step).relativeURL
            }
            for text in ["How might we fund interpreters for families", "How might we talk about bias openly"] {
                try await app.submit(inquiry(.questions), ["text": text], as: circle.leader) {
                    #expect($0.status == .seeOther)
                }
            }
            try await app.submit(inquiry(.vote), ["action": "open"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            let first = try #require(try await InquiryQuestion.query(on: app.db).sort(\.$createdAt).first()).requireID()
            try await app.submit(inquiry(.ballot), ["dots-\(first.uuidString.lowercased())": "3"], as: circle.peer) {
                #expect($0.status == .seeOther)
            }
            try await app.page(inquiry(.export), as: circle.leader) { response in
                #expect(
                    response.text
                        == "\u{FEFF}question,dots,buckets,adopted\r\nHow might we fund interpreters for families?,,,\r\nHow might we talk about bias openly?,,,\r\n"
                )
            }
            try await app.submit(inquiry(.vote), ["action": "close"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            let token = try await app.apiToken(for: "facilitator@own.example")
            let questionsExport = SiteURL.api(.communityQuestionsExport(.value(circle.communityID)))
                .relativeURL(.format(.markdown))
            try await APITests.call(app, .GET, questionsExport, token: token) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("- How might we fund interpreters for families? — 3 dots"))
                #expect(response.text.contains("- How might we talk about bias openly? — 0 dots"))
            }
        }
    }

    @Test("questions link to the notes they grew from; a note that is not there is named and the draft kept")
    func linkedNotes() async throws {
        try await withTrellis { app, _ in
            let circle = try await Circle.make(app)
            try await app.submit(circle.board, ["op": "add", "text": "No interpreter budget"], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(circle.board, ["op": "private"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(circle.board, ["op": "add", "text": "Secret cause"], as: circle.peer) {
                #expect($0.status == .seeOther)
            }
            let ids = try await Self.noteIDs(app)
            let inquiry = SiteURL.communityInquiry(.value(circle.communityID)).relativeURL
            let questions = SiteURL.communityInquiryStep(.value(circle.communityID), .questions).relativeURL
            try await app.page(inquiry, as: circle.leader) { response in
                #expect(response.text.contains("No interpreter budget (Not yet sorted)"))
                #expect(!response.text.contains("Secret cause"), "hidden notes are not offered")
            }

            // a hidden note cannot be linked: named, the text and the choice kept
            try await app.submit(
                questions, ["text": "How might we fund interpreters for families", "notes[]": ids[1]],
                as: circle.leader
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("is not a note on this board"))
                #expect(response.text.contains(">How might we fund interpreters for families</textarea>"))
            }
            #expect(try await InquiryQuestion.query(on: app.db).count() == 0)
            try await app.submit(
                questions, ["text": "How might we fund interpreters for families", "notes[]": ids[0]],
                as: circle.leader
            ) { #expect($0.status == .seeOther) }
            try await app.page(inquiry, as: circle.peer) { response in
                #expect(response.text.contains("Grew from these notes on the board:"))
                #expect(response.text.contains("<li>No interpreter budget</li>"))
            }

            // the API takes and gives note ids
            let token = try await app.apiToken(for: "l1@own.example")
            let apiQuestions = SiteURL.api(.communityQuestions(.value(circle.communityID))).relativeURL
            try await APITests.call(
                app, .POST, apiQuestions, token: token,
                json: #"{"text": "How might we find budget for interpreters", "noteIds": ["\#(ids[0])", "\#(ids[1])"]}"#
            ) { response in
                #expect(response.status == .created, "the peer may link their own hidden note")
                #expect(response.text.contains(ids[1]))
            }
            try await APITests.call(
                app, .POST, apiQuestions, token: token,
                json: #"{"text": "How might we change our practice", "noteIds": ["nope"]}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains(#""field":"notes""#))
            }
        }
    }
}
