import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Student outcomes: import all or nothing, the table by role, the API")
struct OutcomeTests {
    /// A browser's multipart upload of one CSV file.
    static func upload(_ text: String, csrf: String) -> (ByteBuffer, HTTPMediaType) {
        let boundary = "trellis-outcomes-boundary"
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"outcomes.csv\"\r\nContent-Type: text/csv\r\n\r\n\(text)\r\n"
            + "--\(boundary)--\r\n"
        return (
            ByteBuffer(string: body),
            HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        )
    }

    static func post(
        _ text: String, to app: Application, as session: BrowserSession,
        _ check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        try await app.testing().test(
            .POST, SiteURL.outcomesImport.relativeURL,
            beforeRequest: { request in
                request.headers = session.headers
                let (body, type) = Self.upload(text, csrf: session.csrf)
                request.body = body
                request.headers.contentType = type
            }, afterResponse: check)
    }

    /// Two schools of the own district (the fixture's, where its leader is principal, and a second), two years.
    static func csv(_ fixture: Fixture, second: String) -> String {
        """
        school,year,subgroup,measure,tested,met
        own-s1,2024-25,All students,ELA,120,48
        own-s1,2025-26,All students,ELA,120,60
        \(second),2024-25,All students,ELA,90,45
        \(second),2025-26,All students,ELA,90,46
        own-s1,2024-25,race: Asian,ELA,6,3
        own-s1,2025-26,race: Asian,ELA,6,4
        """
    }

    static func secondSchool(_ fixture: Fixture, app: Application) async throws -> School {
        let school = School(
            districtID: fixture.own.districtID, name: "Second Street Middle", level: .middle, sourcedID: "own-s2")
        try await school.create(on: app.db)
        return school
    }

