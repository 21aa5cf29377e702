import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Inquiry through the API: sharing a story, the assumption check, the vote and the adopted question")
struct InquiryAPITests {
    @Test("the author shares with a peer, who checks assumptions; others who read the story see no check")
    func storyCheck() async throws {
        try await withTrellis { app, _ in
            // setup: the circle's leader writes a story
            _ = try await Circle.make(app)
            let author = try await app.apiToken(for: "leader@own.example")
            let peer = try await app.apiToken(for: "l1@own.example")
            let outsider = try await app.apiToken(for: "l2@own.example")
            let facilitator = try await app.apiToken(for: "facilitator@own.example")
            var storyID: UUID?
            try await APITests.call(
                app, .POST, SiteURL.api(.stories).relativeURL, token: author,
                json: #"{"story": "A parent was not called back", "need": "An interpreter"}"#
            ) { storyID = (try APITests.object($0)["id"] as? String).flatMap(UUID.init(uuidString:)) }
            let id = try #require(storyID)
            let story = SiteURL.api(.story(.value(id))).relativeURL
            let sharing = SiteURL.api(.storyStep(.value(id), .sharing)).relativeURL
            let messages = SiteURL.api(.storyStep(.value(id), .messages)).relativeURL
            let peerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "l1@own.example").first()?.requireID())

            // MUT: refusals name what is wrong and change nothing
            try await APITests.call(app, .POST, sharing, token: author, json: "{}") { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains(#""field":"community""#))
            }
            try await APITests.call(
                app, .POST, sharing, token: author, json: #"{"peerId": "\#(UUID())"}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains(#""field":"peer""#))
            }
            try await APITests.call(
                app, .POST, sharing, token: author, json: #"{"community": true, "peerId": "\#(UUID())"}"#
            ) { #expect($0.status == .unprocessableEntity, "a refused peer leaves the community share undone too") }
            try await APITests.call(app, .GET, story, token: peer) { #expect($0.status == .notFound) }
            try await APITests.call(app, .GET, messages, token: peer) { #expect($0.status == .notFound) }

            // shared with the peer: they read it and the check goes both ways
            try await APITests.call(
                app, .POST, sharing, token: author, json: #"{"peerId": "\#(peerID)"}"#
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.lowercased().contains(peerID.uuidString.lowercased()))
            }
            try await APITests.call(app, .POST, sharing, token: peer, json: #"{"community": true}"#) {
                #expect($0.status == .forbidden, "only the author shares")
            }
            try await APITests.call(
                app, .POST, messages, token: peer, json: #"{"text": "What did the parent expect?"}"#
            ) { response in
                #expect(response.status == .created)
                #expect(response.text.contains("What did the parent expect?"))
            }
            try await APITests.call(app, .POST, messages, token: author, json: #"{"text": "  "}"#) {
                #expect($0.status == .unprocessableEntity)
            }
            try await APITests.call(app, .GET, messages, token: author) { response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                #expect(items.map { $0["text"] as? String } == ["What did the parent expect?"])
            }

            // shared with the community: the facilitator reads the story, never the check
            try await APITests.call(app, .POST, sharing, token: author, json: #"{"community": true}"#) {
                #expect($0.status == .ok)
            }
            try await APITests.call(app, .GET, story, token: facilitator) { #expect($0.status == .ok) }
            try await APITests.call(app, .GET, messages, token: facilitator) {
                #expect($0.status == .forbidden)
            }
            try await APITests.call(app, .GET, messages, token: outsider) { #expect($0.status == .notFound) }
        }
    }

    @Test("the facilitator opens and closes the vote and records the adopted question; members cannot")
    func voteAndAdoption() async throws {
        try await withTrellis { app, _ in
            let circle = try await Circle.make(app)
            let leader = try await app.apiToken(for: "leader@own.example")
            let facilitator = try await app.apiToken(for: "facilitator@own.example")
            let questionsPath = SiteURL.api(.communityQuestions(.value(circle.communityID))).relativeURL
            let voting = SiteURL.api(.communityStep(.value(circle.communityID), .vote)).relativeURL
            let ballot = SiteURL.api(.communityBallot(.value(circle.communityID))).relativeURL
            let adoption = SiteURL.api(.communityStep(.value(circle.communityID), .inquiryQuestion)).relativeURL
            for text in ["How might we fund interpreters for families", "How might we talk about bias openly"] {
                try await APITests.call(app, .POST, questionsPath, token: leader, json: #"{"text": "\#(text)"}"#) {
                    #expect($0.status == .created)
                }
            }
            let questions = try await InquiryQuestion.query(on: app.db).sort(\.$createdAt).all()

            // MUT: the vote
            try await APITests.call(app, .POST, voting, token: leader, json: #"{"action": "open"}"#) {
                #expect($0.status == .forbidden)
            }
            try await APITests.call(
                app, .POST, voting, token: facilitator, json: #"{"action": "open", "votesPerMember": 40}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains(#""field":"votesPerMember""#))
            }
            try await APITests.call(
                app, .POST, voting, token: facilitator, json: #"{"action": "open", "votesPerMember": 2}"#
            ) { response in
                #expect(response.status == .ok)
                let vote = try #require(try APITests.object(response)["vote"] as? [String: Any])
                #expect(vote["open"] as? Bool == true && vote["votesPerMember"] as? Int == 2)
            }
            try await APITests.call(app, .POST, voting, token: facilitator, json: #"{"action": "open"}"#) {
                #expect($0.status == .conflict, "one vote at a time")
            }
            try await APITests.call(
                app, .POST, ballot, token: leader,
                json: #"{"dots": {"\#(try questions[1].requireID())": 2}}"#
            ) { #expect($0.status == .ok) }
            try await APITests.call(app, .POST, voting, token: facilitator, json: #"{"action": "close"}"#) {
                response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                #expect(items.map { $0["votes"] as? Int } == [0, 2])
            }

            // adoption
            let adopted = try questions[1].requireID()
            try await APITests.call(
                app, .PUT, adoption, token: leader, json: #"{"questionId": "\#(adopted)"}"#
            ) { #expect($0.status == .forbidden) }
            try await APITests.call(
                app, .PUT, adoption, token: facilitator, json: #"{"questionId": "\#(UUID())"}"#
            ) { #expect($0.status == .unprocessableEntity) }
            try await APITests.call(
                app, .PUT, adoption, token: facilitator, json: #"{"questionId": "\#(adopted)"}"#
            ) { response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                #expect((body["adoptedQuestionId"] as? String)?.lowercased() == adopted.uuidString.lowercased())
            }
            let page = SiteURL.community(.value(circle.communityID)).relativeURL
            try await app.page(page, as: circle.leader) { response in
                #expect(response.text.contains("How might we talk about bias openly?"))
            }
        }
    }
}
