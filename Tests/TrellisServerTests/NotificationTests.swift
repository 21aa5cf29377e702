import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("What is new for a leader")
struct NotificationTests {
    @Test("shares, questions and votes reach the right people, counted in the header until opened")
    func whatIsNew() async throws {
        try await withTrellis { app, _ in
            // setup: the circle's leader writes a story
            let circle = try await Circle.make(app)
            let new = SiteURL.whatsNew.relativeURL
            try await app.submit(
                SiteURL.stories.relativeURL, ["story": "A parent was not called back", "need": "An interpreter"],
                as: circle.leader
            ) { #expect($0.status == .seeOther) }
            let story = try #require(try await Story.query(on: app.db).first()).requireID()
            let step = { (name: SiteURL.StoryStep) in SiteURL.storyStep(.value(story), name).relativeURL }
            let peerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "l1@own.example").first()?.requireID())
            try await app.page(SiteURL.home.relativeURL, as: circle.peer) { response in
                #expect(response.text.contains(#"<a href="/my/new">What&#39;s new</a>"#), "nothing new yet")
            }

            // MUT: the author asks the peer for an assumption check
            try await app.submit(step(.sharing), ["peer": peerID.uuidString], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            // validation: the peer's header counts it; the page lists it, marked new; then it is read
            try await app.page(SiteURL.home.relativeURL, as: circle.peer) { response in
                #expect(response.text.contains("What&#39;s new (1)"))
            }
            try await app.page(new, as: circle.peer) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("New: "))
                #expect(response.text.contains("Leader Own asked you to check the assumptions in their story"))
            }
            try await app.page(SiteURL.home.relativeURL, as: circle.peer) { response in
                #expect(!response.text.contains("What&#39;s new ("), "read once opened")
            }
            try await app.page(new, as: circle.outsider) { response in
                #expect(response.text.contains("Nothing new."), "l2 is not in the circle")
            }

            // MUT: a question in the check, a share with the community, a vote
            try await app.submit(step(.messages), ["message": "Who did you ask?"], as: circle.peer) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.messages), ["message": "The front office"], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(step(.sharing), ["community": "yes", "confirm": "yes"], as: circle.leader) {
                #expect($0.status == .seeOther)
            }
            for text in ["How might we call every family back?", "How might we hear from quiet families?"] {
                try await app.submit(
                    SiteURL.communityInquiryStep(.value(circle.communityID), .questions).relativeURL, ["text": text],
                    as: circle.leader
                ) { #expect($0.status == .seeOther) }
            }
            try await app.submit(
                SiteURL.communityInquiryStep(.value(circle.communityID), .vote).relativeURL, ["action": "open"],
                as: circle.facilitator
            ) { #expect($0.status == .seeOther) }

            // validation: the header's count, counted in the database, is what the list would mark new
            /// Everyone's unread items as the list marks them, checked against the header's count.
            func unreadForEveryone() async throws -> [[NotificationService.Item]] {
                var unread: [[NotificationService.Item]] = []
                for user in try await User.query(on: app.db).all() {
                    let id = try user.requireID()
                    let now = app.trellis.clock.now()
                    let seen = try await NotificationService.seenAt(id, on: app.db) ?? .distantPast
                    let listed = try await NotificationService.items(for: id, now: now, on: app.db).filter {
                        $0.at > seen
                    }
                    let count = try await NotificationService.unreadCount(for: id, now: now, on: app.db)
                    #expect(count == listed.count, "\(user.email): header \(count), list \(listed.count)")
                    unread.append(listed)
                }
                return unread
            }
            let counted = try await unreadForEveryone().map(\.count)
            // the leader: the peer's question and the vote; the peer: the community share, the vote and the
            // leader's answer
            #expect(counted.sorted().suffix(2) == [2, 3] && counted.reduce(0, +) == 5)

            try await app.page(new, as: circle.leader) { response in
                #expect(response.text.contains("L1 Own asked a question about your story"))
                #expect(response.text.contains("A vote is open in Circle of Care: 3 dots each"))
                #expect(!response.text.contains("Leader Own shared a story"), "not told of one's own share")
            }
            try await app.page(new, as: circle.peer) { response in
                #expect(response.text.contains("Leader Own shared a story with Circle of Care"))
                #expect(response.text.contains("Leader Own answered in the assumption check"))
                #expect(response.text.contains("A vote is open in Circle of Care"))
            }
            try await app.page(new, as: circle.outsider) { response in
                #expect(response.text.contains("Nothing new."))
            }
            try await app.page(new, as: circle.facilitator) { #expect($0.status == .forbidden) }

            // MUT: agendas go out for the cohort's meeting, the circle's, and another community's
            let own = circle.fixture.own
            let elsewhere = Community(
                districtID: own.districtID, cohortID: own.cohortID, name: "Elsewhere", focus: "x", sizes: 1...6,
                published: true)
            try await elsewhere.create(on: app.db)
            let today = app.trellis.clock.today()
            let pattern = try MeetingPattern(
                recurrence: "weekly:mon", startDay: today.adding(days: -30).description,
                endDay: today.adding(days: 200).description, startTime: "09:00", endTime: "10:00", timeZone: "UTC")
            for (title, community) in [
                ("Cohort meeting", nil), ("Circle meeting", circle.communityID), ("Elsewhere meeting", elsewhere.id),
            ] {
                let series = MeetingSeriesRecord(
                    districtID: own.districtID, cohortID: own.cohortID, communityID: community, title: title,
                    pattern: pattern, location: "")
                try await series.create(on: app.db)
                for offset in [-14, 3] {
                    let agenda = MeetingAgendaRecord(
                        seriesID: try series.requireID(), meetingDay: today.adding(days: offset).description)
                    agenda.publishedAt = app.trellis.clock.now()
                    try await agenda.create(on: app.db)
                }
            }
            // validation: the header counts, for everyone, what the list marks new: only upcoming agendas of
            // the meetings each person goes to
            let agendas = try await unreadForEveryone().map { $0.filter { $0.text.hasPrefix("The agenda for") }.count }
            #expect(agendas.sorted().suffix(3) == [1, 2, 2], "the circle's two members and l2, in the cohort only")
            try await app.page(new, as: circle.outsider) { response in
                #expect(response.text.contains("The agenda for Cohort meeting on"))
                #expect(!response.text.contains("Circle meeting") && !response.text.contains("Elsewhere meeting"))
            }
        }
    }
}
