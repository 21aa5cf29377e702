import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// What a security review found, each as the request that showed it.
@Suite("Security review: escaping, redirects, ended access, body limits, methods")
struct SecurityReviewTests {
    /// The ways Swift joins a special character to a neighbour into one `Character`.
    static let joinings: [(name: String, mark: @Sendable (String) -> String)] = [
        ("followed by U+0301", { $0 + "\u{301}" }),
        ("followed by U+200D", { $0 + "\u{200D}" }),
        ("followed by U+FE0F", { $0 + "\u{FE0F}" }),
        ("preceded by U+0600", { "\u{600}" + $0 }),
    ]

    /// `"`, `'`, `<`, `>` and `&`, each joined, each followed by what would be an attribute or an element
    /// if it escaped.
    static func payload(_ mark: (String) -> String) -> String {
        "x" + mark("\"") + " autofocus data-injected=1 " + mark("'") + " formaction=/signout " + mark("<")
            + "i>" + mark(">") + " " + mark("&") + "amp; y"
    }

    struct Page {
        let name: String
        let path: String
        let session: BrowserSession?
        var host: String? = nil
    }

    static func structure(of page: Page, app: Application) async throws -> (HTMLStructure, String) {
        var html = ""
        try await app.testing().test(
            .GET, page.path,
            beforeRequest: { request in
                if let session = page.session { request.headers = session.headers }
                if let host = page.host { request.headers.replaceOrAdd(name: .host, value: host) }
            },
            afterResponse: { response in
                #expect(response.status == .ok, "\(page.name) answered \(response.status)")
                html = response.text
            })
        return (HTMLStructure(html), html)
    }

    @Test("hostile text in every place a person types it stays text: no attribute or element appears")
    func hostileValuesStayText() async throws {
        try await withTrellis { app, _ in
            // setup: a community with a board note, a meeting with an agenda item and a web location
            let circle = try await Circle.make(app)
            let fixture = circle.fixture
            let admin = try await app.signIn("admin@own.example")
            let series = try await RhythmTests.createSeries(app, fixture, as: circle.facilitator)
            let meeting = SiteURL.meeting(.value(series), day: .value("2026-10-13")).relativeURL
            let agenda = SiteURL.meetingStep(.value(series), day: .value("2026-10-13"), .agenda).relativeURL
            let cohort = fixture.own.cohortID
            try await app.submit(
                SiteURL.cohortFormationStep(.value(cohort), .challenges).relativeURL, ["standard": "1"],
                as: circle.facilitator
            ) { #expect($0.status == .seeOther) }

            func write(_ value: String) async throws {
                for id in [fixture.own.leader, fixture.own.otherLeader] {
                    let user = try #require(try await User.find(id, on: app.db))
                    user.givenName = value
                    try await user.save(on: app.db)
                }
                let l1 = try #require(try await User.query(on: app.db).filter(\.$email == "l1@own.example").first())
                l1.familyName = value
                try await l1.save(on: app.db)
                let community = try #require(try await Community.find(circle.communityID, on: app.db))
                community.name = value
                try await community.save(on: app.db)
                let record = try #require(try await MeetingSeriesRecord.find(series, on: app.db))
                record.location = "https://video.example/" + value
                try await record.save(on: app.db)
                try await app.submit(circle.board, ["op": "add", "text": value], as: circle.leader) {
                    #expect($0.status == .seeOther)
                }
                try await app.submit(
                    agenda, ["itemTitle": value, "itemMinutes": "10"], as: circle.facilitator
                ) { #expect($0.status == .seeOther) }
            }
            func pages(next: String, host: String) -> [Page] {
                let query = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return [
                    Page(name: "board", path: circle.board, session: circle.leader),
                    Page(
                        name: "community", path: SiteURL.community(.value(circle.communityID)).relativeURL,
                        session: circle.leader),
                    Page(name: "cohort", path: SiteURL.cohort(.value(cohort)).relativeURL, session: circle.facilitator),
                    Page(
                        name: "formation", path: SiteURL.cohortFormation(.value(cohort)).relativeURL,
                        session: circle.facilitator),
                    Page(name: "person", path: SiteURL.person(.value(fixture.own.leader)).relativeURL, session: admin),
                    Page(name: "meeting", path: meeting, session: circle.facilitator),
                    Page(name: "sign-in", path: "/signin?next=\(query)", session: nil),
                    Page(name: "account", path: SiteURL.account.relativeURL, session: circle.leader, host: host),
                ]
            }

            // The same pages with harmless values are the baseline of what each page has.
            try await write("Plain words")
            var baseline: [String: Set<String>] = [:]
            for page in pages(next: SiteURL.cohorts.relativeURL, host: "127.0.0.1:8080") {
                baseline[page.name] = try await Self.structure(of: page, app: app).0.vocabulary
            }

            for joining in Self.joinings {
                // MUT
                let payload = Self.payload(joining.mark)
                try await write(payload)
                for page in pages(next: "/x" + payload, host: "trellis.example" + payload) {
                    let (structure, html) = try await Self.structure(of: page, app: app)
                    // validation
                    let injected = structure.vocabulary.subtracting(baseline[page.name] ?? [])
                    #expect(injected.isEmpty, "\(page.name), \(joining.name): the page gained \(injected.sorted())")
                    #expect(
                        !structure.vocabulary.contains {
                            $0.hasSuffix("[autofocus]") || $0.hasSuffix("[data-injected]")
                        })
                    if ["board", "community", "cohort", "person", "meeting"].contains(page.name) {
                        #expect(
                            html.contains(MarkupEscaping.escape(payload)),
                            "\(page.name), \(joining.name): the text should be kept whole, escaped")
                    }
                }
            }
        }
    }

