import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Inquiry: 'How might we' questions, the dot vote and the adopted question")
struct InquiryQuestionTests {
    @Test("drafts must begin 'How might we'; votes stay hidden until closed; the adopted question shows on agendas")
    func draftVoteAdopt() async throws {
        try await withTrellis { app, _ in
            // setup: a community of the fixture's leader, l1 and l2; l3 outside it
            let fixture = try await Fixture.make(app)
            let extra = try await fixture.addOwnLeaders(3, app: app)
            let community = Community(
                districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle", focus: "x",
                sizes: 1...6, published: true)
            try await community.create(on: app.db)
            let communityID = try community.requireID()
            for member in [fixture.own.leader, extra[0], extra[1]] {
                try await CommunityMembership(communityID: communityID, userID: member, reasons: "").create(on: app.db)
            }
            let leader = try await app.signIn("leader@own.example")
            let peer = try await app.signIn("l1@own.example")
            let outsider = try await app.signIn("l3@own.example")
            let facilitator = try await app.signIn("facilitator@own.example")
            let inquiry = SiteURL.communityInquiry(.value(communityID)).relativeURL
            let step = { (name: SiteURL.InquiryStep) in
                SiteURL.communityInquiryStep(.value(communityID), name).relativeURL
            }

            // MUT: drafting
            try await app.submit(step(.questions), ["text": "We should welcome families"], as: leader) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("How might we"))
                #expect(response.text.contains(">We should welcome families</textarea>"), "the draft is kept")
            }
            try await app.submit(
                step(.questions),
                ["text": "how might we welcome every family at the front desk", "bucket": "resources"],
                as: leader
            ) { #expect($0.status == .seeOther) }
            let token = try await app.apiToken(for: "l1@own.example")
            let apiQuestions = SiteURL.api(.communityQuestions(.value(communityID))).relativeURL
            try await APITests.call(
                app, .POST, apiQuestions, token: token,
                json: #"{"text": "Fix things"}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.headers.contentType?.subType == "problem+json")
                #expect(response.text.contains(#""field":"text""#))
            }
            try await APITests.call(
                app, .POST, apiQuestions, token: token,
                json: #"{"text": "How might we interrupt biased language in staff meetings"}"#
            ) { #expect($0.status == .created) }
            let questions = try await InquiryQuestion.query(on: app.db).sort(\.$createdAt).all()
            #expect(
                questions.map(\.text) == [
                    "How might we welcome every family at the front desk?",
                    "How might we interrupt biased language in staff meetings?",
                ])
            try await app.page(inquiry, as: outsider) { #expect($0.status == .notFound) }
            try await app.page(inquiry, as: facilitator) { #expect($0.status == .ok) }

            // MUT: the vote
            try await app.submit(step(.vote), ["action": "open"], as: leader) { #expect($0.status == .forbidden) }
            try await app.submit(step(.vote), ["action": "open"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let (first, second) = (try questions[0].requireID(), try questions[1].requireID())
            try await app.submit(step(.ballot), ["dots-\(first)": "2", "dots-\(second)": "2"], as: leader) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("4"), "names the dots used")
            }
            #expect(try await InquiryBallotDot.query(on: app.db).count() == 0)
            try await app.submit(step(.ballot), ["dots-\(first)": "1", "dots-\(second)": "2"], as: leader) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.ballot), ["dots-\(second)": "3"], as: peer) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.ballot), ["dots-\(second)": "1"], as: facilitator) {
                #expect($0.status == .forbidden, "facilitators do not vote")
            }
            try await app.page(inquiry, as: facilitator) { response in
                #expect(response.text.contains("2 of 3 members have voted"))
                #expect(!response.text.contains(" dots<"), "no counts while open")
                #expect(!response.text.contains("· 5 dots"))
            }
            try await APITests.call(app, .GET, apiQuestions, token: token) {
                response in
                let body = try APITests.object(response)
                #expect(FormationAPITests.array(body["items"]).allSatisfy { $0["votes"] == nil })
                let vote = try #require(body["vote"] as? [String: Any])
                #expect(vote["voters"] as? Int == 2)
                #expect((vote["mine"] as? [String: Int])?[second.uuidString.lowercased()] == 3)
            }

            // close, adopt; the question shows on the community page and on the community's agendas
            try await app.submit(step(.vote), ["action": "close"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(inquiry, as: leader) { response in
                #expect(response.text.contains("· 1 dot"))
                #expect(response.text.contains("· 5 dots"))
            }
            // a new vote does not hide the earlier one's totals
            try await app.submit(step(.vote), ["action": "open"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(inquiry, as: peer) { response in
                #expect(response.text.contains("Earlier votes"))
                #expect(response.text.contains("2 voted"))
                #expect(!response.text.contains("· 5 dots</p>"), "the open vote shows no counts")
                #expect(response.text.contains("· 5 dots</li>"), "the earlier vote keeps its totals")
            }
            try await app.submit(step(.vote), ["action": "close"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.adoption), ["adopt": second.uuidString], as: leader) {
                #expect($0.status == .forbidden)
            }
            try await app.submit(step(.adoption), ["adopt": second.uuidString], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(SiteURL.community(.value(communityID)).relativeURL, as: peer) { response in
                #expect(
                    response.text.contains("Our yearlong question: </strong>How might we interrupt biased language"))
            }
            var fields = RhythmTests.seriesFields
            fields["community"] = communityID.uuidString
            let meetings = SiteURL.cohortMeetings(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(meetings, fields, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let series = try #require(try await MeetingSeriesRecord.query(on: app.db).first()).requireID()
            let meeting = SiteURL.meeting(.value(series), day: .value("2027-01-12")).relativeURL
            try await app.page(meeting, as: peer) { response in
                #expect(response.text.contains("Our inquiry: </strong>How might we interrupt biased language"))
            }
        }
    }
}
