import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// A published community of four (the fixture's leader and l1–l3) meeting on the second Tuesday of each
/// month, with l4 in the cohort but not in it; the clock stands in the cycle from 10 Nov to 8 Dec 2026.
struct PracticeCircle {
    let fixture: Fixture
    let communityID: UUID
    let seriesID: UUID
    let members: [UUID]
    let emails: [UUID: String]
    let outsider: UUID

    static let november = ISO8601DateFormatter().date(from: "2026-11-20T20:00:00Z")!

    static func make(_ app: Application) async throws -> PracticeCircle {
        app.trellis.clock.set(november)
        let fixture = try await Fixture.make(app)
        let extra = try await fixture.addOwnLeaders(4, app: app)
        try await LibraryService.addDefaultTraits(districtID: fixture.own.districtID, on: app.db)
        let community = Community(
            districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle of Practice",
            focus: "x", sizes: 1...6, published: true)
        community.$facilitator.id = fixture.own.facilitator
        try await community.create(on: app.db)
        let communityID = try community.requireID()
        let members = [fixture.own.leader] + extra.prefix(3)
        for member in members {
            try await CommunityMembership(communityID: communityID, userID: member, reasons: "").create(on: app.db)
        }
        let series = MeetingSeriesRecord(
            districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, communityID: communityID,
            title: "Monthly meeting",
            pattern: try MeetingPattern(
                recurrence: "monthly:2:tue", startDay: "2026-09-01", endDay: "2027-06-30", startTime: "15:30",
                endTime: "17:00", timeZone: "America/Los_Angeles"), location: "Room 1")
        try await series.create(on: app.db)
        var emails = [fixture.own.leader: "leader@own.example"]
        for (index, id) in extra.enumerated() { emails[id] = "l\(index + 1)@own.example" }
        return PracticeCircle(
            fixture: fixture, communityID: communityID, seriesID: try series.requireID(), members: members,
            emails: emails, outsider: extra[3])
    }

    var leader: UUID { fixture.own.leader }

    func token(_ id: UUID, app: Application) async throws -> String {
        try await app.apiToken(for: emails[id]!)
    }

    /// The community's cycles as the API lists them.
    func cycles(app: Application, token: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        try await APITests.call(app, .GET, SiteURL.api(.communityCycles(.value(communityID))).relativeURL, token: token)
        { response in
            #expect(response.status == .ok)
            items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
        }
        return items
    }

    /// The current cycle's groups from the pairs endpoint.
    func pairs(app: Application, token: String, cycles: Int = 1) async throws -> [[[String]]] {
        var groups: [[[String]]] = []
        try await APITests.call(
            app, .GET, SiteURL.api(.communityPairs(.value(communityID))).relativeURL + "?cycles=\(cycles)", token: token
        ) { response in
            #expect(response.status == .ok)
            groups = try #require(
                try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[[String]]])
        }
        return groups
    }
}

@Suite("Learning between meetings: commit, apply, capture, debrief; privacy by viewer; activities")
struct PracticeTests {
    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func status(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil
    ) async throws -> HTTPStatus {
        var status = HTTPStatus.ok
        try await APITests.call(app, method, path, token: token, json: json) { status = $0.status }
        return status
    }

