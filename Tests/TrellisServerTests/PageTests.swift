import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Pages: structure, forms and escaping")
struct PageTests {
    /// One h1, one main landmark, a skip link, and a label for every visible form control.
    static func checkStructure(_ html: String, _ where_: String) {
        #expect(html.components(separatedBy: "<h1").count - 1 == 1, "\(where_): exactly one h1")
        #expect(html.components(separatedBy: "<main").count - 1 == 1, "\(where_): exactly one main")
        #expect(html.contains("Skip to main content"), "\(where_): skip link")
        #expect(html.contains("<html lang=\"en\">"), "\(where_): language")
        for match in html.matches(of: /<(input|select|textarea)([^>]*)>/) {
            let attributes = String(match.2)
            if attributes.contains("type=\"hidden\"") || attributes.contains("type=\"submit\"") { continue }
            guard let id = attributes.firstMatch(of: /id="([^"]+)"/)?.1 else {
                Issue.record("\(where_): a form control without an id: \(match.0)")
                continue
            }
            #expect(html.contains("<label for=\"\(id)\""), "\(where_): no label for #\(id)")
        }
        #expect(!html.contains("http://") || html.contains("reset?token="), "\(where_): no request to another host")
    }

    @Test("every page of every role is well formed and labelled")
    func structure() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let pages: [(Role, [String])] = [
                (
                    .leader,
                    [
                        "/", "/schools", "/schools/\(fixture.own.schoolID)", "/cohorts",
                        "/cohorts/\(fixture.own.cohortID)",
                    ]
                ),
                (.facilitator, ["/", "/people", "/people/\(fixture.own.leader)", "/cohorts/\(fixture.own.cohortID)"]),
                (
                    .districtAdmin,
                    [
                        "/", "/schools", "/people", "/people/new", "/people/\(fixture.own.leader)", "/cohorts",
                        "/cohorts/new",
                        "/cohorts/\(fixture.own.cohortID)", "/roster/import",
                    ]
                ),
                (.networkAdmin, ["/", "/districts", "/schools", "/people"]),
            ]
            try await app.page("/signin", as: nil) { Self.checkStructure($0.text, "/signin") }
            for (role, paths) in pages {
                let session = try await app.signIn(fixture.email(role))
                for path in paths {
                    try await app.page(path, as: session) { response in
                        #expect(response.status == .ok, "\(role) \(path)")
                        Self.checkStructure(response.text, "\(role) \(path)")
                    }
                }
            }
            try await app.page("/no-such-page", as: nil) { response in
                #expect(response.status == .notFound)
                Self.checkStructure(response.text, "404 page")
            }
        }
    }

    @Test("what people type is shown as text, never run as markup")
    func escaping() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let hostile = #""><img src=x onerror=alert(1)><script>alert(2)</script>"#
            try await User.query(on: app.db).filter(\.$id == fixture.own.leader).set(\.$givenName, to: hostile).update()
            let admin = try await app.signIn("admin@own.example")
            for path in ["/people/\(fixture.own.leader)", "/cohorts/\(fixture.own.cohortID)", "/people"] {
                try await app.page(path, as: admin) { response in
                    #expect(!response.text.contains("<img src=x"), "\(path)")
                    #expect(!response.text.contains("<script>"), "\(path)")
                }
            }
            try await app.page("/people/\(fixture.own.leader)", as: admin) { response in
                #expect(
                    response.text.contains("value=\"&quot;&gt;&lt;img src=x"), "the edit form keeps the name, escaped")
            }
            try await app.page("/signin?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E", as: nil) { response in
                #expect(!response.text.contains("<script>"))
            }
        }
    }

    @Test("a person form with problems keeps what was typed and names each problem")
    func personFormKeepsInput() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let fields = [
                "givenName": "Ana", "familyName": "", "email": "leader@other.example", "role": "leader",
                "school": fixture.other.schoolID.uuidString, "position": "principal", "yearsInRole": "seven",
            ]
            try await app.submit("/people", fields, as: admin) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("value=\"Ana\""))
                #expect(response.text.contains("value=\"seven\""))
                #expect(
                    response.text.contains("Family name: enter the person&#39;s family name.")
                        || response.text.contains("Family name: enter the person's family name."))
                #expect(response.text.contains("another account already uses leader@other.example"))
                #expect(
                    response.text.contains("School: choose one of the district&#39;s schools.")
                        || response.text.contains("School: choose one of the district's schools."))
                #expect(response.text.contains("Years in the role: enter a whole number from 0 to 60."))
            }
            #expect(try await User.query(on: app.db).filter(\.$givenName == "Ana").count() == 0)
            try await app.submit(
                "/people",
                [
                    "givenName": "Ana", "familyName": "Lopez", "email": "Ana.Lopez@Own.example", "role": "leader",
                    "school": fixture.own.schoolID.uuidString, "position": "assistant-principal", "yearsInRole": "2",
                ],
                as: admin
            ) { response in
                #expect(response.status == .seeOther)
            }
            let ana = try #require(try await User.query(on: app.db).filter(\.$email == "ana.lopez@own.example").first())
            #expect(ana.$district.id == fixture.own.districtID)
            #expect(ana.position == .assistantPrincipal)
            #expect(ana.yearsInRole == 2)
            #expect(ana.passwordHash == nil)
        }
    }

    @Test("an admin builds a cohort: bad year refused with the name kept, then members added and removed")
    func cohortFlow() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            try await app.submit("/cohorts", ["name": "Equity network", "schoolYear": "2026/27"], as: admin) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("School year: write a school year such as 2026-27."))
                #expect(response.text.contains("value=\"Equity network\""))
            }
            var cohortPath = ""
            try await app.submit("/cohorts", ["name": "Equity network", "schoolYear": "2026-27"], as: admin) {
                response in
                #expect(response.status == .seeOther)
                cohortPath = String(response.headers.first(name: .location)?.split(separator: "?").first ?? "")
            }
            try await app.submit(
                "\(cohortPath)/members", ["person": fixture.own.facilitator.uuidString, "role": "leader"], as: admin
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("add them as a facilitator"))
            }
            try await app.submit(
                "\(cohortPath)/members", ["person": fixture.other.leader.uuidString, "role": "leader"], as: admin
            ) { response in
                #expect(response.status == .unprocessableEntity, "a leader of another district cannot be added")
            }
            try await app.submit(
                "\(cohortPath)/members", ["person": fixture.own.leader.uuidString, "role": "leader"], as: admin
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await app.submit(
                "\(cohortPath)/members", ["person": fixture.own.facilitator.uuidString, "role": "facilitator"],
                as: admin
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await app.page(cohortPath, as: admin) { response in
                #expect(response.text.contains("1 leaders · 1 facilitators"))
            }
            // The facilitator now sees the cohort on their home page; the other leader does not see it at all.
            let facilitator = try await app.signIn("facilitator@own.example")
            try await app.page("/", as: facilitator) { response in #expect(response.text.contains("Equity network")) }
            let peer = try await app.signIn("peer@own.example")
            try await app.page(cohortPath, as: peer) { response in #expect(response.status == .notFound) }
            try await app.submit("\(cohortPath)/members/\(fixture.own.leader)/remove", [:], as: admin) { response in
                #expect(response.status == .seeOther)
            }
            try await app.page(cohortPath, as: admin) { response in
                #expect(response.text.contains("0 leaders · 1 facilitators"))
            }
        }
    }
}
