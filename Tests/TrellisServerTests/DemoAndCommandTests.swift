import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Demo district and commands")
struct DemoAndCommandTests {
    @Test("the demo district has the promised shape, and seeding twice keeps one copy with the new password")
    func demo() async throws {
        try await withTrellis { app, _ in
            let first = try await DemoSeeder.seed(app, password: "first demo password")
            #expect(first.created)
            let district = try #require(try await District.query(on: app.db).filter(\.$slug == "bayview").first())
            #expect(district.name == "Bayview Unified")
            let people = try await User.query(on: app.db).all()
            #expect(try await School.query(on: app.db).count() == 15)
            #expect(Set(try await School.query(on: app.db).all().map(\.level)).count >= 4, "mixed levels")
            #expect(people.filter { $0.position == .principal }.count == 15)
            #expect(people.filter { $0.position == .assistantPrincipal }.count == 8)
            #expect(people.filter { $0.role == .facilitator }.count == 2)
            #expect(people.filter { $0.role == .districtAdmin }.count == 1)
            #expect(Set(people.compactMap(\.yearsInRole)).count > 5, "varied years")
            let cohort = try #require(
                try await Cohort.query(on: app.db).filter(\.$name == DemoDistrict.cohortName).first())
            #expect(cohort.schoolYear == "2026-27")
            let leader = try #require(people.first { $0.email == "leader@bayview.example" })
            #expect(leader.position == .principal)
            // The rhythm: each community meets on the second Tuesday; the demo leader's moved one meeting and
            // cancelled another; past meetings have attendance and agendas.
            let series = try await MeetingSeriesRecord.query(on: app.db).with(\.$changes).all()
            #expect(series.count == 4)
            // (the year starts in September, or earlier when fewer than four meetings would have taken place)
            #expect(series.allSatisfy { $0.recurrence == "monthly:2:tue" && $0.startsOn <= "2026-09-01" })
            #expect(Set(series.map(\.startsOn)).count == 1)
            let changes = series.flatMap(\.changes)
            #expect(changes.map(\.disposition).sorted() == ["cancelled", "meets"])
            #expect(changes.contains { change in change.movedDay.map { $0 > change.originalDay } ?? false })
            // Between meetings: the demo leader's community has at least three cycles that have ended, with
            // commitments, insights shared and private, debriefs, and an adopted activity tagged to two traits.
            let now = app.trellis.clock.now()
            let leaderCommunity = try #require(
                try await CommunityMembership.query(on: app.db).filter(\.$user.$id == leader.requireID()).first()
            ).$community.id
            let own = try #require(series.first { $0.$community.id == leaderCommunity })
            let ownSeries = try own.series()
            let cycles = PracticeCycles.cycles(
                ownSeries.occurrences(from: ownSeries.pattern.startDay, through: ownSeries.pattern.endDay).map {
                    PracticeCycle.Meeting(seriesID: ownSeries.id, occurrence: $0)
                })
            #expect(cycles.filter { $0.hasEnded(now: now) }.count >= 3)
            #expect(try await PracticeCycleRecord.query(on: app.db).count() >= 4)
            #expect(try await Commitment.query(on: app.db).count() >= 10)
            let sharings = Set(try await Insight.query(on: app.db).all().map(\.sharing))
            #expect(sharings == [.private, .peer, .community])
            #expect(try await Debrief.query(on: app.db).filter(\.$heldOn != nil).count() >= 3)
            let activity = try #require(try await LeadershipActivity.query(on: app.db).first())
            #expect(activity.adoptedAt != nil && activity.draft.traitIDs.count == 2)
            #expect(try await PeerSwap.query(on: app.db).count() == 0)
            #expect(
                try await ValueService.stages(of: leaderCommunity, on: app.db).map(\.stage) == [
                    .potential, .coalescing,
                ])
            // Outcomes: two years for the fifteen schools, with both kinds of suppression, the article's small
            // base and a difference in differences between the pilot community's schools and the others.
            let districtID = try leader.$district.id ?? #require(nil as UUID?)
            let counts = try await OutcomeService.counts(districtID: districtID, on: app.db)
            #expect(Set(counts.map(\.school)).count == 15)
            let analysis = try await OutcomeService.analysis(
                districtID: districtID, counts: counts, before: DemoOutcomes.before, after: DemoOutcomes.after,
                on: app.db)
            #expect(analysis.cells.contains { $0.suppressed == .primary })
            #expect(analysis.cells.contains { $0.suppressed == .complementary })
            #expect(analysis.cells.contains { ($0.change?.relative ?? 0) > 400 && $0.change?.smallBase == true })
            #expect(analysis.did.contains { $0.subgroup.isAll && $0.points > 2 })
            #expect(try await MeetingAttendance.query(on: app.db).count() > 20)
            #expect(try await MeetingAgendaRecord.query(on: app.db).filter(\.$publishedAt != nil).count() >= 8)
            // The inquiry: stories (private, shared, in a check), questions that pass the rules, an adopted one each.
            #expect(try await Story.query(on: app.db).count() == 12)
            #expect(try await Story.query(on: app.db).filter(\.$sharedCommunity.$id != nil).count() == 4)
            let questions = try await InquiryQuestion.query(on: app.db).all()
            #expect(questions.count == 12)
            #expect(questions.allSatisfy { (try? HowMightWe.validate($0.text).get()) == $0.text })
            let adopted = try await Community.query(on: app.db).filter(\.$inquiryQuestion.$id != nil).count()
            #expect(adopted == 4)
            let boards = try await BoardRecord.query(on: app.db).all().map(\.state.board)
            #expect(boards.count == 4)
            #expect(
                boards.allSatisfy { board in
                    RootCauseBucket.fourBuckets.allSatisfy { !board.notes(in: $0, seenBy: .member("x")).isEmpty }
                })
            // Each community's board holds its own challenge's root causes.
            let communitiesByID = Dictionary(
                uniqueKeysWithValues: try await Community.query(on: app.db).all().map { ($0.id!, $0.focus) })
            for record in try await BoardRecord.query(on: app.db).all() {
                let focus = try #require(communitiesByID[record.$community.id])
                let expected = DemoInquiry.sample(for: focus, fallback: 0).rootCauses.map(\.text)
                #expect(Set(record.state.board.notes(seenBy: .member("x")).map(\.text)) == Set(expected), "\(focus)")
            }
            #expect(Set(communitiesByID.values).count == 4, "four different challenges")
            // Every date the demo writes lies in the past: notes on their meeting's day, stories weeks ago.
            let dayAgo = Date().addingTimeInterval(-86_400)
            #expect(
                try await MeetingNote.query(on: app.db).all().allSatisfy { ($0.createdAt ?? .distantFuture) < dayAgo })
            #expect(try await Story.query(on: app.db).all().allSatisfy { ($0.createdAt ?? .distantFuture) < dayAgo })
            #expect(
                try await StoryShare.query(on: app.db).all().allSatisfy { ($0.createdAt ?? .distantFuture) < dayAgo })
            #expect(
                try await InquiryVote.query(on: app.db).all().allSatisfy { ($0.closedAt ?? .distantFuture) < dayAgo })
            #expect(
                try await TrustRound.query(on: app.db).filter(\.$closedAt != nil).all().allSatisfy {
                    ($0.closedAt ?? .distantFuture) < dayAgo
                })
            let demoLeaderStory = try #require(
                try await Story.query(on: app.db).filter(\.$author.$id == leader.id!).first())
            #expect(demoLeaderStory.$sharedCommunity.id == nil, "the demo leader's own story is private")

            // Trust: rounds named for the month they opened; the round after publishing shows every community.
            let rounds = try await TrustRound.query(on: app.db).sort(\.$opensOn).all()
            #expect(rounds.map(\.title) == rounds.map { DemoTrust.title(opening: CalendarDay($0.opensOn)!) })
            #expect(Set(rounds.map(\.title)).count == 3)
            #expect(rounds.allSatisfy { CalendarDay($0.opensOn)! <= CalendarDay.today() }, "no round opens later")
            let facilitator = try await app.signIn("facilitator@bayview.example", password: "first demo password")
            try await app.page(SiteURL.trustRound(.value(try rounds[1].requireID())).relativeURL, as: facilitator) {
                response in
                #expect(response.text.contains("By community"))
                #expect(!response.text.contains("hidden. Fewer than"), "every community answered enough")
                #expect(response.text.components(separatedBy: " responses, weakest ").count - 1 == 4)
            }
            try await app.page(SiteURL.trustRound(.value(try rounds[0].requireID())).relativeURL, as: facilitator) {
                response in
                #expect(!response.text.contains("By community"), "before communities: the cohort only")
                #expect(response.text.contains("This round ran before the communities were published"))
            }

            // The admin's home says how the cohort is going, not only how many people there are.
            let admin = try await app.signIn("admin@bayview.example", password: "first demo password")
            try await app.page(SiteURL.home.relativeURL, as: admin) { response in
                #expect(response.text.contains(" check-in (open): 9 of 23 leaders answered"))
                #expect(response.text.contains("meetings held as scheduled; attendance"))
                #expect(response.text.contains("Stories written: 12 (private to their authors unless shared)"))
            }

            // a leader's home and the cohort list count the leaders and name the facilitators
            let demoLeader = try await app.signIn("leader@bayview.example", password: "first demo password")
            for path in [SiteURL.home.relativeURL, SiteURL.cohorts.relativeURL] {
                try await app.page(path, as: demoLeader) { response in
                    #expect(response.text.contains("23"), "\(path)")
                    #expect(
                        response.text.contains("Kwame Asante") && response.text.contains("Marisol Ortega"), "\(path)")
                }
            }
            try await app.page(SiteURL.home.relativeURL, as: demoLeader) { response in
                #expect(response.text.contains("23 leaders"))
                #expect(response.text.contains("Facilitated by Kwame Asante, Marisol Ortega."))
            }

            let second = try await DemoSeeder.seed(app, password: "second demo password")
            #expect(!second.created)
            #expect(try await District.query(on: app.db).count() == 1)
            _ = try await app.signIn("leader@bayview.example", password: "second demo password")
            #expect(DemoSeeder.signInText(second, url: "http://127.0.0.1:8080").contains("second demo password"))
        }
    }

    @Test("a scaled demo district is the demo several times over, and its printed sign-ins still work")
    func scaledDemo() async throws {
        try await withTrellis { app, _ in
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.seedDemo(app, password: "scaled demo password", scale: 0)
            }
            #expect(try await District.query(on: app.db).count() == 0, "a refused scale seeds nothing")
            _ = try await TrellisCommands.seedDemo(app, password: "scaled demo password", scale: 3)
            let people = try await User.query(on: app.db).all()
            #expect(people.filter { $0.role == .leader }.count == 69)
            #expect(people.filter { $0.role == .facilitator }.count == 6)
            #expect(people.filter { $0.role == .districtAdmin }.count == 1)
            #expect(Set(people.map(\.email)).count == people.count)
            #expect(try await School.query(on: app.db).count() == 45)
            // four communities a copy, and the 2025-26 pilot community the outcomes compare
            #expect(try await Community.query(on: app.db).filter(\.$published == true).count() == 13)
            #expect(try await TrustParticipation.query(on: app.db).count() == 3 * (21 + 22 + 9))
            let leader = try await app.signIn("leader@bayview.example", password: "scaled demo password")
            try await app.page(SiteURL.home.relativeURL, as: leader) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a generated demo password is long and readable")
    func generatedPassword() {
        let password = Secrets.newReadablePassword()
        #expect(password.count == 16)
        #expect(!password.contains(where: { "0O1lI".contains($0) }))
        #expect(password != Secrets.newReadablePassword())
    }

    @Test("a token is stored under its SHA-256 in lowercase hex, so sessions and API tokens already stored still match")
    func tokenHash() {
        #expect(Secrets.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Secrets.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("district, user and token commands validate what they are given")
    func commands() async throws {
        try await withTrellis { app, _ in
            #expect(
                try await TrellisCommands.createDistrict(app, name: "Harbor City", slug: "harbor").contains(
                    "Harbor City"))
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.createDistrict(app, name: "Again", slug: "harbor")
            }
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.createDistrict(app, name: "Bad", slug: "Has Spaces")
            }
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.createDistrict(app, name: "East", slug: "east", timeZone: "EST")
            }
            _ = try await TrellisCommands.createDistrict(app, name: "East", slug: "east", timeZone: "America/New_York")
            let east = try #require(try await District.query(on: app.db).filter(\.$slug == "east").first())
            #expect(east.timeZone == "America/New_York")
            _ = try await TrellisCommands.createUser(
                app, districtSlug: "harbor", email: "IT@Harbor.example", role: .districtAdmin,
                password: "a long password",
                givenName: "Ida", familyName: "Tech", school: nil)
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.createUser(
                    app, districtSlug: "harbor", email: "short@harbor.example", role: .leader, password: "short",
                    givenName: nil, familyName: nil, school: nil)
            }
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.createUser(
                    app, districtSlug: "nowhere", email: "x@harbor.example", role: .leader, password: "a long password",
                    givenName: nil, familyName: nil, school: nil)
            }
            let token = try await TrellisCommands.createToken(app, email: "it@harbor.example", label: "test")
            #expect(token.count >= 40)
            #expect(try await APIToken.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).count() == 1)
            _ = try await app.signIn("it@harbor.example", password: "a long password")
        }
    }
}
