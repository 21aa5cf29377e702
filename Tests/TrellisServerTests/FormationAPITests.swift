import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Forming communities through the API and the community page")
struct FormationAPITests {
    static func array(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }

    @Test("intake, proposal, moves, publishing and communities over HTTP, with kept-apart pairs and drafts private")
    func apiFlow() async throws {
        try await withTrellis { app, _ in
            // setup: six leaders, the standard challenges
            let fixture = try await Fixture.make(app)
            let leaders = [fixture.own.leader] + (try await fixture.addOwnLeaders(5, app: app))
            let cohort = fixture.own.cohortID
            for (position, challenge) in StandardChallenges.all.enumerated() {
                try await IntakeChallenge(
                    cohortID: cohort, key: challenge.key, title: challenge.title, position: position
                )
                .create(on: app.db)
            }
            let keys = StandardChallenges.all.map(\.key)
            let facilitator = try await app.apiToken(for: "facilitator@own.example")
            let leader = try await app.apiToken(for: "leader@own.example")
            let named = try await app.apiToken(for: "l1@own.example")
            let intake = SiteURL.api(.cohortIntake(.value(cohort))).relativeURL

            // MUT: a bad answer names every problem and saves nothing
            try await APITests.call(
                app, .PUT, intake, token: leader,
                json: #"{"choices": ["no-such-challenge", "\#(keys[1])", "\#(keys[1])"]}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.headers.contentType?.subType == "problem+json")
                let fields = Self.array(try APITests.object(response)["errors"]).compactMap { $0["field"] as? String }
                #expect(fields.contains("choice1") && fields.contains("choice2"))
            }
            #expect(try await IntakeResponse.query(on: app.db).count() == 0)
            try await APITests.call(
                app, .PUT, intake, token: leader,
                json: #"{"choices": ["\#(keys[0])", "\#(keys[1])"], "keepApartFrom": ["\#(leaders[1])"]}"#
            ) { response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                let mine = try #require(body["mine"] as? [String: Any])
                #expect(mine["choices"] as? [String] == [keys[0], keys[1]])
                #expect(
                    (mine["keepApartFrom"] as? [String])?.map { $0.lowercased() } == [
                        leaders[1].uuidString.lowercased()
                    ])
                #expect(body["keptApart"] == nil && body["responses"] == nil, "a leader sees only their own answer")
            }
            for (index, _) in leaders.enumerated().dropFirst() {
                let token = try await app.apiToken(for: "l\(index)@own.example")
                try await APITests.call(app, .PUT, intake, token: token, json: #"{"choices": ["\#(keys[index % 2])"]}"#)
                {
                    #expect($0.status == .ok)
                }
            }

            // validation: the person named never learns it; the facilitator sees the pair and everyone's choices
            try await APITests.call(app, .GET, intake, token: named) { response in
                let body = try APITests.object(response)
                #expect((body["mine"] as? [String: Any])?["keepApartFrom"] as? [String] == [])
                #expect(!response.text.lowercased().contains(fixture.own.leader.uuidString.lowercased()))
            }
            try await APITests.call(app, .GET, intake, token: facilitator) { response in
                let body = try APITests.object(response)
                #expect(body["answered"] as? Int == 6 && body["eligible"] as? Int == 6)
                #expect(Self.array(body["keptApart"]).count == 1)
                #expect(Self.array(body["responses"]).count == 6)
            }

            // MUT: propose; drafts stay with the facilitators
            let proposal = SiteURL.api(.cohortProposal(.value(cohort))).relativeURL
            let moves = SiteURL.api(.cohortProposalMoves(.value(cohort))).relativeURL
            let publish = SiteURL.api(.cohortProposalPublishing(.value(cohort))).relativeURL
            try await APITests.call(app, .POST, proposal, token: leader, json: "{}") {
                #expect($0.status == .forbidden)
            }
            try await APITests.call(app, .POST, proposal, token: facilitator, json: #"{"smallest": 4, "largest": 2}"#) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("largest"))
            }
            var drafts: [[String: Any]] = []
            try await APITests.call(
                app, .POST, proposal, token: facilitator, json: #"{"communities": 2, "smallest": 3, "largest": 3}"#
            ) { response in
                #expect(response.status == .created)
                let body = try APITests.object(response)
                drafts = Self.array(body["communities"])
                #expect(drafts.count == 2)
                #expect(drafts.allSatisfy { Self.array($0["members"]).count == 3 })
                #expect((body["violations"] as? [Any])?.isEmpty == true)
                let score = try #require(body["score"] as? [String: Int])
                #expect(
                    score["total"] == 10 * score["preference"]! + 5 * score["mix"]! - 20 * score["sameSchoolPairs"]!)
            }
            let draft = try #require(drafts.first?["id"] as? String)
            let draftID = try #require(UUID(uuidString: draft))
            for token in [leader, facilitator] {
                try await APITests.call(app, .GET, SiteURL.api(.community(.value(draftID))).relativeURL, token: token) {
                    #expect($0.status == .notFound, "a draft is not a community yet")
                }
            }
            let communities = SiteURL.api(.cohortCommunities(.value(cohort))).relativeURL
            try await APITests.call(app, .GET, communities, token: leader) { response in
                let listed = Self.array(try APITests.object(response)["items"])
                #expect(listed.isEmpty)
            }

            // MUT: a move that breaks the sizes is shown, and publishing is refused until it is undone
            func home(of person: UUID) -> String? {
                drafts.first {
                    Self.array($0["members"]).contains {
                        ($0["personId"] as? String)?.lowercased() == person.uuidString.lowercased()
                    }
                }?["id"] as? String
            }
            let mover = leaders[2]
            let from = try #require(home(of: mover))
            let to = try #require(drafts.compactMap { $0["id"] as? String }.first { $0 != from })
            try await APITests.call(
                app, .POST, moves, token: facilitator,
                json: #"{"personId": "\#(mover)", "communityId": "\#(to)"}"#
            ) { response in
                #expect(response.status == .ok)
                let violations = try APITests.object(response)["violations"] as? [String]
                #expect(!(violations ?? []).isEmpty)
            }
            try await APITests.call(app, .POST, publish, token: facilitator) { response in
                #expect(response.status == .unprocessableEntity)
                let listed = Self.array(try APITests.object(response)["errors"])
                #expect(!listed.isEmpty)
            }
            try await APITests.call(
                app, .POST, moves, token: facilitator,
                json: #"{"personId": "\#(mover)", "communityId": "\#(from)"}"#
            ) { #expect($0.status == .ok) }
            var published: [[String: Any]] = []
            try await APITests.call(app, .POST, publish, token: facilitator) { response in
                #expect(response.status == .ok)
                published = Self.array(try APITests.object(response)["items"])
            }
            #expect(published.count == 2)

            // validation: the leader finds their community through /me and reads it; no one reads another district's
            var communityID: UUID?
            try await APITests.call(app, .GET, SiteURL.api(.me).relativeURL, token: leader) { response in
                communityID = (try APITests.object(response)["communityId"] as? String).flatMap(UUID.init(uuidString:))
            }
            let community = SiteURL.api(.community(.value(try #require(communityID)))).relativeURL
            try await APITests.call(app, .GET, community, token: leader) { response in
                #expect(response.status == .ok)
                let members = Self.array(try APITests.object(response)["members"])
                #expect(
                    members.contains { ($0["personId"] as? String)?.lowercased() == leaders[0].uuidString.lowercased() }
                )
                #expect(!response.text.contains("reasons"), "why others are here stays with them and the facilitators")
            }
            let stranger = try await app.apiToken(for: "facilitator@other.example")
            try await APITests.call(app, .GET, community, token: stranger) {
                #expect($0.status == .notFound)
            }

            // MUT: rename and choose a facilitator
            try await APITests.call(app, .PATCH, community, token: leader, json: #"{"name": "Ours"}"#) {
                #expect($0.status == .forbidden)
            }
            try await APITests.call(
                app, .PATCH, community, token: facilitator, json: #"{"name": " ", "facilitatorId": "\#(leaders[3])"}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                let fields = Self.array(try APITests.object(response)["errors"]).compactMap { $0["field"] as? String }
                #expect(Set(fields) == ["name", "facilitator"])
            }
            try await APITests.call(
                app, .PATCH, community, token: facilitator,
                json: #"{"name": "Family signals", "facilitatorId": "\#(fixture.own.facilitator)"}"#
            ) { response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                #expect(body["name"] as? String == "Family signals")
                #expect(
                    (body["facilitatorId"] as? String)?.lowercased() == fixture.own.facilitator.uuidString.lowercased())
            }
            try await APITests.call(app, .PATCH, community, token: facilitator, json: #"{"facilitatorId": null}"#) {
                response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                #expect(body["facilitatorId"] == nil)
                #expect(body["name"] as? String == "Family signals", "absent fields stay")
            }
        }
    }

    @Test("the community page: members, your own reasons only, and a rename form for the cohort's runners")
    func communityPage() async throws {
        try await withTrellis { app, _ in
            // setup: a published community of the fixture's leader and l1; l2 in another
            let fixture = try await Fixture.make(app)
            let extra = try await fixture.addOwnLeaders(2, app: app)
            func publish(_ name: String, _ members: [(UUID, String)]) async throws -> UUID {
                let community = Community(
                    districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: name,
                    focus: "biased-language",
                    sizes: 1...6, published: true)
                try await community.create(on: app.db)
                for (user, reasons) in members {
                    try await CommunityMembership(communityID: community.requireID(), userID: user, reasons: reasons)
                        .create(on: app.db)
                }
                return try community.requireID()
            }
            let ours = try await publish(
                "Circle <one>", [(fixture.own.leader, "your 1st choice"), (extra[0], "secret of L1")])
            _ = try await publish("Circle two", [(extra[1], "secret of L2")])

            // MUT + validation
            let leader = try await app.signIn("leader@own.example")
            let page = SiteURL.community(.value(ours)).relativeURL
            try await app.page(SiteURL.home.relativeURL, as: leader) { response in
                #expect(response.text.contains(page))
            }
            try await app.page(page, as: leader) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Circle &lt;one&gt;"))
                #expect(response.text.contains("Why you are here: </strong>your 1st choice"))
                #expect(!response.text.contains("secret of L1"))
                #expect(!response.text.contains("name=\"name\""), "leaders do not rename")
            }
            try await app.submit(page, ["name": "Mine"], as: leader) {
                #expect($0.status == .forbidden)
            }
            let facilitator = try await app.signIn("facilitator@own.example")
            try await app.submit(
                page, ["name": "", "facilitator": UUID().uuidString], as: facilitator
            ) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Name: give the community a name"))
                #expect(response.text.contains("Facilitator: choose one of the cohort"))
            }
            try await app.submit(
                page, ["name": "Family signals", "facilitator": fixture.own.facilitator.uuidString],
                as: facilitator
            ) { #expect($0.status == .seeOther) }
            try await app.page(page, as: leader) { response in
                #expect(response.text.contains("Family signals"))
                #expect(response.text.contains("Facilitator: </strong>Facilitator Own"))
            }
            let stranger = try await app.signIn("leader@other.example")
            try await app.page(page, as: stranger) { #expect($0.status == .notFound) }
        }
    }
}
