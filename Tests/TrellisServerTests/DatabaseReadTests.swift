import Fluent
import Foundation
import SQLKit
import SQLiteKit
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

    @Test("one statement read again and again with other values answers each time for the values it was given")
    func keptStatementsAnswerForTheirValues() async throws {
        try await withTrellis { app, database in
            // setup: two districts of four people each
            let fixture = try await Fixture.make(app)
            let sql = try app.db.sql()
            struct Email: Decodable { let email: String }
            func emails(_ district: UUID, first count: Int) async throws -> [String] {
                try await sql.raw(
                    "SELECT email FROM users WHERE district_id = \(bind: district) ORDER BY email LIMIT \(bind: count)"
                ).all(decoding: Email.self).map(\.email)
            }
            let own = ["admin@own.example", "facilitator@own.example", "leader@own.example", "peer@own.example"]
            let other = own.map { $0.replacingOccurrences(of: "@own.", with: "@other.") }
            // MUT: the same text, its values changed between districts and between 0, 1 and more rows
            for (district, expected, count) in [
                (fixture.own.districtID, own, 1), (fixture.other.districtID, other, 2),
                (fixture.own.districtID, own, 0), (fixture.other.districtID, other, 1),
                (fixture.own.districtID, own, 4), (fixture.other.districtID, other, 0),
            ] {
                #expect(try await emails(district, first: count) == Array(expected.prefix(count)))
            }
            guard case .sqlite = database else { return }
            // a statement given fewer values than it has parameters fails, rather than answering with the
            // values of its last use
            let both = try await sql.raw(
                "SELECT email FROM users WHERE email = \(bind: "nobody@own.example") OR email = \(bind: own[2])"
            ).all(decoding: Email.self)
            #expect(both.map(\.email) == [own[2]])
            await #expect(throws: (any Error).self) {
                try await sql.raw(
                    "SELECT email FROM users WHERE email = \(bind: "nobody@own.example") OR email = \(unsafeRaw: "?2")"
                ).all()
            }
        }
    }

    @Test(
        "ids, text, numbers, flags and times read back as Fluent's SQLite decoder reads them, and fail where it fails")
    func plainValuesReadAsTheDecoderReadsThem() throws {
        // setup: the values SQLite hands back, well and badly formed
        let id = "8f14e45f-ceea-467f-a0e6-4f5d1b2a9c3e"
        let values: [SQLiteData] = [
            .text(id), .text(id.uppercased()), .text("8f14e45f-ceea-467f-a0e6-4f5d1b2a9c3"), .text("8f14e45f+ceea"),
            .text("plain words"), .text(""), .text("2026-12-07T08:30:00Z"), .text("1"), .integer(0), .integer(1),
            .integer(2), .integer(-42), .float(1_796_000_000.123_456_7), .float(0.5), .null,
        ]
        let decoder = SQLiteDataDecoder()
        func same<D: Decodable & Equatable>(_ type: D.Type) throws {
            for value in values {
                let row = SQLiteReadRow(columns: SQLiteReadColumns(names: ["v"]), values: [value])
                // MUT: the row's own decoding beside SQLiteKit's
                let read = Result { try row.decode(column: "v", as: D.self) }
                let expected = Result { try decoder.decode(D.self, from: value) }
                switch (read, expected) {
                case (.success(let a), .success(let b)): #expect(a == b, "\(D.self) from \(value)")
                case (.failure, .failure): break
                default: Issue.record("\(D.self) from \(value): \(read) beside the decoder's \(expected)")
                }
            }
        }
        try same(UUID.self)
        try same(String.self)
        try same(Int.self)
        try same(Bool.self)
        try same(Date.self)
        try same(Double.self)
        try same(UUID?.self)
        try same(String?.self)
        try same(Int?.self)
        try same(Bool?.self)
        try same(Date?.self)
        try same(Double?.self)
    }
}
