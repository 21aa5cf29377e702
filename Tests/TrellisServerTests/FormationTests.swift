import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Forming communities: intake, privacy, proposal, publishing")
struct FormationTests {
    @Test("leaders rank challenges and name people privately; the facilitator proposes, moves and publishes")
    func flow() async throws {
        try await withTrellis { app, _ in
            // setup: six leaders in the own cohort
            let fixture = try await Fixture.make(app)
            let leaders = [fixture.own.leader] + (try await fixture.addOwnLeaders(5, app: app))
            let intake = SiteURL.cohortIntake(.value(fixture.own.cohortID)).relativeURL
            let formation = SiteURL.cohortFormation(.value(fixture.own.cohortID)).relativeURL
            let step = { (name: SiteURL.FormationStep) in
                SiteURL.cohortFormationStep(.value(fixture.own.cohortID), name).relativeURL
            }
            let facilitator = try await app.signIn("facilitator@own.example")
            try await app.submit(step(.challenges), ["standard": "1"], as: facilitator) { response in
                #expect(response.status == .seeOther)
            }
            #expect(
                try await IntakeChallenge.query(on: app.db).filter(\.$cohort.$id == fixture.own.cohortID).count() == 6)

            // MUT: intake
            let keys = StandardChallenges.all.map(\.key)
            let first = try await app.signIn("leader@own.example")
            try await app.submit(intake, ["choice1": keys[0], "choice2": keys[0]], as: first) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Each challenge can be ranked once"))
            }
            try await app.submit(
                intake,
                ["choice1": keys[0], "choice2": keys[1], "apart[]": leaders[1].uuidString], as: first
            ) { response in
                #expect(response.status == .seeOther)
            }
            for (index, leader) in leaders.enumerated().dropFirst() {
                let session = try await app.signIn("l\(index)@own.example")
                _ = leader
                try await app.submit(intake, ["choice1": keys[index % 2]], as: session) { response in
                    #expect(response.status == .seeOther)
                }
            }
            // validation: the person named never sees it; another leader cannot open the facilitator's page
            let named = try await app.signIn("l1@own.example")
            try await app.page(intake, as: named) { response in
                #expect(!response.text.contains("checked"), "l1 named nobody")
            }
            try await app.page(formation, as: named) { response in #expect(response.status == .forbidden) }
            try await app.page(formation, as: facilitator) { response in
                // the first proposal is offered at the size the trust survey's practices advise
                #expect(response.text.contains(#"id="smallest" name="smallest" value="4""#))
                #expect(response.text.contains(#"id="largest" name="largest" value="6""#))
                #expect(response.text.contains("6 of 6 leaders have ranked"))
                #expect(response.text.contains("Leader Own and L1 Own"))
            }

            // MUT: proposal
            try await app.submit(
                step(.proposal), ["communities": "2", "smallest": "3", "largest": "3"], as: facilitator
            ) { response in
                #expect(response.status == .seeOther)
            }
            // the facilitator reads each leader's reasons about them, not addressed to them
            try await app.page(formation, as: facilitator) { response in
                #expect(response.text.contains("their 1st choice"))
                #expect(!response.text.contains("your 1st choice") && !response.text.contains("your 2nd choice"))
            }
            let drafts = try await Community.query(on: app.db).filter(\.$cohort.$id == fixture.own.cohortID).with(
                \.$memberships
            ).all()
            #expect(drafts.count == 2)
            #expect(drafts.allSatisfy { $0.memberships.count == 3 && !$0.published })
            #expect(
                !drafts.contains { community in
                    let members = Set(community.memberships.map { $0.$user.id })
                    return members.contains(leaders[0]) && members.contains(leaders[1])
                }, "kept-apart leaders are in different communities")
            #expect(drafts.flatMap(\.memberships).allSatisfy { !$0.reasons.isEmpty })
            try await app.page(SiteURL.home.relativeURL, as: first) { response in
                #expect(!response.text.contains("Your community"), "drafts are invisible to leaders")
            }

