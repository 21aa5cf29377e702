import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("A story's author edits, unshares and deletes it; sharing with the community is confirmed")
struct StoryChangesTests {
    @Test(
        "a peer sees whose story it is; the author edits, takes it back from a peer, confirms a community share, deletes"
    )
    func authorControlsTheirStory() async throws {
        try await withTrellis { app, _ in
            // setup: the circle's leader writes a story and shares it with l1
            let circle = try await Circle.make(app)
            try await app.submit(
                SiteURL.stories.relativeURL, ["story": "A parent was not called back", "need": "An interpreter"],
                as: circle.leader
            ) { #expect($0.status == .seeOther) }
            let story = try #require(try await Story.query(on: app.db).first())
            let storyID = try story.requireID()
            let page = SiteURL.story(.value(storyID)).relativeURL
            let step = { (name: SiteURL.StoryStep) in SiteURL.storyStep(.value(storyID), name).relativeURL }
            let peerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "l1@own.example").first()?.requireID())
            try await app.submit(step(.sharing), ["peer": peerID.uuidString], as: circle.leader) {
                #expect($0.status == .seeOther)
            }

            // validation: the peer is told whose story it is; the author can take it back from that peer
            try await app.page(page, as: circle.peer) { response in
                #expect(response.text.contains("Who can read this: Leader Own, who wrote it, you"))
                #expect(!response.text.contains("Stop sharing with"), "only the author takes a story back")
            }
            try await app.page(page, as: circle.leader) { response in
                #expect(response.text.contains("Who can read this: you, L1 Own"))
                #expect(response.text.contains("Stop sharing with L1 Own"))
            }

            // MUT: edit; bad input keeps what was typed
            try await app.submit(step(.edit), ["story": "", "need": "Time to call back"], as: circle.leader) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Time to call back"))
            }
            try await app.submit(
                step(.edit), ["story": "A parent was not called back for a week", "need": "An interpreter"],
                as: circle.leader
            ) { #expect($0.status == .seeOther) }
            try await app.page(page, as: circle.peer) { response in
                #expect(response.text.contains("A parent was not called back for a week"))
            }
            try await app.submit(step(.edit), ["story": "Mine now", "need": "x"], as: circle.peer) {
                #expect($0.status == .forbidden)
            }

            // MUT: sharing with the community needs the box ticked
            try await app.submit(step(.sharing), ["community": "yes"], as: circle.leader) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("tick the box"))
            }
            #expect(try await Story.find(storyID, on: app.db)?.$sharedCommunity.id == nil)
            try await app.submit(step(.sharing), ["community": "yes", "confirm": "yes"], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            #expect(try await Story.find(storyID, on: app.db)?.$sharedCommunity.id == circle.communityID)

            // MUT: taking it back from the peer (they still read it as a community member, not the check)
            try await app.submit(step(.sharing), ["removePeer": peerID.uuidString], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            #expect(try await StoryShare.query(on: app.db).count() == 0)
            try await app.submit(step(.messages), ["message": "What did you assume?"], as: circle.peer) {
                #expect($0.status == .forbidden)
            }

            // MUT: deleting needs the box ticked, and then it is gone for everyone
            try await app.submit(step(.deletion), [:], as: circle.leader) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await app.submit(step(.deletion), ["confirmDeletion": "yes"], as: circle.peer) {
                #expect($0.status == .forbidden)
            }
            #expect(try await Story.query(on: app.db).count() == 1)
            try await app.submit(step(.deletion), ["confirmDeletion": "yes"], as: circle.leader) { response in
                #expect(response.headers.first(name: .location) == SiteURL.stories.relativeURL(.done(.deleted)))
            }
            #expect(try await Story.query(on: app.db).count() == 0)
            try await app.page(page, as: circle.leader) { #expect($0.status == .notFound) }
            try await app.page(SiteURL.stories.relativeURL(.done(.deleted)), as: circle.leader) { response in
                #expect(response.text.contains("Deleted, with its assumption check."))
            }
        }
    }
}