    @Test("after sign-in only a path on this site is followed: tabs, backslashes, // and schemes go home")
    func signInRedirectStaysOnSite() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let csrf = "anonymous-form-token-of-enough-length-000"
            let attempts = [
                "/\t/evil.example", "/%09/evil.example", "/\\evil.example", "//evil.example", "/%2F%2Fevil.example",
                "/%5Cevil.example", "https://evil.example", "https:evil.example", "/\n/evil.example", " /cohorts",
            ]
            for next in attempts + ["/cohorts?view=all"] {
                // MUT
                try await app.testing().test(
                    .POST, SiteURL.signIn.relativeURL,
                    beforeRequest: { request in
                        request.headers.cookie = [CookieName.anonymousCSRF: .init(string: csrf)]
                        try request.content.encode(
                            ["email": "leader@own.example", "password": Fixture.password, "csrf": csrf, "next": next],
                            as: .urlEncodedForm)
                    },
                    afterResponse: { response in
                        // validation
                        #expect(response.status == .seeOther)
                        let expected = attempts.contains(next) ? SiteURL.home.relativeURL : next
                        #expect(response.headers.first(name: .location) == expected, "next=\(next.debugDescription)")
                    })
            }
            // the reflected form field is dropped, not echoed
            try await app.page("/signin?next=/%09/evil.example", as: nil) { response in
                #expect(!response.text.contains("name=\"next\""))
            }
        }
    }

    @Test("archiving, a role change and a password reset end sessions and API tokens on the very next request")
    func endedAccessEndsAtOnce() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            _ = try await fixture.addOwnLeaders(1, app: app)
            let admin = try await app.signIn("admin@own.example")
            let leader = try await app.signIn("leader@own.example")
            let token = try await app.apiToken(for: "leader@own.example")
            func sessionWorks(_ session: BrowserSession) async throws -> Bool {
                var works = false
                try await app.page(SiteURL.account.relativeURL, as: session) { works = $0.status == .ok }
                return works
            }
            func tokenWorks(_ token: String) async throws -> Bool {
                var works = false
                try await APITests.call(app, .GET, SiteURL.api(.me).relativeURL, token: token) {
                    works = $0.status == .ok
                }
                return works
            }
            #expect(try await sessionWorks(leader))
            #expect(try await tokenWorks(token))
            let person = SiteURL.person(.value(fixture.own.leader))
            let archiving = SiteURL.personArchiving(.value(fixture.own.leader)).relativeURL
            try await app.page(person.relativeURL, as: admin) { response in
                #expect(response.text.contains("Archive Leader Own"))
            }

            // MUT: archive from the person's page
            try await app.submit(archiving, ["archived": "true"], as: admin) {
                #expect($0.status == .seeOther)
            }
            // validation: refused on the very next request, and restoring revives neither
            #expect(try await !sessionWorks(leader))
            #expect(try await !tokenWorks(token))
            try await app.page(person.relativeURL(.done(.archived)), as: admin) { response in
                #expect(response.text.contains("Archived. Their sessions and API tokens ended at once."))
                #expect(response.text.contains("Restore Leader Own"))
            }
            try await app.submit(archiving, ["archived": "false"], as: admin) {
                #expect($0.status == .seeOther)
            }
            #expect(try await !sessionWorks(leader))
            #expect(try await !tokenWorks(token))
            #expect(try await sessionWorks(try await app.signIn("leader@own.example")))

            // an admin cannot archive themself
            let archivingSelf = SiteURL.personArchiving(.value(fixture.own.admin)).relativeURL
            try await app.submit(archivingSelf, ["archived": "true"], as: admin) {
                #expect($0.status == .unprocessableEntity)
            }

            // MUT: the command
            let peer = try await app.signIn("l1@own.example")
            let peerToken = try await app.apiToken(for: "l1@own.example")
            let said = try await TrellisCommands.archiveUser(app, email: "L1@own.example")
            #expect(said.contains("Archived l1@own.example"))
            #expect(try await !sessionWorks(peer))
            #expect(try await !tokenWorks(peerToken))

            // MUT: a role change
            let facilitator = try await app.signIn("facilitator@own.example")
            let facilitatorToken = try await app.apiToken(for: "facilitator@own.example")
            try await app.submit(
                SiteURL.person(.value(fixture.own.facilitator)).relativeURL,
                ["givenName": "Facilitator", "familyName": "Own", "email": "facilitator@own.example", "role": "admin"],
                as: admin
            ) { #expect($0.status == .seeOther) }
            #expect(try await !sessionWorks(facilitator))
            #expect(try await !tokenWorks(facilitatorToken))

            // MUT: a password reset
            let again = try await app.signIn("leader@own.example")
            let againToken = try await app.apiToken(for: "leader@own.example")
            var link = ""
            let resetLink = SiteURL.personResetLink(.value(fixture.own.leader)).relativeURL
            try await app.submit(resetLink, [:], as: admin) { response in
                link = String(try #require(response.text.firstMatch(of: /\/reset\?token=([A-Za-z0-9_-]+)/)).1)
            }
            let csrf = "anonymous-form-token-of-enough-length-000"
            try await app.testing().test(
                .POST, SiteURL.passwordReset.relativeURL,
                beforeRequest: { request in
                    request.headers.cookie = [CookieName.anonymousCSRF: .init(string: csrf)]
                    try request.content.encode(
                        [
                            "token": link, "password": "a new long passphrase", "confirmation": "a new long passphrase",
                            "csrf": csrf,
                        ], as: .urlEncodedForm)
                }, afterResponse: { #expect($0.status == .seeOther) })
            #expect(try await !sessionWorks(again))
            #expect(try await !tokenWorks(againToken))
        }
    }

    @Test("a 60 000-byte valid story is accepted; a body over the limit is refused with 413 problem JSON")
    func bodyLimitsFitValidInput() async throws {
        try await withTrellis { app, _ in
            _ = try await Circle.make(app)
            let author = try await app.apiToken(for: "leader@own.example")
            // 5 000 characters outside the Basic Multilingual Plane, each written as a surrogate pair.
            let story = String(repeating: #"\ud83c\udf31"#, count: 5000)
            let body = #"{"story": "\#(story)", "need": "Time"}"#
            #expect(body.utf8.count > 60_000)
            let stories = SiteURL.api(.stories).relativeURL
            // MUT
            try await APITests.call(app, .POST, stories, token: author, json: body) { response in
                // validation
                #expect(response.status == .created)
            }
            #expect(try await Story.query(on: app.db).count() == 1)
            let stored = try #require(try await Story.query(on: app.db).first())
            #expect(stored.story.unicodeScalars.count == 5000)

            let tooLarge = #"{"story": "\#(String(repeating: "a", count: BodyLimit.api))", "need": "Time"}"#
            try await APITests.call(app, .POST, stories, token: author, json: tooLarge) { response in
                #expect(response.status == .payloadTooLarge)
                #expect(response.headers.contentType == ProblemDetails.contentType)
                #expect(response.text.contains("API bodies up to 128 KB"))
            }
            #expect(try await Story.query(on: app.db).count() == 1)
        }
    }

    @Test("a method a path does not take answers 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let token = try await app.apiToken(for: "admin@own.example")
            try await APITests.call(app, .DELETE, SiteURL.api(.cohorts).relativeURL, token: token) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers.first(name: "Allow") == "GET, HEAD, POST")
                #expect(response.headers.contentType == ProblemDetails.contentType)
            }
            try await app.testing().test(.PUT, SiteURL.signIn.relativeURL) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers.first(name: "Allow") == "GET, HEAD, POST")
            }
            try await app.testing().test(.GET, "/no/such/page") { response in
                #expect(response.status == .notFound)
                #expect(response.headers.first(name: "Allow") == nil)
            }
        }
    }

    @Test("a cohort with \"districtId\": null is refused; intake before any challenge says so")
    func smallerFindings() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.apiToken(for: "admin@own.example")
            let before = try await Cohort.query(on: app.db).count()
            try await APITests.call(
                app, .POST, SiteURL.api(.cohorts).relativeURL, token: admin,
                json: #"{"name": "Null district", "schoolYear": "2026-27", "districtId": null}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("districtId"))
            }
            #expect(try await Cohort.query(on: app.db).count() == before)

            let leader = try await app.apiToken(for: "leader@own.example")
            try await APITests.call(
                app, .PUT, SiteURL.api(.cohortIntake(.value(fixture.own.cohortID))).relativeURL, token: leader,
                json: #"{"choices": []}"#
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("has not opened yet"))
                #expect(!response.text.contains("published"))
            }
        }
    }

    @Test("an invalid roster with thousands of bad rows lists the first 200 and counts the rest")
    func rosterProblemsAreBounded() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let header =
                "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
            let orgs = header + (1...3000).map { "o\($0),bogus,,School \($0),school,," }.joined(separator: "\n") + "\n"
            let users =
                "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
            try await app.testing().test(
                .POST, SiteURL.rosterImport.relativeURL,
                beforeRequest: { request in
                    request.headers = admin.headers
                    let (body, type) = RosterImportTests.upload(
                        OneRosterFiles(orgs: orgs, users: users), csrf: admin.csrf)
                    request.body = body
                    request.headers.contentType = type
                },
                afterResponse: { response in
                    #expect(response.status == .unprocessableEntity)
                    #expect(response.text.contains("Nothing was imported: 3000 problems to fix"))
                    #expect(response.text.contains("The first 200 are listed; 2800 more are not."))
                    #expect(response.text.components(separatedBy: "<li><code>").count - 1 == 200)
                    #expect(response.body.readableBytes < 200_000)
                })
        }
    }
}
