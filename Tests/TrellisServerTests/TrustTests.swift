import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Trust survey: anonymity, suppression, rounds")
struct TrustTests {
    static func allAnswers(_ value: Int = 5) -> [String: String] {
        Dictionary(uniqueKeysWithValues: TrustInstrument.current.items.map { ("item-\($0.id)", "\(value)") })
    }

    /// The columns of a table, on either database.
    static func columns(_ table: String, _ app: Application) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            return try await sql.raw("PRAGMA table_info(\(unsafeRaw: table))").all().map {
                try $0.decode(column: "name", as: String.self)
            }
        }
        return try await sql.raw("SELECT column_name FROM information_schema.columns WHERE table_name = \(bind: table)")
            .all()
            .map { try $0.decode(column: "column_name", as: String.self) }
    }

    @Test("the schema has no path from a person to an answer")
    func schemaHasNoPath() async throws {
        try await withTrellis { app, database in
            for table in ["trust_answers", "trust_open_answers"] {
                let columns = try await Self.columns(table, app)
                #expect(
                    Set(columns)
                        == Set([
                            "id", "round_id", "community_id", "response_id",
                            table == "trust_answers" ? "item_id" : "question_id",
                            table == "trust_answers" ? "value" : "text", "answered_on",
                        ]), "\(database): \(table) has \(columns)")
            }
            let participation = try await Self.columns("trust_participation", app)
            #expect(
                Set(participation) == ["id", "round_id", "user_id"],
                "\(database): participation carries only who and which round")
            let sql = app.db as! any SQLDatabase
            if sql.dialect.name == "sqlite" {
                // Stored in random-id order, not in the order people answered.
                let definition = try await sql.raw("SELECT sql FROM sqlite_master WHERE name = 'trust_participation'")
                    .first()?
                    .decode(column: "sql", as: String.self)
                #expect(definition?.contains("WITHOUT ROWID") == true)
            }
        }
    }

    @Test("a leader answers once; the answers carry no trace of who gave them")
    func answerOnce() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let leader = try await app.signIn("leader@own.example")
            let path = SiteURL.trustAnswer(.value(fixture.own.openRound)).relativeURL
            var partial = Self.allAnswers()
            partial["item-P3"] = nil
            try await app.submit(path, partial, as: leader) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("choose one of the seven answers"))
                #expect(response.text.contains("value=\"5\" required checked"), "choices are kept")
            }
            #expect(try await TrustAnswer.query(on: app.db).filter(\.$roundID == fixture.own.openRound).count() == 0)
            try await app.submit(path, Self.allAnswers(), as: leader) { response in
                #expect(response.status == .seeOther)
            }
            try await app.submit(path, Self.allAnswers(2), as: leader) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("already answered"))
            }
            let answers = try await TrustAnswer.query(on: app.db).filter(\.$roundID == fixture.own.openRound).all()
            #expect(answers.count == 16)
            #expect(Set(answers.map(\.responseID)).count == 1)
            #expect(!answers.contains { $0.responseID == fixture.own.leader })
            #expect(answers.allSatisfy { $0.value == 5 })
            #expect(
                try await TrustParticipation.query(on: app.db).filter(\.$roundID == fixture.own.openRound).count() == 1)
            try await app.page(SiteURL.trustRound(.value(fixture.own.openRound)).relativeURL, as: leader) { response in
                #expect(response.text.contains("1 of 1 leaders have answered"))
                #expect(response.text.contains("You have answered this round"))
                #expect(response.text.contains("Results appear when the round closes"))
            }
        }
    }

    @Test("results show only for closed rounds with at least the minimum of responses")
    func suppression() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let small = try await Fixture.makeTrustRound(
                app, districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, closedWithResponses: 3,
                title: "Small")
            let facilitator = try await app.signIn("facilitator@own.example")
            let closed = SiteURL.trustRound(.value(fixture.own.closedRound)).relativeURL
            try await app.page(SiteURL.trustRound(.value(small)).relativeURL, as: facilitator) { response in
                #expect(response.text.contains("fewer than the 4 needed"))
                #expect(!response.text.contains("<svg"))
                #expect(!response.text.contains("Weakest facet"))
            }
            try await app.page(closed, as: facilitator) { response in
                #expect(response.text.contains("Results (5 responses)"))
                #expect(response.text.contains("<svg"))
                #expect(response.text.contains("Weakest facet"))
            }
            let admin = try await app.signIn("admin@own.example")
            try await app.page(SiteURL.trustItemsCSV(.value(small)).relativeURL, as: admin) { response in
                #expect(response.status == .conflict)
            }
            let closedItems = SiteURL.trustItemsCSV(.value(fixture.own.closedRound)).relativeURL
            try await app.page(closedItems, as: admin) { response in
                #expect(response.status == .ok)
                let lines = response.text.split(separator: "\r\n")
                #expect(lines.first == "round,community,response,facet,item,value,reverse")
                #expect(lines.count == 1 + 5 * 16)
                #expect(!response.text.contains("own.example"))
            }
            // The district raises its minimum: a round of five is no longer shown.
            try await District.query(on: app.db).filter(\.$id == fixture.own.districtID).set(\.$minimumGroupSize, to: 6)
                .update()
            try await app.page(closed, as: facilitator) { response in
                #expect(response.text.contains("fewer than the 6 needed"))
            }
            let token = try await app.apiToken(for: "leader@own.example")
            try await app.testing().test(
                .GET, SiteURL.api(.trustResults(.value(small))).relativeURL,
                beforeRequest: { $0.headers.bearerAuthorization = .init(token: token) }
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"suppressed\":true"))
                #expect(!response.text.contains("\"mean\""))
            }
            try await app.testing().test(
                .GET, SiteURL.api(.trustResults(.value(fixture.own.openRound))).relativeURL,
                beforeRequest: { $0.headers.bearerAuthorization = .init(token: token) }
            ) { response in
                #expect(response.status == .conflict)
            }
        }
    }

    @Test("a facilitator opens and closes a round; bad dates keep what was typed")
    func openAndClose() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let path = SiteURL.cohortTrust(.value(fixture.own.cohortID)).relativeURL
            try await app.submit(
                path, ["title": "Autumn", "opensOn": "2026-10-10", "closesOn": "2026-10-01"], as: facilitator
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("must be on or after the day it opens"))
                #expect(response.text.contains("value=\"Autumn\""))
            }
            var location = ""
            try await app.submit(
                path, ["title": "Autumn", "opensOn": "2026-01-01", "closesOn": "2099-01-01"], as: facilitator
            ) { response in
                #expect(response.status == .seeOther)
                location = String(response.headers.first(name: .location)?.split(separator: "?").first ?? "")
            }
            let autumn = try await TrustRound.query(on: app.db).filter(\.$title == "Autumn").first()
            let round = try #require(autumn).requireID()
            #expect(location == SiteURL.trustRound(.value(round)).relativeURL, "the new round's page")
            let leader = try await app.signIn("leader@own.example")
            try await app.page(SiteURL.home.relativeURL, as: leader) { response in
                #expect(response.text.contains("The trust survey “Autumn” is open"))
            }
            let closing = SiteURL.trustRoundClosing(.value(round)).relativeURL
            try await app.submit(closing, [:], as: facilitator) { response in
                #expect(response.status == .seeOther)
            }
            try await app.page(SiteURL.home.relativeURL, as: leader) { response in
                #expect(!response.text.contains("The trust survey “Autumn” is open"))
            }
            let answering = SiteURL.trustAnswer(.value(round)).relativeURL
            try await app.submit(answering, Self.allAnswers(), as: leader) { response in
                #expect(response.status == .conflict, "a closed round takes no answers")
            }
        }
    }

    @Test("a closed round's results are kept, and worked out again when a community is renamed or the round reopens")
    func storedResults() async throws {
        try await withTrellis { app, _ in
            _ = try await DemoSeeder.seed(app, password: "demo password 1")
            let today = app.trellis.clock.today()
            let winter = try #require(try await TrustRound.query(on: app.db).sort(\.$opensOn).all().dropFirst().first)
            let first = try #require(try await TrustService.results(winter, today: today, on: app.db))
            #expect(
                try await TrustRoundResultRecord.query(on: app.db).filter(\.$roundID == winter.requireID()).count() == 1
            )
            let again = try #require(try await TrustService.results(winter, today: today, on: app.db))
            #expect(again.groups == first.groups, "the kept figures are exactly the ones worked out")
            #expect(again.openAnswers.map(\.answers) == first.openAnswers.map(\.answers))
            // The page reads the kept figures lightly: the cohort whole, each community's size and weakest facet.
            let page = try #require(try await TrustService.summary(winter, today: today, on: app.db))
            #expect(page.cohort == first.cohort)
            #expect(page.communities == first.groups.dropFirst().map(TrustService.CommunitySummary.init))
            #expect(page.communities.count >= 4 && page.communities.allSatisfy { $0.weakest != nil })
            #expect(page.openAnswers.map(\.answers) == first.openAnswers.map(\.answers))

            let community = try #require(
                try await Community.query(on: app.db).filter(\.$name == first.groups[1].community ?? "").first())
            community.name = "Renamed circle"
            try await community.save(on: app.db)
            let renamedPage = try #require(try await TrustService.summary(winter, today: today, on: app.db))
            #expect(renamedPage.communities.contains { $0.community == "Renamed circle" })
            let renamed = try #require(try await TrustService.results(winter, today: today, on: app.db))
            #expect(renamedPage.communities == renamed.groups.dropFirst().map(TrustService.CommunitySummary.init))
            #expect(renamed.groups.contains { $0.community == "Renamed circle" })
            #expect(!renamed.groups.contains { $0.community == first.groups[1].community })

            // Reopened, answered once more, closed again: the results count the new answer.
            winter.closedAt = nil
            winter.closesOn = today.adding(days: 3).description
            try await winter.save(on: app.db)
            #expect(try await TrustService.results(winter, today: today, on: app.db) == nil)
            let responseID = UUID()
            for item in TrustInstrument.current.items {
                try await TrustAnswer(
                    roundID: winter.requireID(), communityID: nil, responseID: responseID, itemID: item.id,
                    value: 6, answeredOn: today.description
                ).create(on: app.db)
            }
            winter.closedAt = app.trellis.clock.now()
            try await winter.save(on: app.db)
            let reclosed = try #require(try await TrustService.results(winter, today: today, on: app.db))
            #expect(reclosed.cohort.n == first.cohort.n + 1)
            #expect(
                try await TrustRoundResultRecord.query(on: app.db).filter(\.$roundID == winter.requireID()).count() == 1
            )
        }
    }

    @Test(
        "the demo cohort has two closed rounds and an open one, predictability weakest in autumn and better by winter")
    func demoRounds() async throws {
        try await withTrellis { app, _ in
            _ = try await DemoSeeder.seed(app, password: "demo password 1")
            let rounds = try await TrustRound.query(on: app.db).sort(\.$opensOn).all()
            #expect(rounds.map { $0.status(on: app.trellis.clock.today()) } == [.closed, .closed, .open])
            let autumn = try #require(
                try await TrustService.results(rounds[0], today: app.trellis.clock.today(), on: app.db))
            let winter = try #require(
                try await TrustService.results(rounds[1], today: app.trellis.clock.today(), on: app.db))
            #expect(autumn.cohort.weakestFacet == .predictability)
            let autumnP = try #require(autumn.cohort.facets[.predictability]?.mean)
            let winterP = try #require(winter.cohort.facets[.predictability]?.mean)
            #expect(winterP > autumnP + 0.5)
            #expect((autumn.cohort.facets[.benevolence]?.alpha ?? 0) > 0.6, "the demo's facets hang together")
            #expect(autumn.openAnswers.first?.answers.count == 5)
            let leader = try #require(
                try await User.query(on: app.db).filter(\.$email == DemoDistrict.leaderEmail).first())
            #expect(try await TrustService.hasAnswered(rounds[2], userID: leader.requireID(), on: app.db) == false)
        }
    }
}
