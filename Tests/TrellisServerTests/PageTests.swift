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
            let (school, cohort) = (fixture.own.schoolID, fixture.own.cohortID)
            let pages: [(Role, [SiteURL])] = [
                (.leader, [.home, .schools, .school(.value(school)), .cohorts, .cohort(.value(cohort))]),
                (.facilitator, [.home, .people, .person(.value(fixture.own.leader)), .cohort(.value(cohort))]),
                (
                    .districtAdmin,
                    [
                        .home, .schools, .people, .newPerson, .person(.value(fixture.own.leader)), .cohorts,
                        .newCohort, .cohort(.value(cohort)), .rosterImport,
                    ]
                ),
                (.networkAdmin, [.home, .districts, .schools, .people]),
            ]
            let signIn = SiteURL.signIn.relativeURL
            try await app.page(signIn, as: nil) { Self.checkStructure($0.text, signIn) }
            for (role, urls) in pages {
                let session = try await app.signIn(fixture.email(role))
                for path in urls.map(\.relativeURL) {
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

    @Test("the schools list counts each school's active leaders, and shows only the viewer's district")
    func schoolLeaderCounts() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let empty = School(districtID: fixture.own.districtID, name: "Own Annex", level: .k8)
            try await empty.create(on: app.db)
            func leaders(in text: String, school: String) -> String? {
                let compact = text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
                let name = school.replacingOccurrences(of: " ", with: "")
                guard let at = compact.range(of: ">\(name)</a>") else { return nil }
                let cells = compact[at.upperBound...].components(separatedBy: "<td>").dropFirst()
                return cells.dropFirst().first?.components(separatedBy: "</td>").first
            }
            let admin = try await app.signIn("admin@own.example")
            try await app.page(SiteURL.schools.relativeURL, as: admin) { response in
                #expect(leaders(in: response.text, school: "own Elementary") == "2", "the leader and their peer")
                #expect(leaders(in: response.text, school: "Own Annex") == "0")
                #expect(!response.text.contains("other Elementary"), "another district's school is not listed")
            }
            try await User.query(on: app.db).filter(\.$id == fixture.own.otherLeader).set(\.$archived, to: true)
                .update()
            try await app.page(SiteURL.schools.relativeURL, as: admin) { response in
                #expect(
                    leaders(in: response.text, school: "own Elementary") == "1", "an archived leader is not counted")
            }
            let network = try await app.signIn(fixture.networkAdminEmail)
            try await app.page(SiteURL.schools.relativeURL, as: network) { response in
                #expect(leaders(in: response.text, school: "own Elementary") == "1")
                #expect(leaders(in: response.text, school: "other Elementary") == "2")
            }
        }
    }

    @Test("the network admin's district list counts each district's schools, people and cohorts")
    func districtCounts() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            try await School(districtID: fixture.other.districtID, name: "Other Annex", level: .high).create(on: app.db)
            let network = try await app.signIn(fixture.networkAdminEmail)
            try await app.page(SiteURL.districts.relativeURL, as: network) { response in
                let compact = response.text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(
                    of: " ", with: "")
                // name, slug, schools, people (admin, facilitator, leader, peer), cohorts
                #expect(compact.contains("<td>Districtown</td><td><code>own</code></td><td>1</td><td>4</td><td>1</td>"))
                #expect(
                    compact.contains("<td>Districtother</td><td><code>other</code></td><td>2</td><td>4</td><td>1</td>"))
            }
        }
    }

    @Test("an admin's home sums each cohort on its own: trust round, stories")
    func adminHomeByCohort() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let second = Cohort(
                districtID: fixture.own.districtID, name: "Second circle", schoolYear: SchoolYear(startYear: 2026))
            try await second.create(on: app.db)
            try await CohortMembership(cohortID: second.requireID(), userID: fixture.own.otherLeader, role: .leader)
                .create(on: app.db)
            _ = try await Fixture.makeTrustRound(
                app, districtID: fixture.own.districtID, cohortID: second.requireID(), closedWithResponses: 3,
                title: "Second round")
            for text in ["One", "Two"] {
                try await Story(
                    districtID: fixture.own.districtID, authorID: fixture.own.otherLeader, story: text, need: "x"
                )
                .create(on: app.db)
            }
            try await Story(districtID: fixture.own.districtID, authorID: fixture.own.leader, story: "Mine", need: "x")
                .create(on: app.db)
            let admin = try await app.signIn("admin@own.example")
            try await app.page(SiteURL.home.relativeURL, as: admin) { response in
                let sections = response.text.components(separatedBy: "<a href=\"/cohorts/")
                let own = try #require(sections.first { $0.contains("own cohort (") })
                let other = try #require(sections.first { $0.contains("Second circle (") })
                #expect(own.contains("Stories written: 1 "))
                #expect(other.contains("Stories written: 2 "))
                #expect(other.contains("Second round (closed)"))
                #expect(!own.contains("Second round"))
                #expect(other.contains("of 1 leaders answered"), "the second cohort has one leader")
            }
        }
    }

    @Test("the people directory lists the district's people with school and sign-in state, by role when asked")
    func peopleDirectory() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            try await User.query(on: app.db).filter(\.$id == fixture.own.otherLeader).set(\.$archived, to: true)
                .update()
            try await User(
                districtID: fixture.own.districtID, email: "new@own.example", givenName: "Nova", familyName: "Own",
                role: .leader
            ).create(on: app.db)
            // the row of a person, cells joined by "|", from the table's markup
            func row(_ text: String, _ name: String) -> String? {
                let compact = text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "")
                guard let at = compact.range(of: ">\(name)</a>") else { return nil }
                let rest = compact[at.upperBound...]
                let end = rest.range(of: "</tr>")?.lowerBound ?? rest.endIndex
                return rest[..<end].components(separatedBy: "<td>").dropFirst()
                    .map { $0.replacingOccurrences(of: "</td>", with: "") }.joined(separator: "|")
            }
            let admin = try await app.signIn("admin@own.example")
            try await app.page(SiteURL.people.relativeURL, as: admin) { response in
                #expect(
                    row(response.text, "Own, Leader")
                        == "Leader|own Elementary|Principal|4|leader@own.example|Can sign in")
                #expect(row(response.text, "Own, Peer")?.hasSuffix("|Archived") == true)
                #expect(row(response.text, "Own, Nova")?.hasSuffix("|Not invited yet") == true)
                #expect(row(response.text, "Own, Admin")?.hasPrefix("District admin|") == true)
                #expect(!response.text.contains("other.example"), "another district's people are not listed")
                let order = ["Own, Admin", "Own, Facilitator", "Own, Leader", "Own, Nova", "Own, Peer"].map {
                    response.text.range(of: ">\($0)</a>")?.lowerBound
                }
                #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
            }
            try await app.page(SiteURL.people.relativeURL(.role(.leader)), as: admin) { response in
                #expect(row(response.text, "Own, Leader") != nil && row(response.text, "Own, Nova") != nil)
                #expect(row(response.text, "Own, Admin") == nil, "only leaders")
            }
            let network = try await app.signIn(fixture.networkAdminEmail)
            try await app.page(SiteURL.people.relativeURL, as: network) { response in
                #expect(row(response.text, "Own, Leader") != nil && row(response.text, "Other, Leader") != nil)
                #expect(!response.text.contains("Network, Nia"), "network admins are not listed")
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
            let person = SiteURL.person(.value(fixture.own.leader)).relativeURL
            for path in [person, SiteURL.cohort(.value(fixture.own.cohortID)).relativeURL, SiteURL.people.relativeURL] {
                try await app.page(path, as: admin) { response in
                    #expect(!response.text.contains("<img src=x"), "\(path)")
                    #expect(!response.text.contains("<script>"), "\(path)")
                }
            }
            try await app.page(person, as: admin) { response in
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
            let people = SiteURL.people.relativeURL
            try await app.submit(people, fields, as: admin) { response in
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
                people,
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
            let cohorts = SiteURL.cohorts.relativeURL
            try await app.submit(cohorts, ["name": "Equity network", "schoolYear": "2026/27"], as: admin) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("School year: write a school year such as 2026-27."))
                #expect(response.text.contains("value=\"Equity network\""))
            }
            var location = ""
            try await app.submit(cohorts, ["name": "Equity network", "schoolYear": "2026-27"], as: admin) {
                response in
                #expect(response.status == .seeOther)
                location = String(response.headers.first(name: .location)?.split(separator: "?").first ?? "")
            }
            let created = try await Cohort.query(on: app.db).filter(\.$name == "Equity network").first()
            let cohort = try #require(created).requireID()
            let cohortPath = SiteURL.cohort(.value(cohort)).relativeURL
            #expect(location == cohortPath, "the new cohort's page")
            let members = SiteURL.cohortMembers(.value(cohort)).relativeURL
            try await app.submit(
                members, ["person": fixture.own.facilitator.uuidString, "role": "leader"], as: admin
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("add them as a facilitator"))
            }
            try await app.submit(
                members, ["person": fixture.other.leader.uuidString, "role": "leader"], as: admin
            ) { response in
                #expect(response.status == .unprocessableEntity, "a leader of another district cannot be added")
            }
            try await app.submit(
                members, ["person": fixture.own.leader.uuidString, "role": "leader"], as: admin
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await app.submit(
                members, ["person": fixture.own.facilitator.uuidString, "role": "facilitator"],
                as: admin
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await app.page(cohortPath, as: admin) { response in
                #expect(response.text.contains("1 leaders · 1 facilitators"))
            }
            // The facilitator now sees the cohort on their home page; the other leader does not see it at all.
            let facilitator = try await app.signIn("facilitator@own.example")
            try await app.page(SiteURL.home.relativeURL, as: facilitator) { response in
                #expect(response.text.contains("Equity network"))
            }
            let peer = try await app.signIn("peer@own.example")
            try await app.page(cohortPath, as: peer) { response in #expect(response.status == .notFound) }
            let removal = SiteURL.cohortMemberRemoval(cohort: .value(cohort), person: .value(fixture.own.leader))
            try await app.submit(removal.relativeURL, [:], as: admin) { response in
                #expect(response.status == .seeOther)
            }
            try await app.page(cohortPath, as: admin) { response in
                #expect(response.text.contains("0 leaders · 1 facilitators"))
            }
        }
    }
}