    @Test("an admin uploads, previews and confirms; a file with any problem changes nothing and names every one")
    func importPreviewConfirm() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            _ = try await Self.secondSchool(fixture, app: app)
            let admin = try await app.signIn("admin@own.example")
            // MUT: a bad file
            let bad = Self.csv(fixture, second: "own-s2") + "\nnowhere,2025-26,All students,ELA,10,20\n"
            try await Self.post(bad, to: app, as: admin) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Nothing was imported"))
                #expect(response.shows("outcomes.csv:8: school: \"nowhere\" is not a school of the district"))
                #expect(response.shows("outcomes.csv:8: met: 20 is more than the 10 tested"))
            }
            #expect(try await PendingOutcomeImport.query(on: app.db).count() == 0)
            // a good one: preview, nothing stored yet, then confirm
            var confirm = ""
            try await Self.post(Self.csv(fixture, second: "Second Street Middle"), to: app, as: admin) { response in
                #expect(
                    response.status == .ok,
                    "\(response.text.firstMatch(of: /<ul class="problems">.*?<\/ul>/).map { String($0.0) } ?? "")")
                #expect(response.text.contains("Importing adds 6 counts and replaces 0"))
                confirm = String(
                    try #require(response.text.firstMatch(of: /action="(\/outcomes\/import\/[^"]+\/confirm)"/)).1)
            }
            #expect(try await OutcomeService.counts(districtID: fixture.own.districtID, on: app.db).isEmpty)
            // another district's admin cannot confirm it
            let stranger = try await app.signIn("admin@other.example")
            try await app.submit(confirm, [:], as: stranger) { #expect($0.status == .notFound) }
            try await app.submit(confirm, [:], as: admin) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location)?.contains("count=6") == true)
            }
            #expect(try await OutcomeService.counts(districtID: fixture.own.districtID, on: app.db).count == 6)
            // the same again replaces every count
            try await Self.post(Self.csv(fixture, second: "own-s2"), to: app, as: admin) { response in
                #expect(response.text.contains("Importing adds 0 counts and replaces 6"))
            }
            // only admins import
            let facilitator = try await app.signIn("facilitator@own.example")
            try await Self.post(Self.csv(fixture, second: "own-s2"), to: app, as: facilitator) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test(
        "the table: staff see every school, a leader their own; small cells hidden with the reason; the minimum is the district's"
    )
    func table() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let second = try await Self.secondSchool(fixture, app: app)
            let counts = try await OutcomeService.parse(
                Self.csv(fixture, second: "own-s2"), file: "o.csv", districtID: fixture.own.districtID, on: app.db)
            _ = try await OutcomeService.store(counts, districtID: fixture.own.districtID, on: app.db)
            let path = "/outcomes?measure=ELA&subgroup=All%20students&before=2024-25&after=2025-26"
            let facilitator = try await app.signIn("facilitator@own.example")
            try await app.page(path, as: facilitator) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Second Street Middle"))
                #expect(response.text.contains("own Elementary"))
                #expect(response.text.contains("40.0 % (31.7–48.9)"))
                #expect(response.shows("+10.0 ("))
                #expect(response.text.contains("+25.0 %"))
                #expect(response.text.contains("<svg"))
                #expect(response.text.contains("442 %"))
            }
            try await app.page(
                path.replacingOccurrences(of: "All%20students", with: "race%3A%20Asian"), as: facilitator
            ) {
                response in
                #expect(response.text.contains("Hidden: fewer than 10 students tested in a year"))
                #expect(!response.text.contains(">6<"))
            }
            let leader = try await app.signIn("leader@own.example")
            try await app.page(path, as: leader) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("own Elementary"))
                #expect(!response.text.contains(second.name), "a leader sees another school's cells")
            }
            try await app.page(
                "/outcomes/export.csv?measure=ELA&subgroup=All%20students&before=2024-25&after=2025-26", as: leader
            ) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains(second.name))
                #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            }
            // the minimum: never below 5; a higher one hides more
            let admin = try await app.signIn("admin@own.example")
            try await app.submit("/settings/outcomes", ["minimum": "4"], as: admin) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.shows("a whole number from 5 to 1000"))
                #expect(response.text.contains("value=\"4\""))
            }
            try await app.submit("/settings/outcomes", ["minimum": "100"], as: admin) {
                #expect($0.status == .seeOther)
            }
            try await app.page(path, as: facilitator) { response in
                #expect(response.text.contains("Hidden: fewer than 100 students tested in a year"))
            }
            // another district reads its own (none)
            let stranger = try await app.signIn("admin@other.example")
            try await app.page(path, as: stranger) { response in
                #expect(!response.text.contains("Second Street Middle"))
                #expect(response.text.contains("at least two school years"))
            }
        }
    }

    @Test("the API: an import in CSV, all or nothing; the analysis in the command's shape, cut to the reader")
    func api() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            _ = try await Self.secondSchool(fixture, app: app)
            let admin = try await app.apiToken(for: "admin@own.example")
            let leader = try await app.apiToken(for: "leader@own.example")
            func post(_ text: String, token: String, _ check: (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(
                    .POST, "/api/v1/outcomes/imports",
                    beforeRequest: { request in
                        request.headers.bearerAuthorization = .init(token: token)
                        request.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                        request.body = ByteBuffer(string: text)
                    }, afterResponse: check)
            }
            try await post("school,year,subgroup,measure,tested,met\nown-s1,2025,All students,ELA,5,1\n", token: admin)
            {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("outcomes.csv:2: year"))
            }
            try await post(Self.csv(fixture, second: "own-s2"), token: leader) { #expect($0.status == .forbidden) }
            try await post(Self.csv(fixture, second: "own-s2"), token: admin) { response in
                #expect(response.status == .created)
                let body = try APITests.object(response)
                #expect(body["added"] as? Int == 6 && body["replaced"] as? Int == 0)
            }
            try await APITests.call(
                app, .GET, "/api/v1/outcomes?measure=ELA&subgroup=All%20students&before=2024-25&after=2025-26",
                token: leader
            ) { response in
                #expect(response.status == .ok)
                let body = try APITests.object(response)
                #expect(body["minN"] as? Int == 10)
                let cells = try #require(body["cells"] as? [[String: Any]])
                #expect(cells.count == 1, "a leader reads only their own school's cells")
                let groups = try #require(body["groups"] as? [[String: Any]])
                #expect(groups.contains { $0["group"] as? String == "district" })
            }
            try await APITests.call(app, .GET, "/api/v1/outcomes?before=someday", token: admin) {
                #expect($0.status == .unprocessableEntity)
            }
        }
    }

    @Test("trellis outcomes import: the same all-or-nothing reading from a file, by the district's slug")
    func command() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            _ = try await Self.secondSchool(fixture, app: app)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outcomes-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let good = directory.appendingPathComponent("good.csv")
            try Self.csv(fixture, second: "own-s2").write(to: good, atomically: true, encoding: .utf8)
            let bad = directory.appendingPathComponent("bad.csv")
            try (Self.csv(fixture, second: "own-s2") + "\nown-s1,2025-26,race: White,ELA,4,5\n").write(
                to: bad, atomically: true, encoding: .utf8)
            // MUT + validation
            await #expect(throws: RosterProblems.self) {
                try await TrellisCommands.importOutcomes(app, file: bad.path, districtSlug: "own")
            }
            #expect(try await OutcomeService.counts(districtID: fixture.own.districtID, on: app.db).isEmpty)
            await #expect(throws: TrellisCommands.Failure.self) {
                try await TrellisCommands.importOutcomes(app, file: good.path, districtSlug: "nowhere")
            }
            let first = try await TrellisCommands.importOutcomes(app, file: good.path, districtSlug: "own")
            #expect(first.added == 6 && first.replaced == 0)
            let again = try await TrellisCommands.importOutcomes(app, file: good.path, districtSlug: "own")
            #expect(again.added == 0 && again.replaced == 6)
            #expect(try await OutcomeService.counts(districtID: fixture.other.districtID, on: app.db).isEmpty)
        }
    }
}

@Suite("How outcome figures are written")
struct OutcomeFormatTests {
    @Test(
        "figures have one decimal rounded as printf rounds them (0.15 is a little under, 0.25 a tie), signed ones with a true minus"
    )
    func oneDecimal() {
        #expect(OutcomeFormat.number(0.15) == "0.1" && OutcomeFormat.number(0.25) == "0.2")
        #expect(OutcomeFormat.number(-0.04) == "-0.0" && OutcomeFormat.number(1e300) == String(format: "%.1f", 1e300))
        #expect(OutcomeFormat.signed(-1.25) == "−1.2" && OutcomeFormat.signed(3) == "+3.0")
        #expect(OutcomeFormat.signed(-0.04) == "−0.0" && OutcomeFormat.signed(0) == "+0.0")
        #expect(OutcomeFormat.signed(-.infinity) == "−inf" && OutcomeFormat.signed(-1e20) == "−100000000000000000000.0")
    }
}
