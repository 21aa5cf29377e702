import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Adding every leader of chosen schools to a cohort")
struct CohortBulkAddTests {
    @Test("the admin ticks schools and their leaders join; a school of another district changes nothing")
    func addSchools() async throws {
        try await withTrellis { app, _ in
            // setup: the own school has the cohort's leader and a peer who is not in the cohort yet
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let cohortURL = SiteURL.cohort(.value(fixture.own.cohortID))
            let cohort = cohortURL.relativeURL
            let path = SiteURL.cohortMembersFromSchools(.value(fixture.own.cohortID)).relativeURL
            try await app.page(cohort, as: admin) { response in
                #expect(response.text.contains("Or add every leader of these schools"))
                #expect(response.text.contains("own Elementary (1 leader)"))
                // who may be added one by one: this district's people not in the cohort, nobody else
                let option = { (id: UUID) in "<option value=\"\(id.uuidString.lowercased())\"" }
                #expect(response.text.contains(option(fixture.own.otherLeader)))
                #expect(!response.text.contains(option(fixture.own.leader)), "already in the cohort")
                #expect(!response.text.contains(option(fixture.other.otherLeader)), "another district's")
            }
            let before = try await CohortMembership.query(on: app.db).count()

            // MUT: refusals change nothing
            try await app.submit(path, [:], as: admin) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Schools: tick one or more"))
            }
            try await app.submit(path, ["schools[]": fixture.other.schoolID.uuidString], as: admin) {
                #expect($0.status == .unprocessableEntity)
            }
            #expect(try await CohortMembership.query(on: app.db).count() == before)

            // MUT: the school's leaders join, once
            try await app.submit(path, ["schools[]": fixture.own.schoolID.uuidString], as: admin) { response in
                #expect(response.status == .seeOther)
                #expect(
                    response.headers.first(name: .location) == cohortURL.relativeURL(.done(.addedSchools), .count(1)))
            }
            try await app.submit(path, ["schools[]": fixture.own.schoolID.uuidString], as: admin) {
                #expect($0.headers.first(name: .location) == cohortURL.relativeURL(.done(.addedSchools), .count(0)))
            }
            // validation
            let peer = try await CohortMembership.query(on: app.db).filter(\.$cohort.$id == fixture.own.cohortID)
                .filter(\.$user.$id == fixture.own.otherLeader).first()
            #expect(peer?.role == .leader)
            try await app.page(cohortURL.relativeURL(.done(.addedSchools), .count(1)), as: admin) { response in
                #expect(response.text.contains("Added 1 leader;"))
                #expect(!response.text.contains("Or add every leader of these schools"), "nobody is left to add")
                #expect(!response.text.contains("<option value=\"\(fixture.own.otherLeader.uuidString.lowercased())\""))
            }
        }
    }
}
