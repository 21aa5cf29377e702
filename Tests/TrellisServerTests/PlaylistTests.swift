import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Playlists: built by the facilitator, recommended by the community's work, progress each leader's own")
struct PlaylistTests {
    @Test("a facilitator builds and orders a playlist; leaders mark their own progress and pair up; staff see counts")
    func playlist() async throws {
        try await withTrellis { app, _ in
            // setup: the demo library in the own district; both members chose family inclusion at intake
            let circle = try await Circle.make(app)
            let fixture = circle.fixture
            try await LibraryService.addDefaultTraits(districtID: fixture.own.districtID, on: app.db)
            let traits = try await DeeperLearningTrait.query(on: app.db)
                .filter(\.$district.$id == fixture.own.districtID).all()
            let rows = try LibraryCSV.parse(
                DemoLibrary.csv, file: "demo.csv",
                challenges: Dictionary(uniqueKeysWithValues: StandardChallenges.all.map { ($0.key, $0.key) }),
                traits: traits.map(\.name))
            _ = try await LibraryService.importRows(
                rows, districtID: fixture.own.districtID, addedBy: fixture.own.facilitator, traits: traits,
                on: app.db)
            let members = try await CommunityMembership.query(on: app.db)
                .filter(\.$community.$id == circle.communityID).all().map(\.$user.id)
            for member in members {
                let response = IntakeResponse(cohortID: fixture.own.cohortID, userID: member)
                response.choice1 = "inclusive-families"
                try await response.create(on: app.db)
            }
            let stranger = try await app.signIn("leader@other.example")
            let page = SiteURL.communityPlaylist(.value(circle.communityID)).relativeURL
            func id(_ title: String) async throws -> String {
                try #require(try await LibraryResource.query(on: app.db).filter(\.$title == title).first())
                    .requireID().uuidString.lowercased()
            }
            let titles = [
                "Signalling welcome: a school entrance audit", "Listening circles with families",
                "Home visits that build trust",
            ]

            // MUT + validation: recommendations give their reasons
            try await app.page(page, as: circle.facilitator) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Recommended for this community"))
                #expect(
                    response.text.contains("2 members chose Signalling to families that we are an inclusive school"))
            }
            // a leader may not build it
            try await app.submit(page, ["action": "add", "resource": try await id(titles[0])], as: circle.leader) {
                #expect($0.status == .forbidden)
            }
            // the facilitator adds three, says what it is for, moves the last up and drags the first to the end
            for title in titles {
                try await app.submit(page, ["action": "add", "resource": try await id(title)], as: circle.facilitator) {
                    #expect($0.status == .seeOther)
                }
            }
            try await app.submit(
                page, ["action": "purpose", "purpose": "Before the March meeting"], as: circle.facilitator
            ) { #expect($0.status == .seeOther) }
            let playlist = try #require(
                try await PlaylistService.playlist(
                    of: .init(
                        districtID: fixture.own.districtID, cohortID: fixture.own.cohortID,
                        communityID: circle.communityID, name: ""), on: app.db))
            var items = try await PlaylistService.items(of: playlist.id, on: app.db)
            try await app.submit(
                SiteURL.playlistItem(.value(items[2].id)).relativeURL, ["action": "up"], as: circle.facilitator
            ) {
                #expect($0.status == .seeOther)
            }
            let afterUp = try await PlaylistService.items(of: playlist.id, on: app.db).map(\.id.uuidString)
            try await app.submit(
                page, ["action": "drag", "move": afterUp[0], "to": UUID().uuidString], as: circle.facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("The playlist changed while you were moving items."))
            }
            try await app.submit(
                page, ["action": "drag", "move": afterUp[0], "to": afterUp[2]], as: circle.facilitator
            ) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(
                SiteURL.playlistItem(.value(items[1].id)).relativeURL,
                ["action": "save", "note-\(items[1].id.uuidString.lowercased())": "Read it with a parent."],
                as: circle.facilitator
            ) { #expect($0.status == .seeOther) }
            items = try await PlaylistService.items(of: playlist.id, on: app.db)
            #expect(items.map(\.title) == [titles[2], titles[1], titles[0]])
            #expect(items[1].note == "Read it with a parent.")

            // MUT: the leader marks one done and asks their peer to study another together
            let done = SiteURL.playlistItemProgress(.value(items[0].id)).relativeURL
            let paired = SiteURL.playlistItemProgress(.value(items[1].id)).relativeURL
            let pairedKey = items[1].id.uuidString.lowercased()
            let peerID = try #require(members.first { $0 != fixture.own.leader })
            try await app.submit(done, ["state": "done"], as: circle.leader) { #expect($0.status == .seeOther) }
            try await app.submit(
                paired, ["state": "with-partner", "partner-\(pairedKey)": fixture.own.leader.uuidString],
                as: circle.leader
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Partner: choose another member to study it with."))
            }
            try await app.submit(
                paired, ["state": "with-partner", "partner-\(pairedKey)": peerID.uuidString], as: circle.leader
            ) { #expect($0.status == .seeOther) }
            try await app.page(page, as: circle.peer) { response in
                #expect(response.text.contains("Leader Own asked you to study this together."))
            }
            try await app.submit(paired, ["accept": fixture.own.leader.uuidString], as: circle.peer) {
                #expect($0.status == .seeOther)
            }

            // saving the same partner again keeps their acceptance
            try await app.submit(
                paired, ["state": "with-partner", "partner-\(pairedKey)": peerID.uuidString], as: circle.leader
            ) { #expect($0.status == .seeOther) }

            // validation: the leader sees their own marks; staff see counts, never who
            try await app.page(page, as: circle.leader) { response in
                #expect(response.text.contains("L1 Own is studying it with you."))
                #expect(response.text.contains("Before the March meeting"))
            }
            try await app.page(page, as: circle.facilitator) { response in
                #expect(response.text.contains("1 of 2 done"))
                #expect(response.text.contains("0 of 2 done · 1 studying with a partner"))
                #expect(!response.text.contains("Leader Own"))
                #expect(!response.text.contains("L1 Own"))
            }
            // someone in the cohort but not the community reads it and cannot mark; another district cannot see it
            try await app.page(page, as: circle.outsider) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains("Recommended for this community"))
                #expect(!response.text.contains("members chose"))
            }
            try await app.submit(done, ["state": "done"], as: circle.outsider) { #expect($0.status == .forbidden) }
            try await app.page(page, as: stranger) { #expect($0.status == .notFound) }
            try await app.submit(done, ["state": "done"], as: stranger) { #expect($0.status == .notFound) }

            // MUT: a member shares an item with the whole cohort; the community page shows the playlist
            try await app.submit(
                SiteURL.playlistItem(.value(items[0].id)).relativeURL, ["action": "share"], as: circle.leader
            ) {
                #expect($0.status == .seeOther)
            }
            try await app.page(SiteURL.cohortPlaylist(.value(fixture.own.cohortID)).relativeURL, as: circle.outsider) {
                response in
                #expect(response.text.contains(titles[2]))
                #expect(response.text.contains("Shared by Circle of Care."))
            }
            try await app.page(SiteURL.community(.value(circle.communityID)).relativeURL, as: circle.peer) { response in
                #expect(response.text.contains("Before the March meeting"))
                #expect(response.text.contains(titles[1]))
            }
        }
    }

    @Test("an item set for a meeting shows on that meeting's page; a meeting that is not coming is refused")
    func meeting() async throws {
        try await withTrellis { app, _ in
            // setup: the clock on 1 October 2026, the cohort's weekly meetings from September, one item
            let circle = try await Circle.make(app)
            let fixture = circle.fixture
            app.trellis.clock.set(try #require(ISO8601DateFormatter().date(from: "2026-10-01T12:00:00Z")))
            let series = try await AuthorizationMatrixTests.meetingSeries(in: fixture.own, app: app)
            let resource = LibraryResource()
            resource.$district.id = fixture.own.districtID
            resource.title = "Empathy interviews"
            resource.kind = ResourceKind.tool.rawValue
            resource.summary = ""
            resource.keywords = ""
            resource.state = .listed
            resource.bodyText = ""
            try await resource.create(on: app.db)
            let page = SiteURL.communityPlaylist(.value(circle.communityID)).relativeURL
            try await app.submit(
                page, ["action": "add", "resource": try resource.requireID().uuidString], as: circle.facilitator
            ) {
                #expect($0.status == .seeOther)
            }
            let owner = PlaylistService.Owner(
                districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, communityID: circle.communityID,
                name: "")
            let playlist = try #require(try await PlaylistService.playlist(of: owner, on: app.db))
            let item = try #require(try await PlaylistService.items(of: playlist.id, on: app.db).first)
            let key = item.id.uuidString.lowercased()
            let seriesKey = series.uuidString.lowercased()

            // MUT: a past meeting is refused and changes nothing; a coming one is kept
            try await app.submit(
                SiteURL.playlistItem(.value(item.id)).relativeURL,
                ["action": "save", "note-\(key)": "", "meeting-\(key)": "\(seriesKey)|2026-09-07"],
                as: circle.facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Meeting: choose one of the coming meetings, or none."))
            }
            try await app.submit(
                SiteURL.playlistItem(.value(item.id)).relativeURL,
                [
                    "action": "save", "note-\(key)": "Try one before we meet",
                    "meeting-\(key)": "\(seriesKey)|2026-10-05",
                ],
                as: circle.facilitator
            ) { #expect($0.status == .seeOther) }

            // validation
            try await app.page(
                SiteURL.meeting(.value(series), day: .value("2026-10-05")).relativeURL, as: circle.leader
            ) { response in
                #expect(response.text.contains("From the playlist, for this meeting"))
                #expect(response.text.contains("Empathy interviews"))
                #expect(response.text.contains("Try one before we meet"))
            }
            try await app.page(
                SiteURL.meeting(.value(series), day: .value("2026-10-12")).relativeURL, as: circle.leader
            ) { #expect(!$0.text.contains("Empathy interviews")) }
            try await app.page(page, as: circle.leader) {
                #expect($0.text.contains("For the meeting on Mon 5 Oct 2026"))
            }
        }
    }
}
