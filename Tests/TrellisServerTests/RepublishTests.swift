import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Re-publishing communities keeps what they made")
struct RepublishTests {
    /// What a community has made by December: a renamed community with a facilitator, a board note, a
    /// meeting series with attendance, and a story shared with it.
    struct Made {
        let community: UUID
        let series: UUID
        let story: UUID
    }

    static func makeThings(in community: Community, fixture: Fixture, app: Application) async throws -> Made {
        let communityID = try community.requireID()
        community.name = "Family Voices"
        community.$facilitator.id = fixture.own.facilitator
        try await community.save(on: app.db)
        let member = try #require(
            try await CommunityMembership.query(on: app.db).filter(\.$community.$id == communityID).first()
        ).$user.id
        let author = try #require(try await User.find(member, on: app.db))
        try await app.submit(
            SiteURL.communityBoard(.value(communityID)).relativeURL, ["op": "add", "text": "No interpreter budget"],
            as: try await app.signIn(author.email)
        ) { #expect($0.status == .seeOther) }
        let pattern = try MeetingPattern(
            recurrence: "monthly:2:tue", startDay: "2026-09-01", endDay: "2027-06-30", startTime: "15:30",
            endTime: "17:00", timeZone: "America/Los_Angeles")
        let series = MeetingSeriesRecord(
            districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, communityID: communityID,
            title: "Family Voices monthly", pattern: pattern, location: "Room 12")
        try await series.create(on: app.db)
        try await MeetingAttendance(
            seriesID: try series.requireID(), meetingDay: "2026-09-08", userID: member, status: .present,
            recordedBy: fixture.own.facilitator
        ).create(on: app.db)
        let story = Story(
            districtID: fixture.own.districtID, authorID: member, story: "A call not returned", need: "Time")
        story.$sharedCommunity.id = communityID
        try await story.create(on: app.db)
        return Made(community: communityID, series: try series.requireID(), story: try story.requireID())
    }

    static func expectKept(_ made: Made, app: Application, ended: Bool = false) async throws {
        let community = try #require(try await Community.find(made.community, on: app.db), "the community is kept")
        #expect(community.name == "Family Voices")
        #expect(community.$facilitator.id != nil)
        #expect((community.endedAt != nil) == ended)
        let board = try #require(
            try await BoardRecord.query(on: app.db).filter(\.$community.$id == made.community).first())
        #expect(board.state.board.noteCount == 1)
        #expect(try await MeetingSeriesRecord.find(made.series, on: app.db)?.$community.id == made.community)
        #expect(try await MeetingAttendance.query(on: app.db).filter(\.$series.$id == made.series).count() == 1)
        #expect(try await Story.find(made.story, on: app.db)?.$sharedCommunity.id == made.community)
    }

    @Test("publishing again: unchanged communities stay, a move changes only members, an ended one is archived")
    func publishTwice() async throws {
        try await withTrellis { app, _ in
            // setup: six leaders, two published communities of three
            let fixture = try await Fixture.make(app)
            let leaders = [fixture.own.leader] + (try await fixture.addOwnLeaders(5, app: app))
            let step = { (name: SiteURL.FormationStep) in
                SiteURL.cohortFormationStep(.value(fixture.own.cohortID), name).relativeURL
            }
            let facilitator = try await app.signIn("facilitator@own.example")
            try await app.submit(step(.challenges), ["standard": "1"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let proposal = ["communities": "2", "smallest": "3", "largest": "3"]
            try await app.submit(step(.proposal), proposal, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.publish), [:], as: facilitator) { #expect($0.status == .seeOther) }
            let first = try await Community.query(on: app.db).filter(\.$cohort.$id == fixture.own.cohortID)
                .filter(\.$published == true).with(\.$memberships).sort(\.$name).all()
            #expect(first.count == 2)
            let made = try await Self.makeThings(in: first[0], fixture: fixture, app: app)

            // MUT: the same proposal again asks first, then keeps both communities as they are
            try await app.submit(step(.proposal), proposal, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.publish), [:], as: facilitator) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Publish these changes?"))
                #expect(response.text.contains("2 communities stay exactly as they are."))
            }
            #expect(try await Community.query(on: app.db).filter(\.$published == false).count() == 2, "not yet")
            try await app.submit(step(.publish), ["confirm": "yes"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            // validation
            try await Self.expectKept(made, app: app)
            #expect(try await Community.query(on: app.db).count() == 2, "the drafts were folded in")

            // MUT: one leader moves; the preview names who, and the communities keep everything
            try await app.submit(step(.proposal), proposal, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let drafts = try await Community.query(on: app.db).filter(\.$published == false).with(\.$memberships)
                .all()
            let mover = try #require(first[0].memberships.first { $0.$user.id != leaders[0] }).$user.id
            let other = try #require(drafts.first { !$0.memberships.contains { $0.$user.id == mover } })
            let swap = try #require(other.memberships.first).$user.id
            let source = try #require(drafts.first { $0.id != other.id })
            for (person, target) in [(mover, other), (swap, source)] {
                try await app.submit(
                    step(.move), ["person": person.uuidString, "community": target.id!.uuidString],
                    as: facilitator
                ) { #expect($0.status == .seeOther) }
            }
            let moverName = try #require(try await User.find(mover, on: app.db)).fullName
            try await app.submit(step(.publish), [:], as: facilitator) { response in
                #expect(response.shows("Family Voices"))
                #expect(response.shows("loses \(moverName)"))
            }
            try await app.submit(step(.publish), ["confirm": "yes"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await Self.expectKept(made, app: app)
            let members = try await CommunityMembership.query(on: app.db).filter(\.$community.$id == made.community)
                .all().map(\.$user.id)
            #expect(!members.contains(mover) && members.contains(swap))

            // MUT: everyone in one community of six; one of the two ends
            try await app.submit(
                step(.proposal), ["communities": "1", "smallest": "3", "largest": "6"], as: facilitator
            ) { #expect($0.status == .seeOther) }
            try await app.submit(step(.publish), [:], as: facilitator) { response in
                #expect(response.text.contains("ends: its members all move to other communities"))
            }
            try await app.submit(step(.publish), ["confirm": "yes"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let current = try await Community.query(on: app.db).filter(\.$published == true)
                .filter(\.$endedAt == nil).with(\.$memberships).all()
            #expect(current.count == 1)
            #expect(current.first?.memberships.count == 6)
            let ended = try await Community.query(on: app.db).filter(\.$endedAt != nil).all()
            #expect(ended.count == 1)
            // Whichever ended, nothing of what the first community made is gone.
            try await Self.expectKept(made, app: app, ended: ended.first?.id == made.community)
            try await app.page(SiteURL.community(.value(ended.first!.id!)).relativeURL, as: facilitator) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("This community ended on"))
            }
        }
    }
}
