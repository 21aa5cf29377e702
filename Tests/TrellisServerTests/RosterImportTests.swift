import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("OneRoster import through the server")
struct RosterImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("e2e/fixtures")

    static func files(_ folder: String) throws -> OneRosterFiles {
        func read(_ name: String) throws -> String {
            try String(contentsOf: fixtures.appendingPathComponent("\(folder)/\(name)"), encoding: .utf8)
        }
        return OneRosterFiles(
            orgs: try read("orgs.csv"), users: try read("users.csv"), academicSessions: try read("academicSessions.csv")
        )
    }

    /// A browser's multipart upload of the three files.
    static func upload(_ files: OneRosterFiles, csrf: String) -> (ByteBuffer, HTTPMediaType) {
        let boundary = "trellis-test-boundary"
        var body = ""
        func part(_ name: String, _ value: String, filename: String? = nil) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let filename { body += "; filename=\"\(filename)\"\r\nContent-Type: text/csv" }
            body += "\r\n\r\n\(value)\r\n"
        }
        part("csrf", csrf)
        part("orgs", files.orgs, filename: "orgs.csv")
        part("users", files.users, filename: "users.csv")
        if let sessions = files.academicSessions {
            part("academicSessions", sessions, filename: "academicSessions.csv")
        }
        body += "--\(boundary)--\r\n"
        return (
            ByteBuffer(string: body),
            HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        )
    }

    /// Uploads a fixture folder through the import page, as the signed-in admin's browser does.
    static func post(
        _ folder: String, to app: Application, as session: BrowserSession,
        _ check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        try await app.testing().test(
            .POST, SiteURL.rosterImport.relativeURL,
            beforeRequest: { request in
                request.headers = session.headers
                let (body, type) = Self.upload(try Self.files(folder), csrf: session.csrf)
                request.body = body
                request.headers.contentType = type
            }, afterResponse: check)
    }

    static func counts(_ app: Application, district: UUID) async throws -> (schools: Int, leaders: Int) {
        (
            try await School.query(on: app.db).filter(\.$district.$id == district).count(),
            try await User.query(on: app.db).filter(\.$district.$id == district).filter(\.$role == .leader).count()
        )
    }

    @Test("upload → preview → confirm creates schools and leaders; the same files again change nothing")
    func uploadPreviewConfirm() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let before = try await Self.counts(app, district: fixture.own.districtID)
            var confirmPath = ""
            // MUT: preview
            try await Self.post("roster-valid", to: app, as: admin) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Preview the import"))
                // by name, not only counts
                #expect(response.text.contains("<summary>Leaders to add ("))
                #expect(response.text.contains("Paloma Vasquez (paloma.vasquez@harrowcreek.example)"))
                let match = response.text.firstMatch(of: /action="(\/roster\/import\/[^"]+\/confirm)"/)
                confirmPath = String(try #require(match).1)
            }
            // validation: nothing changed yet
            #expect(try await Self.counts(app, district: fixture.own.districtID) == before)
            // MUT: confirm
            try await app.submit(confirmPath, [:], as: admin) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Roster imported"))
            }
            let after = try await Self.counts(app, district: fixture.own.districtID)
            #expect(after.schools == before.schools + 3)
            #expect(after.leaders == before.leaders + 4)
            let paloma = try #require(
                try await User.query(on: app.db).filter(\.$email == "paloma.vasquez@harrowcreek.example").with(
                    \.$school
                ).first())
            #expect(paloma.school?.name == "Willow Bend Elementary")
            #expect(paloma.position == .principal)
            #expect(paloma.yearsInRole == 6)
            #expect(paloma.passwordHash == nil)
            #expect(
                try await User.query(on: app.db).filter(\.$role == .leader).filter(\.$email ~~ ["teacher", "student"])
                    .count() == 0)

            // MUT: the same files again
            let plan = try await RosterService.apply(
                try Self.files("roster-valid"), districtID: fixture.own.districtID, on: app.db)
            #expect(plan.schools == .init(create: 0, update: 0, archive: 0, unchanged: 3))
            #expect(plan.leaders == .init(create: 0, update: 0, archive: 0, unchanged: 4))
            #expect(try await Self.counts(app, district: fixture.own.districtID) == after)
        }
    }

    @Test("a bad upload lists every problem as file:line: field: message and changes nothing")
    func badUpload() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let before = try await Self.counts(app, district: fixture.own.districtID)
            try await Self.post("roster-bad", to: app, as: admin) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Nothing was imported: 3 problems to fix"))
                #expect(response.shows("orgs.csv:4: type: \"campus\" is not a OneRoster org type"))
                #expect(response.text.contains("users.csv:3: email: required for administrators"))
                #expect(response.shows("users.csv:5: role: \"principal\" is not a OneRoster role"))
            }
            #expect(try await Self.counts(app, district: fixture.own.districtID) == before)
            #expect(try await PendingRosterImport.query(on: app.db).count() == 0)
        }
    }

    @Test("tobedeleted archives a leader, who then cannot sign in")
    func archiving() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            _ = try await RosterService.apply(
                try Self.files("roster-valid"), districtID: fixture.own.districtID, on: app.db)
            var files = try Self.files("roster-valid")
            files.users = files.users.replacingOccurrences(
                of: "ext-hc-adm-002,active,", with: "ext-hc-adm-002,tobedeleted,")
            let plan = try await RosterService.apply(files, districtID: fixture.own.districtID, on: app.db)
            #expect(plan.leaders.archive == 1)
            let declan = try #require(try await User.query(on: app.db).filter(\.$sourcedID == "ext-hc-adm-002").first())
            #expect(declan.archived)
        }
    }

    @Test("an email used in another district stops the whole import")
    func emailInOtherDistrict() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            var files = try Self.files("roster-valid")
            files.users = files.users.replacingOccurrences(
                of: "paloma.vasquez@harrowcreek.example", with: "leader@other.example")
            await #expect(throws: RosterProblems.self) {
                _ = try await RosterService.apply(files, districtID: fixture.own.districtID, on: app.db)
            }
            #expect(try await School.query(on: app.db).filter(\.$district.$id == fixture.own.districtID).count() == 1)
        }
    }

    @Test("the command imports a folder into the named district")
    func command() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let plan = try await TrellisCommands.importOneRoster(
                app, directory: Self.fixtures.appendingPathComponent("roster-valid").path, districtSlug: "own")
            #expect(plan.leaders.create == 4)
            #expect(try await Self.counts(app, district: fixture.other.districtID) == (1, 2))
            await #expect(throws: TrellisCommands.Failure.self) {
                _ = try await TrellisCommands.importOneRoster(app, directory: "/nonexistent", districtSlug: "own")
            }
        }
    }
}
