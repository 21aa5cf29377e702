import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor

@testable import TrellisServer

/// Reads outside a transaction run on SQLite's reading connections (`SQLiteReads.swift`) and on PostgreSQL's
/// pool; the same rules hold on both.
@Suite("Database reads")
struct DatabaseReadTests {
    @Test("a read made while someone's change is half-made sees the data as it was, and the change once it is made")
    func readsSeeWhatIsCommitted() async throws {
        try await withTrellis { app, _ in
            // setup: a leader whose name is about to change
            let fixture = try await Fixture.make(app)
            let leader = try #require(try await User.find(fixture.own.leader, on: app.db))
            let before = leader.givenName
            // MUT: another request reads the leader while the change is in its transaction…
            try await app.db.transaction { transaction in
                leader.givenName = "Renamed"
                try await leader.save(on: transaction)
                let meanwhile = try await User.find(fixture.own.leader, on: app.db)
                #expect(meanwhile?.givenName == before)
            }
            // …and the same read again once it is committed
            let after = try await User.find(fixture.own.leader, on: app.db)
            #expect(after?.givenName == "Renamed")
            let counted = try await User.query(on: app.db).filter(\.$givenName == "Renamed").count()
            #expect(counted == 1)
        }
    }

    @Test("a statement that begins WITH but deletes is run and deletes; a read of a column that is not there fails")
    func writesAndMistakesAreNotReads() async throws {
        try await withTrellis { app, _ in
            // setup: a leader with nothing else attached
            let fixture = try await Fixture.make(app)
            let leaving = User(
                districtID: fixture.own.districtID, email: "leaving@own.example", givenName: "Lee",
                familyName: "Ving", role: .leader)
            try await leaving.create(on: app.db)
            let sql = try app.db.sql()
            // MUT
            try await sql.raw(
                "WITH gone AS (SELECT id FROM users WHERE email = \(bind: "leaving@own.example")) DELETE FROM users WHERE id IN (SELECT id FROM gone)"
            ).run()
            await #expect(throws: (any Error).self) {
                try await sql.raw("SELECT no_such_column FROM users").all()
            }
            // the leader is gone, and a read of the users still works after the failed one
            #expect(try await User.find(leaving.requireID(), on: app.db) == nil)
            #expect(try await User.find(fixture.own.leader, on: app.db) != nil)
        }
    }
}