            // MUT: a move that breaks the size range cannot be published
            let source = try #require(drafts.first { $0.memberships.contains { $0.$user.id == leaders[2] } })
            let target = try #require(drafts.first { $0.id != source.id })
            try await app.submit(
                step(.move), ["person": leaders[2].uuidString, "community": target.id!.uuidString],
                as: facilitator
            ) { response in
                #expect(response.status == .seeOther)
            }
            let moved = try #require(
                try await CommunityMembership.query(on: app.db).filter(\.$user.$id == leaders[2]).first())
            #expect(moved.placedByHand && moved.reasons.hasPrefix("placed here by your facilitator"))
            let everyone = try await CommunityMembership.query(on: app.db).all()
            #expect(
                !everyone.contains { $0.reasons.contains("would have lowered") }, "no claim of optimality after a move")
            try await app.submit(step(.publish), [:], as: facilitator) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await app.submit(
                step(.move), ["person": leaders[2].uuidString, "community": source.id!.uuidString],
                as: facilitator
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await app.submit(step(.publish), [:], as: facilitator) { response in
                #expect(response.status == .seeOther)
            }
            try await app.page(SiteURL.home.relativeURL, as: first) { response in
                #expect(response.text.contains("Your community: <a href=\"/communities/"))
                #expect(
                    !response.text.contains("Rank your equity challenges"),
                    "intake closes when communities are published")
            }

            // Trust answers now count for the leader's community, and community rows follow suppression.
            let round = try await Fixture.makeTrustRound(
                app, districtID: fixture.own.districtID, cohortID: fixture.own.cohortID)
            let answering = SiteURL.trustAnswer(.value(round)).relativeURL
            try await app.submit(answering, TrustTests.allAnswers(), as: first) { response in
                #expect(response.status == .seeOther)
            }
            let answer = try #require(try await TrustAnswer.query(on: app.db).filter(\.$roundID == round).first())
            let community = try #require(
                try await CommunityMembership.query(on: app.db).filter(\.$user.$id == leaders[0]).first())
            #expect(answer.communityID == community.$community.id)
            let closed = try #require(try await TrustRound.find(round, on: app.db))
            closed.closedAt = Date()
            try await closed.save(on: app.db)
            let results = try #require(
                try await TrustService.results(closed, today: app.trellis.clock.today(), on: app.db))
            #expect(results.groups.count == 3, "the cohort and both communities")
            #expect(results.groups.allSatisfy { $0.suppressed && $0.facets.isEmpty })
        }
    }

    @Test("the proposal form keeps what was typed and names each wrong field; kept-apart pairs can be removed")
    func proposalFormAndPairs() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            let leaders = [fixture.own.leader] + (try await fixture.addOwnLeaders(3, app: app))
            let step = { (name: SiteURL.FormationStep) in
                SiteURL.cohortFormationStep(.value(fixture.own.cohortID), name).relativeURL
            }
            let facilitator = try await app.signIn("facilitator@own.example")

            // MUT + validation: bad numbers
            try await app.submit(
                step(.proposal), ["communities": "0", "smallest": "5", "largest": "two"], as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Number of communities: a whole number, at least 1, or empty."))
                #expect(response.text.contains("Largest community: a whole number, no smaller than the smallest."))
                #expect(response.text.contains(#"id="largest" name="largest" value="two""#))
                #expect(response.text.contains(#"id="smallest" name="smallest" value="5""#))
            }
            // sizes that cannot fit: the engine's problem, and the typed values stay
            try await app.submit(
                step(.proposal), ["communities": "", "smallest": "5", "largest": "6"], as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("4 leaders cannot be split"))
                #expect(response.text.contains(#"id="smallest" name="smallest" value="5""#))
            }
            #expect(try await Community.query(on: app.db).count() == 0, "nothing was proposed")

            // pairs: added, then removed
            try await app.submit(
                step(.apart), ["personA": leaders[1].uuidString, "personB": leaders[2].uuidString],
                as: facilitator
            ) { #expect($0.status == .seeOther) }
            let pair = try #require(try await KeptApart.query(on: app.db).first())
            let other = try await app.signIn("facilitator@other.example")
            try await app.submit(step(.apartRemoval), ["pair": pair.id!.uuidString], as: other) {
                #expect($0.status == .notFound)
            }
            try await app.submit(step(.apartRemoval), ["pair": pair.id!.uuidString], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            #expect(try await KeptApart.query(on: app.db).count() == 0)
        }
    }
}
