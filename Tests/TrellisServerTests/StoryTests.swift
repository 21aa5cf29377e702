import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Inquiry: equity stories are private until their author shares them")
struct StoryTests {
    @Test("nobody but the author reads a story; a chosen peer and then the community read it once shared")
    func privacy() async throws {
        try await withTrellis { app, _ in
            // setup: a published community of the fixture's leader, l1 and l2; l3 in the cohort outside it
            let fixture = try await Fixture.make(app)
            let extra = try await fixture.addOwnLeaders(3, app: app)
            let community = Community(
                districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle", focus: "x",
                sizes: 1...6, published: true)
            try await community.create(on: app.db)
            for member in [fixture.own.leader, extra[0], extra[1]] {
                try await CommunityMembership(communityID: community.requireID(), userID: member, reasons: "")
                    .create(on: app.db)
            }
            let author = try await app.signIn("leader@own.example")
            let peer = try await app.signIn("l1@own.example")
            let member = try await app.signIn("l2@own.example")
            let outsider = try await app.signIn("l3@own.example")
            let facilitator = try await app.signIn("facilitator@own.example")
            let admin = try await app.signIn("admin@own.example")
            let stranger = try await app.signIn("leader@other.example")

            // MUT: bad input keeps what was typed
            let stories = SiteURL.stories.relativeURL
            try await app.submit(
                stories, ["story": "The day a parent said our school was not for them.", "need": " "], as: author
            ) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("What you needed: up to 5 000 characters"))
                #expect(response.text.contains("The day a parent said our school was not for them."))
            }
            let secret = "The day a parent said <b>our school</b> was not for them."
            try await app.submit(stories, ["story": secret, "need": "A translator at the front desk"], as: author) {
                #expect($0.status == .seeOther)
            }
            let story = try #require(try await Story.query(on: app.db).first()).requireID()
            let path = SiteURL.story(.value(story)).relativeURL
            let step = { (name: SiteURL.StoryStep) in SiteURL.storyStep(.value(story), name).relativeURL }
            let communityPage = SiteURL.community(.value(try community.requireID())).relativeURL

            // validation: private
            try await app.page(path, as: author) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Who can read this: only you"))
                #expect(response.text.contains("&lt;b&gt;our school&lt;/b&gt;"))
            }
            for viewer in [peer, member, outsider, facilitator, admin, stranger] {
                try await app.page(path, as: viewer) { #expect($0.status == .notFound) }
            }
            try await app.page(communityPage, as: facilitator) { response in
                #expect(response.text.contains("Members have written 1 story and shared 0"))
                #expect(!response.text.contains("translator"))
            }
            let facilitatorToken = try await app.apiToken(for: "facilitator@own.example")
            let apiStory = SiteURL.api(.story(.value(story))).relativeURL
            try await APITests.call(app, .GET, apiStory, token: facilitatorToken) {
                #expect($0.status == .notFound)
            }

            // MUT: share with a peer, who asks; the author answers
            try await app.submit(step(.sharing), ["peer": extra[2].uuidString], as: author) { response in
                #expect(response.status == .unprocessableEntity, "l3 is not in the author's community")
            }
            try await app.submit(step(.sharing), ["peer": extra[0].uuidString], as: author) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(
                step(.messages), ["message": "What makes you sure the parent meant the school?"], as: peer
            ) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.messages), ["message": "I asked her later."], as: author) {
                #expect($0.status == .seeOther)
            }
            try await app.page(path, as: peer) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("What makes you sure"))
                #expect(response.text.contains("I asked her later."))
            }
            // the lists say who reads it: the author's own list names the peer; the peer's names the author
            try await app.page(stories, as: author) { response in
                #expect(response.text.contains("The day a parent said"))
                #expect(response.text.contains(" — you, L1 Own"))
            }
            try await app.page(stories, as: peer) { response in
                #expect(response.text.contains("Leader Own"))
                #expect(response.text.contains("The day a parent said"))
            }
            try await app.page(stories, as: member) { #expect(!$0.text.contains("The day a parent said")) }
            let peerToken = try await app.apiToken(for: "l1@own.example")
            try await APITests.call(app, .GET, SiteURL.api(.stories).relativeURL, token: peerToken) { response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["sharedWith"] as? [String] == [extra[0].uuidString])
            }
            try await app.submit(step(.sharing), ["community": "yes"], as: peer) { #expect($0.status == .forbidden) }
            for viewer in [member, outsider, facilitator] {
                try await app.page(path, as: viewer) { #expect($0.status == .notFound) }
            }

            // MUT: share with the community (the author ticks the box that says who will read it)
            try await app.submit(step(.sharing), ["community": "yes", "confirm": "yes"], as: author) {
                #expect($0.status == .seeOther)
            }
            try await app.page(path, as: member) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains("What makes you sure"), "the assumption check stays between the two")
                #expect(!response.text.contains("name=\"message\""))
            }
            try await app.page(path, as: facilitator) { #expect($0.status == .ok, "shared items, as PRODUCT.md says") }
            for viewer in [outsider, admin, stranger] {
                try await app.page(path, as: viewer) { #expect($0.status == .notFound) }
            }
            try await app.submit(step(.messages), ["message": "Me too"], as: member) {
                #expect($0.status == .forbidden)
            }
            try await app.page(communityPage, as: member) { response in
                #expect(response.text.contains("The day a parent said"))
                #expect(response.text.contains("Leader Own"), "a shared story is shown with its author's name")
            }
            try await app.page(stories, as: author) { response in
                #expect(response.text.contains(" — you, the members of Circle and its facilitators, L1 Own"))
            }
            try await app.page(communityPage, as: facilitator) { response in
                #expect(response.text.contains("The day a parent said"), "the cohort's facilitator reads shared items")
            }
            try await app.page(communityPage, as: admin) { response in
                #expect(response.status == .ok)
                #expect(
                    !response.text.contains("The day a parent said"), "an admin sees the community, not its stories")
            }
        }
    }

    @Test("POST /api/v1/stories answers 201 with the id; GET answers 404 to anyone it was not shared with")
    func api() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            _ = fixture
            let leader = try await app.apiToken(for: "leader@own.example")
            let facilitator = try await app.apiToken(for: "facilitator@own.example")

            // MUT + validation
            let stories = SiteURL.api(.stories).relativeURL
            try await APITests.call(app, .POST, stories, token: leader, json: #"{"story": "", "need": "x"}"#) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains(#""field":"story""#))
            }
            var id: UUID?
            try await APITests.call(
                app, .POST, stories, token: leader, json: #"{"story": "A story", "need": "A need"}"#
            ) { response in
                #expect(response.status == .created)
                let created = try #require(
                    (try APITests.object(response)["id"] as? String).flatMap(UUID.init(uuidString:)))
                #expect(response.headers.first(name: .location) == SiteURL.api(.story(.value(created))).relativeURL)
                id = created
            }
            let story = SiteURL.api(.story(.value(try #require(id)))).relativeURL
            try await APITests.call(app, .GET, story, token: leader) { #expect($0.status == .ok) }
            try await APITests.call(app, .GET, story, token: facilitator) {
                #expect($0.status == .notFound)
            }
            try await APITests.call(
                app, .POST, stories, token: facilitator, json: #"{"story": "x", "need": "y"}"#
            ) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