    @Test(
        "a leader commits, tries, captures and shares; their peer and community see what is shared; facilitators count")
    func loop() async throws {
        try await withTrellis { app, _ in
            // setup
            let circle = try await PracticeCircle.make(app)
            let leaderToken = try await circle.token(circle.leader, app: app)
            let cycles = try await circle.cycles(app: app, token: leaderToken)
            #expect(cycles.count == 9, "ten monthly meetings bound nine cycles")
            let current = try #require(cycles.first { ($0["start"] as? String)?.hasPrefix("2026-11-10") == true })
            let cycleID = try #require(current["id"] as? String)
            #expect(current["end"] as? String == "2026-12-08T23:30:00Z")
            let group = try #require(
                try await circle.pairs(app: app, token: leaderToken)[0].first {
                    $0.contains(circle.leader.uuidString)
                })
            let partnerText = try #require(group.first { $0 != circle.leader.uuidString })
            let partner = try #require(UUID(uuidString: partnerText))
            let bystander = try #require(circle.members.first { $0 != circle.leader && $0 != partner })
            let leader = try await app.signIn("leader@own.example")
            let partnerSession = try await app.signIn(circle.emails[partner]!)
            let bystanderSession = try await app.signIn(circle.emails[bystander]!)
            let facilitator = try await app.signIn("facilitator@own.example")
            let admin = try await app.signIn("admin@own.example")
            let outsider = try await app.signIn("l4@own.example")
            let stranger = try await app.signIn("admin@other.example")
            let page = "/cycles/\(cycleID)"

            // MUT: a commitment without a prediction is refused, keeping what was typed
            try await app.submit(page + "/commitment", ["text": "Walk with a student guide"], as: leader) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.shows("What you expect to see cannot be empty"))
                #expect(response.text.contains("Walk with a student guide"))
            }
            #expect(try await Commitment.query(on: app.db).count() == 0)
            try await app.submit(
                page + "/commitment",
                ["text": "Walk with a student guide", "prediction": "The library first"], as: leader
            ) { #expect($0.status == .seeOther) }
            try await app.submit(page + "/commitment", ["text": "Again", "prediction": "Again"], as: leader) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.shows("one commitment per cycle"))
            }
            let commitment = try #require(try await Commitment.query(on: app.db).first())
            let commitmentPath = "/commitments/\(try commitment.requireID())"

            // a reason is needed for "not tried"; a day for "tried"
            try await app.submit(commitmentPath, ["action": "status", "status": "not-tried", "reason": ""], as: leader)
            {
                #expect($0.status == .unprocessableEntity)
                #expect($0.shows("What got in the way cannot be empty"))
            }
            try await app.submit(
                commitmentPath, ["action": "status", "status": "tried", "triedOn": "2026-11-18"], as: leader
            ) { #expect($0.status == .seeOther) }
            // someone else's commitment is not theirs to mark
            try await app.submit(
                commitmentPath, ["action": "status", "status": "tried", "triedOn": "2026-11-18"], as: partnerSession
            ) { #expect($0.status == .forbidden) }

            // capture: private by default
            try await app.submit(
                commitmentPath + "/insight",
                [
                    "happened": "She chose **science** <script>alert(1)</script>",
                    "learned": "Greeting matters more than subject", "decision": "adopt",
                ], as: leader
            ) { #expect($0.status == .seeOther) }
            let insight = try #require(try await Insight.query(on: app.db).first())
            let insightAPI = SiteURL.api(.insight(.value(try insight.requireID()))).relativeURL
            let tokens = [
                "partner": try await circle.token(partner, app: app),
                "bystander": try await circle.token(bystander, app: app),
                "facilitator": try await app.apiToken(for: "facilitator@own.example"),
                "admin": try await app.apiToken(for: "admin@own.example"),
                "outsider": try await app.apiToken(for: "l4@own.example"),
                "stranger": try await app.apiToken(for: "admin@other.example"),
            ]
            #expect(try await Self.status(app, .GET, insightAPI, token: leaderToken) == .ok)
            for (who, token) in tokens {
                #expect(
                    try await Self.status(app, .GET, insightAPI, token: token) == .notFound,
                    "\(who) reads a private insight")
            }

            // validation: the facilitator and the admin count, and read no private word
            for session in [facilitator, admin] {
                try await app.page(page, as: session) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("1 of 4 committed · 1 tried · 1 captured an insight · 0 debriefed"))
                    #expect(!response.text.contains("Walk with a student guide"))
                    #expect(!response.text.contains("Greeting matters"))
                }
            }
            let commitmentAPI = SiteURL.api(.commitment(.value(try commitment.requireID()))).relativeURL
            #expect(try await Self.status(app, .GET, commitmentAPI, token: tokens["facilitator"]!) == .notFound)
            #expect(try await Self.status(app, .GET, commitmentAPI, token: tokens["bystander"]!) == .ok)
            // the members read the commitment, not the insight
            try await app.page(page, as: bystanderSession) { response in
                #expect(response.text.contains("Walk with a student guide"))
                #expect(!response.text.contains("Greeting matters"))
            }

            // shared with the peer: the partner reads it, rendered safely; nobody else
            try await app.submit("/insights/\(try insight.requireID())/sharing", ["sharing": "peer"], as: leader) {
                #expect($0.status == .seeOther)
            }
            try await app.page(page, as: partnerSession) { response in
                #expect(response.text.contains("<strong>science</strong>"))
                #expect(!response.text.contains("<script>alert(1)"))
                #expect(response.text.contains("Greeting matters more than subject"))
            }
            #expect(try await Self.status(app, .GET, insightAPI, token: tokens["partner"]!) == .ok)
            for who in ["bystander", "facilitator", "admin", "outsider", "stranger"] {
                #expect(try await Self.status(app, .GET, insightAPI, token: tokens[who]!) == .notFound, "\(who)")
            }
            // only its author shares it
            try await app.submit(
                "/insights/\(try insight.requireID())/sharing", ["sharing": "community"], as: partnerSession
            ) { #expect($0.status == .forbidden) }

            // shared with the community: members and facilitators, and the closing meeting's page
            try await app.submit("/insights/\(try insight.requireID())/sharing", ["sharing": "community"], as: leader) {
                #expect($0.status == .seeOther)
            }
            for who in ["bystander", "facilitator", "admin"] {
                #expect(try await Self.status(app, .GET, insightAPI, token: tokens[who]!) == .ok, "\(who)")
            }
            for who in ["outsider", "stranger"] {
                #expect(try await Self.status(app, .GET, insightAPI, token: tokens[who]!) == .notFound, "\(who)")
            }
            for session in [bystanderSession, facilitator] {
                try await app.page("/meetings/\(circle.seriesID)/2026-12-08", as: session) { response in
                    #expect(response.text.contains("Insights shared since the last meeting"))
                    #expect(response.text.contains("Greeting matters more than subject"))
                }
            }
            try await app.page("/meetings/\(circle.seriesID)/2027-01-12", as: bystanderSession) { response in
                #expect(!response.text.contains("Greeting matters more than subject"))
            }
            // the commitment itself reaches the facilitators once its author shows it to them
            try await app.submit(commitmentPath, ["action": "share"], as: leader) { #expect($0.status == .seeOther) }
            #expect(try await Self.status(app, .GET, commitmentAPI, token: tokens["facilitator"]!) == .ok)

            // the debrief: either peer marks it held; the notes are the pair's own
            try await app.submit(
                page + "/debrief", ["heldOn": "2026-11-19", "notes": "We compared our student guides"],
                as: partnerSession
            ) { #expect($0.status == .seeOther) }
            try await app.page(page, as: leader) { response in
                #expect(response.text.contains("We compared our student guides"))
                #expect(response.text.contains("Held on 2026-11-19"))
            }
            for session in [bystanderSession, facilitator] {
                try await app.page(page, as: session) { #expect(!$0.text.contains("We compared our student guides")) }
            }
            try await app.submit(page + "/debrief", ["heldOn": "2026-12-25", "notes": "later"], as: leader) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.shows("2026-12-25 has not come yet"))
                #expect(response.text.contains("later"))
            }
            try await APITests.call(
                app, .GET, SiteURL.api(.cycleCounts(.value(UUID(uuidString: cycleID)!))).relativeURL,
                token: tokens["facilitator"]!
            ) { response in
                let counts = try APITests.object(response)
                #expect(counts["committed"] as? Int == 1 && counts["tried"] as? Int == 1)
                #expect(counts["captured"] as? Int == 1 && counts["debriefed"] as? Int == 2)
                #expect(counts["members"] as? Int == 4 && counts["sharedInsights"] as? Int == 1)
            }

            // nobody outside the community and its runners gets in, in any district
            for session in [outsider, stranger] {
                for path in [page, "/communities/\(circle.communityID)/practice"] {
                    try await app.page(path, as: session) { #expect($0.status == .notFound, "\(path)") }
                }
            }
            try await app.page("/cohorts/\(circle.fixture.own.cohortID)/practice", as: facilitator) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Circle of Practice"))
                #expect(!response.text.contains("Walk with a student guide"))
            }
            try await app.page("/cohorts/\(circle.fixture.own.cohortID)/practice", as: leader) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("the API: commit, mark, capture, share and debrief; bad input names the field and changes nothing")
    func api() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let token = try await circle.token(circle.leader, app: app)
            let cycles = try await circle.cycles(app: app, token: token)
            let current = try #require(cycles.first { ($0["start"] as? String)?.hasPrefix("2026-11-10") == true })
            let cycleID = try #require(UUID(uuidString: current["id"] as? String ?? ""))
            let future = try #require(UUID(uuidString: cycles.last?["id"] as? String ?? ""))
            let commitments = SiteURL.api(.cycleCommitments(.value(cycleID))).relativeURL

            try await APITests.call(app, .POST, commitments, token: token, json: Self.json(["text": "Try"])) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.text.contains("prediction"))
            }
            try await APITests.call(
                app, .POST, SiteURL.api(.cycleCommitments(.value(future))).relativeURL, token: token,
                json: Self.json(["text": "Try", "prediction": "See"])
            ) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.text.contains("commit at or after it"))
            }
            try await APITests.call(
                app, .POST, commitments, token: token,
                json: Self.json(["text": "Try", "prediction": "See", "resourceId": UUID().uuidString])
            ) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.text.contains("playlist"))
            }
            #expect(try await Commitment.query(on: app.db).count() == 0)
            var commitmentID = ""
            try await APITests.call(
                app, .POST, commitments, token: token, json: Self.json(["text": "Try", "prediction": "See"])
            ) { response in
                #expect(response.status == .created)
                let body = try APITests.object(response)
                commitmentID = try #require(body["id"] as? String)
                #expect(body["status"] as? String == "planned" && body["shared"] as? Bool == false)
            }
            let commitment = "/api/v1/commitments/\(commitmentID)"
            try await APITests.call(
                app, .PATCH, commitment, token: token, json: Self.json(["status": "tried", "triedOn": "2026-13-01"])
            ) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.text.contains("triedOn"))
            }
            try await APITests.call(
                app, .PATCH, commitment, token: token, json: Self.json(["status": "changed", "triedOn": "2026-11-19"])
            ) { response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                #expect(body["status"] as? String == "changed")
            }
            var insightID = ""
            try await APITests.call(
                app, .POST, commitment + "/insight", token: token,
                json: Self.json(["happened": "It worked", "learned": "Ask first", "decision": "maybe"])
            ) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.text.contains("adopt, adapt or abandon"))
            }
            try await APITests.call(
                app, .POST, commitment + "/insight", token: token,
                json: Self.json(["happened": "It worked", "learned": "Ask first", "decision": "adapt"])
            ) { response in
                #expect(response.status == .created)
                let body = try APITests.object(response)
                insightID = try #require(body["id"] as? String)
                #expect(body["sharing"] as? String == "private")
            }
            try await APITests.call(
                app, .PUT, "/api/v1/insights/\(insightID)/sharing", token: token, json: Self.json(["sharing": "all"])
            ) { #expect($0.status == .unprocessableEntity) }
            try await APITests.call(
                app, .PUT, "/api/v1/insights/\(insightID)/sharing", token: token, json: Self.json(["sharing": "peer"])
            ) { response in
                let body = try APITests.object(response)
                #expect(body["sharing"] as? String == "peer")
            }
            try await APITests.call(
                app, .POST, SiteURL.api(.cycleDebriefs(.value(cycleID))).relativeURL, token: token,
                json: Self.json(["heldOn": "2026-11-19", "notes": "Good talk"])
            ) { response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                #expect((body["members"] as? [String])?.contains(circle.leader.uuidString) == true)
                #expect(body["heldOn"] as? String == "2026-11-19")
            }
            // a facilitator does not commit
            let facilitator = try await app.apiToken(for: "facilitator@own.example")
            #expect(
                try await Self.status(
                    app, .POST, commitments, token: facilitator, json: Self.json(["text": "x", "prediction": "y"]))
                    == .forbidden)
        }
    }

    @Test("pairs: the round-robin through the year; a facilitator's swap in a cycle to come, shown as theirs")
    func pairsAndSwaps() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let token = try await circle.token(circle.leader, app: app)
            let year = try await circle.pairs(app: app, token: token, cycles: 52)
            #expect(year.count == 52)
            let everyone = Set(circle.members.map(\.uuidString))
            for groups in year {
                #expect(Set(groups.flatMap { $0 }) == everyone && groups.allSatisfy { $0.count == 2 })
            }
            // any three consecutive cycles meet every pair of four people once
            for start in 0..<10 {
                let pairs = year[start..<(start + 3)].flatMap { $0 }.map(Set.init)
                #expect(Set(pairs).count == 6)
            }
            for bad in ["0", "53", "many"] {
                try await APITests.call(
                    app, .GET, "/api/v1/communities/\(circle.communityID)/pairs?cycles=\(bad)", token: token
                ) { response in
                    #expect(response.status == .unprocessableEntity)
                    #expect(response.text.contains("cycles: a whole number from 1 to 52"))
                }
            }
            // the facilitator swaps two people in the next cycle
            let cycles = try await circle.cycles(app: app, token: token)
            let next = try #require(cycles.first { ($0["start"] as? String)?.hasPrefix("2026-12-08") == true })
            let nextID = try #require(next["id"] as? String)
            let groups = try #require(next["groups"] as? [[String]])
            let (a, b) = (groups[0][0], groups[1][0])
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")
            try await app.submit("/cycles/\(nextID)/swap", ["personA": a, "personB": b], as: leader) {
                #expect($0.status == .forbidden)
            }
            try await app.submit("/cycles/\(nextID)/swap", ["personA": a, "personB": groups[0][1]], as: facilitator) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.shows("These two are in the same group already"))
            }
            try await app.submit("/cycles/\(nextID)/swap", ["personA": a, "personB": b], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let swapped = try await circle.pairs(app: app, token: token, cycles: 2)[1]
            #expect(swapped.contains { Set($0) == [b, groups[0][1]] })
            #expect(swapped.contains { Set($0) == [a, groups[1][1]] })
            try await app.page("/cycles/\(nextID)", as: leader) { response in
                #expect(response.text.contains("Changed by Facilitator Own on"))
            }
            // the current cycle has begun: its pairs stay
            let current = try #require(cycles.first { ($0["start"] as? String)?.hasPrefix("2026-11-10") == true })
            try await app.submit(
                "/cycles/\(current["id"] as! String)/swap", ["personA": a, "personB": b], as: facilitator
            ) { #expect($0.status == .unprocessableEntity) }

            // someone joins: this cycle's frozen groups stay, the next cycles include them
            let before = try await circle.pairs(app: app, token: token, cycles: 1)
            try await CommunityMembership(communityID: circle.communityID, userID: circle.outsider, reasons: "")
                .create(on: app.db)
            let after = try await circle.pairs(app: app, token: token, cycles: 3)
            #expect(after[0] == before[0])
            for groups in after.dropFirst() {
                #expect(Set(groups.flatMap { $0 }) == everyone.union([circle.outsider.uuidString]))
                #expect(groups.filter { $0.count == 3 }.count == 1)
            }
        }
    }

    @Test("an activity: members draft and edit it; a save on a stale copy is refused with both versions; then adopted")
    func activities() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let traits = try await DeeperLearningTrait.query(on: app.db)
                .filter(\.$district.$id == circle.fixture.own.districtID).sort(\.$position).all()
            let leader = try await app.signIn("leader@own.example")
            let peer = try await app.signIn(circle.emails[circle.members[1]]!)
            let facilitator = try await app.signIn("facilitator@own.example")
            let practice = "/communities/\(circle.communityID)/practice"
            try await app.submit("/communities/\(circle.communityID)/activities", ["title": "Walk"], as: leader) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.shows("The purpose cannot be empty"))
                #expect($0.text.contains("value=\"Walk\""))
            }
            var location = ""
            try await app.testing().test(
                .POST, "/communities/\(circle.communityID)/activities",
                beforeRequest: { request in
                    request.headers = leader.headers
                    let body =
                        "csrf=\(leader.csrf)&title=Learning+walk&purpose=See+classrooms&steps=Walk&evidence=Words"
                        + "&traits[]=\(try traits[0].requireID())&traits[]=\(try traits[1].requireID())"
                    request.headers.contentType = .urlEncodedForm
                    request.body = .init(string: body)
                },
                afterResponse: { response in
                    #expect(response.status == .seeOther)
                    location = response.headers.first(name: .location) ?? ""
                })
            let activity = try #require(try await LeadershipActivity.query(on: app.db).first())
            #expect(activity.draft.traitIDs.count == 2)
            let path = "/activities/\(try activity.requireID())"
            #expect(location.hasPrefix(path.lowercased()))
            // both load version 1; the peer saves first
            try await app.submit(
                path,
                ["version": "1", "title": "Learning walk", "purpose": "See classrooms", "steps": "Walk, then talk"],
                as: peer
            ) { #expect($0.status == .seeOther) }
            try await app.submit(
                path, ["version": "1", "title": "Student-led walk", "purpose": "See classrooms", "steps": "Walk"],
                as: leader
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("saved this draft while you were editing"))
                #expect(response.text.contains("value=\"Student-led walk\""))
                #expect(response.text.contains("Walk, then talk"))
                #expect(response.text.contains("name=\"version\" value=\"2\""))
            }
            let stored = try #require(try await LeadershipActivity.find(activity.id, on: app.db))
            #expect(stored.title == "Learning walk" && stored.steps == "Walk, then talk" && stored.version == 2)
            try await app.page(path, as: leader) { response in
                #expect(response.text.contains("changed the steps"))
                #expect(response.text.contains("drafted it"))
            }
            // through the API too
            let token = try await circle.token(circle.leader, app: app)
            try await APITests.call(
                app, .PUT, "/api/v1/activities/\(try activity.requireID())", token: token,
                json: Self.json(["version": 1, "title": "x", "purpose": "y"])
            ) { #expect($0.status == .conflict) }
            // facilitators read and adopt, and do not edit
            try await app.submit(path, ["version": "2", "title": "Mine", "purpose": "Mine"], as: facilitator) {
                #expect($0.status == .forbidden)
            }
            try await app.submit(path + "/adopt", [:], as: facilitator) { #expect($0.status == .seeOther) }
            try await app.submit(path, ["version": "2", "title": "Late", "purpose": "Late"], as: leader) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.shows("no longer a draft"))
            }
            try await app.page(practice, as: leader) { response in
                #expect(response.text.contains("Learning walk"))
                #expect(response.text.contains("adopted"))
            }
            // the outsider and another district see nothing
            for email in ["l4@own.example", "leader@other.example"] {
                let session = try await app.signIn(email)
                try await app.page(path, as: session) { #expect($0.status == .notFound) }
            }
        }
    }

    @Test("in the cycle's last week the home page, the practice page and the calendar feed say what is due")
    func nudges() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let leader = try await app.signIn("leader@own.example")
            try await app.page("/", as: leader) { response in
                #expect(response.text.contains("Commit to one thing to try"))
                #expect(!response.text.contains("Due before the meeting"))
            }
            app.trellis.clock.set(ISO8601DateFormatter().date(from: "2026-12-03T20:00:00Z")!)
            // (a session lasts days, not weeks: sign in again at the later hour)
            let later = try await app.signIn("leader@own.example")
            try await app.page("/", as: later) { response in
                #expect(response.text.contains("Due before the meeting on Tue 8 Dec 2026"))
                #expect(response.text.contains("Debrief with "))
            }
            let feed = try await CalendarService.feed(for: circle.leader, on: app.db)
            try await app.page("/calendar/\(feed.token).ics", as: nil) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("SUMMARY:Before the meeting on Tue 8 Dec 2026: Commit to one thing"))
                #expect(response.text.contains("DTSTART:20261201T233000Z"))
            }
        }
    }

    @Test("a leader of another community, and every viewer of another district, find none of it: every route 404")
    func outsiders() async throws {
        try await withTrellis { app, _ in
            // setup: a commitment shared with the facilitators, its insight shared with the community, an activity
            let circle = try await PracticeCircle.make(app)
            let token = try await circle.token(circle.leader, app: app)
            let cycles = try await circle.cycles(app: app, token: token)
            let cycle = try #require(cycles.first { ($0["start"] as? String)?.hasPrefix("2026-11-10") == true })
            let cycleID = try #require(cycle["id"] as? String)
            var commitment = ""
            try await APITests.call(
                app, .POST, "/api/v1/cycles/\(cycleID)/commitments", token: token,
                json: Self.json(["text": "Try", "prediction": "See", "shared": true])
            ) { commitment = try #require(try APITests.object($0)["id"] as? String) }
            var insight = ""
            try await APITests.call(
                app, .POST, "/api/v1/commitments/\(commitment)/insight", token: token,
                json: Self.json(["happened": "It", "learned": "Ask", "decision": "adopt"])
            ) { insight = try #require(try APITests.object($0)["id"] as? String) }
            #expect(
                try await Self.status(
                    app, .PUT, "/api/v1/insights/\(insight)/sharing", token: token,
                    json: Self.json(["sharing": "community"])) == .ok)
            var activity = ""
            try await APITests.call(
                app, .POST, "/api/v1/communities/\(circle.communityID)/activities", token: token,
                json: Self.json(["title": "Walk", "purpose": "See"])
            ) { activity = try #require(try APITests.object($0)["id"] as? String) }
            let community = circle.communityID.uuidString
            let api: [(HTTPMethod, String)] = [
                (.GET, "/api/v1/communities/\(community)/cycles"), (.GET, "/api/v1/communities/\(community)/pairs"),
                (.GET, "/api/v1/communities/\(community)/activities"),
                (.POST, "/api/v1/communities/\(community)/activities"),
                (.POST, "/api/v1/cycles/\(cycleID)/commitments"),
                (.POST, "/api/v1/cycles/\(cycleID)/debriefs"), (.GET, "/api/v1/cycles/\(cycleID)/counts"),
                (.GET, "/api/v1/commitments/\(commitment)"), (.PATCH, "/api/v1/commitments/\(commitment)"),
                (.POST, "/api/v1/commitments/\(commitment)/insight"), (.GET, "/api/v1/insights/\(insight)"),
                (.PUT, "/api/v1/insights/\(insight)/sharing"), (.GET, "/api/v1/activities/\(activity)"),
                (.PUT, "/api/v1/activities/\(activity)"), (.POST, "/api/v1/activities/\(activity)/adopt"),
            ]
            let pages: [(HTTPMethod, String)] = [
                (.GET, "/communities/\(community)/practice"), (.POST, "/communities/\(community)/activities"),
                (.GET, "/cycles/\(cycleID)"), (.POST, "/cycles/\(cycleID)/commitment"),
                (.POST, "/cycles/\(cycleID)/debrief"), (.POST, "/cycles/\(cycleID)/swap"),
                (.POST, "/commitments/\(commitment)"), (.POST, "/commitments/\(commitment)/insight"),
                (.POST, "/insights/\(insight)/sharing"), (.GET, "/activities/\(activity)"),
                (.POST, "/activities/\(activity)"), (.POST, "/activities/\(activity)/adopt"),
            ]
            // MUT + validation
            for email in ["l4@own.example", "leader@other.example", "facilitator@other.example", "admin@other.example"]
            {
                let token = try await app.apiToken(for: email)
                for (method, path) in api {
                    let status = try await Self.status(app, method, path, token: token, json: "{}")
                    #expect(status == .notFound, "\(email): \(method) \(path) answered \(status)")
                }
                let session = try await app.signIn(email)
                for (method, path) in pages {
                    if method == .GET {
                        try await app.page(path, as: session) {
                            #expect($0.status == .notFound, "\(email): GET \(path) answered \($0.status)")
                        }
                    } else {
                        try await app.submit(path, [:], as: session) {
                            #expect($0.status == .notFound, "\(email): POST \(path) answered \($0.status)")
                        }
                    }
                }
            }
            // nothing changed
            #expect(try await Commitment.query(on: app.db).count() == 1)
            #expect(try await LeadershipActivity.query(on: app.db).filter(\.$adoptedAt != nil).count() == 0)
        }
    }

    @Test("the community's stage: its facilitators judge it each term with why; members see the line; nobody else")
    func stage() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")
            let path = "/communities/\(circle.communityID)/stage"
            let page = "/communities/\(circle.communityID)/practice"
            // MUT: refused without why, keeping what was typed
            try await app.submit(path, ["term": "Autumn 2026", "stage": "coalescing", "why": " "], as: facilitator) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.shows("say in a sentence why the community is at this stage"))
                #expect(response.text.contains("value=\"Autumn 2026\""))
            }
            try await app.submit(
                path, ["term": "Autumn 2026", "stage": "maturing", "why": "Too soon"], as: facilitator
            ) {
                #expect($0.status == .seeOther)
            }
            // the same term again replaces it (in any case); a second term extends the line
            try await app.submit(
                path, ["term": "autumn 2026", "stage": "coalescing", "why": "They found a shared question."],
                as: facilitator
            ) { #expect($0.status == .seeOther) }
            app.trellis.clock.set(ISO8601DateFormatter().date(from: "2027-02-01T20:00:00Z")!)
            let later = try await app.signIn("facilitator@own.example")
            try await app.submit(
                path, ["term": "Winter 2027", "stage": "maturing", "why": "They run their own consultancies."],
                as: later
            ) { #expect($0.status == .seeOther) }
            let again = try await app.signIn("leader@own.example")
            try await app.page(page, as: again) { response in
                #expect(response.text.contains("autumn 2026: Coalescing; Winter 2027: Maturing."))
                #expect(response.text.contains("They found a shared question."))
                #expect(!response.text.contains("Too soon"))
                #expect(!response.text.contains("Judge the stage for a term"))
            }
            // validation: a member does not set it; another community's leader and another district see nothing
            try await app.submit(path, ["term": "x", "stage": "potential", "why": "y"], as: again) {
                #expect($0.status == .forbidden)
            }
            _ = leader
            for email in ["l4@own.example", "admin@other.example"] {
                let session = try await app.signIn(email)
                try await app.submit(path, ["term": "x", "stage": "potential", "why": "y"], as: session) {
                    #expect($0.status == .notFound)
                }
            }
            #expect(try await ValueService.stages(of: circle.communityID, on: app.db).count == 2)
        }
    }
}

@Suite("A page's reads last as long as the page")
struct ScopeMemoTests {
    @Test(
        "what a page has read once (the community, its members, cycles, groups, commitments) serves the page, and is let go with it; a form's request keeps nothing"
    )
    func readsGoWithTheRequest() async throws {
        try await withTrellis { app, _ in
            // setup: a community with a leader, and their view of it as a page's request sees it
            let circle = try await Circle.make(app)
            let leader = try #require(try await User.find(circle.fixture.own.leader, on: app.db))
            weak var released: ScopeMemo?
            do {
                let memo = ScopeMemo(keepsReads: true)
                released = memo
                let scope = DistrictScope(
                    viewer: try Viewer(user: leader, csrfToken: nil), database: app.db, clock: app.trellis.clock,
                    memo: memo)
                // MUT: the parts of a page ask for the same things
                let access = try await scope.practice(of: circle.communityID)
                let cycles = try await PracticeService.cycles(of: access, scope: scope)
                _ = try await PracticeService.schedule(
                    cycles, access: access, now: Date(), through: cycles.last?.number ?? 0, on: app.db)
                _ = try await PracticeService.counts(of: cycles.map(\.id), access: access, on: app.db)
                // a member who joins meanwhile is not seen by this page's later parts…
                let joiner = User(
                    districtID: circle.fixture.own.districtID, email: "joiner@own.example", givenName: "Jo",
                    familyName: "Iner", role: .leader)
                try await joiner.create(on: app.db)
                try await CommunityMembership(communityID: circle.communityID, userID: joiner.requireID(), reasons: "")
                    .create(on: app.db)
                #expect(try await scope.practice(of: circle.communityID).members.count == access.members.count)
                // …but by the next page, and by a form's request at once
                let next = DistrictScope(
                    viewer: try Viewer(user: leader, csrfToken: nil), database: app.db, clock: app.trellis.clock,
                    memo: ScopeMemo(keepsReads: true))
                #expect(try await next.practice(of: circle.communityID).members.count == access.members.count + 1)
                let form = DistrictScope(
                    viewer: try Viewer(user: leader, csrfToken: nil), database: app.db, clock: app.trellis.clock,
                    memo: ScopeMemo(keepsReads: false))
                _ = try await form.practice(of: circle.communityID)
                #expect(try await form.practice(of: circle.communityID).members.count == access.members.count + 1)
            }
            // validation: nothing the page read keeps its reads alive after it
            #expect(released == nil)
            // an optional value (the outcome analysis, nil when there is none) is read, then kept
            let memo = ScopeMemo(keepsReads: true)
            var loads = 0
            for _ in 1...2 {
                let value: Int? = await memo.read("optional") {
                    loads += 1
                    return 7
                }
                #expect(value == 7)
            }
            #expect(loads == 1)
        }
    }
}
