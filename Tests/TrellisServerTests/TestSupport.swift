import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// The databases every server test runs against: a real SQLite file always, and PostgreSQL when
/// `TRELLIS_TEST_POSTGRES_URL` names one (the test command and CI set it).
enum TestDatabase: CustomStringConvertible, Sendable {
    case sqlite
    case postgres(url: String)

    static var all: [TestDatabase] {
        var databases: [TestDatabase] = [.sqlite]
        if let url = ProcessInfo.processInfo.environment["TRELLIS_TEST_POSTGRES_URL"], !url.isEmpty {
            databases.append(.postgres(url: url))
        }
        return databases
    }

    var description: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// PostgreSQL tests share one database, so they take turns; SQLite tests each get their own file.
actor AsyncMutex {
    static let postgres = AsyncMutex()
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// Test output stays readable: only warnings and errors from the app (set TRELLIS_TEST_LOG_LEVEL to see more).
let quietLogging: Void = {
    let level =
        ProcessInfo.processInfo.environment["TRELLIS_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}()

func testConfiguration(_ database: TestDatabase, directory: URL) -> TrellisConfiguration {
    let location: TrellisConfiguration.DatabaseLocation =
        switch database {
        case .sqlite: .sqlite(path: directory.appendingPathComponent("trellis.sqlite").path)
        case .postgres(let url): .postgres(url: url)
        }
    return TrellisConfiguration(
        database: location, bcryptCost: 4, signInPolicy: .init(failuresPerAccount: 5, failuresPerAddress: 50))
}

/// Runs `body` once per test database with a freshly migrated, empty Trellis built exactly as production
/// builds it, then shuts it down.
func withTrellis(
    configure: @Sendable (inout TrellisConfiguration) -> Void = { _ in },
    _ body: @Sendable (Application, TestDatabase) async throws -> Void
) async throws {
    _ = quietLogging
    for database in TestDatabase.all {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trellis-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = testConfiguration(database, directory: directory)
        configure(&configuration)
        if case .postgres = database { await AsyncMutex.postgres.lock() }
        do {
            let app = try await buildApplication(configuration, environment: .testing)
            do {
                if case .postgres = database {
                    try await (app.db as! any SQLDatabase).raw("DROP SCHEMA public CASCADE").run()
                    try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA public").run()
                    try await app.autoMigrate()
                }
                try await body(app, database)
            } catch {
                Issue.record("on \(database): \(error)")
            }
            try await app.asyncShutdown()
        } catch {
            Issue.record("on \(database): could not build the app: \(error)")
        }
        if case .postgres = database { await AsyncMutex.postgres.unlock() }
    }
}

/// Two districts with one of everyone, so that every rule can be checked for the viewer's own district
/// and for the other one.
struct Fixture: Sendable {
    static let password = "correct horse battery"

    struct Side: Sendable {
        let districtID: UUID
        let schoolID: UUID
        let cohortID: UUID
        let admin: UUID
        let facilitator: UUID
        let leader: UUID
        let otherLeader: UUID
        let emails: [Role: String]
        /// A trust round open today that nobody has answered, and a closed one with five responses.
        let openRound: UUID
        let closedRound: UUID
    }

    let own: Side
    let other: Side
    let networkAdminEmail = "network@trellis.example"

    static func make(_ app: Application) async throws -> Fixture {
        let hash = try Bcrypt.hash(password, cost: 4)
        func side(_ slug: String) async throws -> Side {
            let district = District(name: "District \(slug)", slug: slug)
            try await district.create(on: app.db)
            let districtID = try district.requireID()
            let school = School(
                districtID: districtID, name: "\(slug) Elementary", level: .elementary, sourcedID: "\(slug)-s1")
            try await school.create(on: app.db)
            func user(_ role: Role, _ name: String) async throws -> UUID {
                let user = User(
                    districtID: districtID, email: "\(name)@\(slug).example", givenName: name.capitalized,
                    familyName: slug.capitalized, role: role, schoolID: role == .leader ? school.id : nil,
                    position: role == .leader ? .principal : nil, yearsInRole: role == .leader ? 4 : nil,
                    passwordHash: hash)
                try await user.create(on: app.db)
                return try user.requireID()
            }
            let admin = try await user(.districtAdmin, "admin")
            let facilitator = try await user(.facilitator, "facilitator")
            let leader = try await user(.leader, "leader")
            let otherLeader = try await user(.leader, "peer")
            let cohort = Cohort(districtID: districtID, name: "\(slug) cohort", schoolYear: SchoolYear(startYear: 2026))
            try await cohort.create(on: app.db)
            let cohortID = try cohort.requireID()
            try await CohortMembership(cohortID: cohortID, userID: facilitator, role: .facilitator).create(on: app.db)
            try await CohortMembership(cohortID: cohortID, userID: leader, role: .leader).create(on: app.db)
            let openRound = try await makeTrustRound(app, districtID: districtID, cohortID: cohortID)
            let closedRound = try await makeTrustRound(
                app, districtID: districtID, cohortID: cohortID, closedWithResponses: 5)
            return Side(
                districtID: districtID, schoolID: try school.requireID(), cohortID: cohortID, admin: admin,
                facilitator: facilitator, leader: leader, otherLeader: otherLeader,
                emails: [
                    .districtAdmin: "admin@\(slug).example", .facilitator: "facilitator@\(slug).example",
                    .leader: "leader@\(slug).example",
                ],
                openRound: openRound, closedRound: closedRound)
        }
        let fixture = Fixture(own: try await side("own"), other: try await side("other"))
        try await User(
            districtID: nil, email: fixture.networkAdminEmail, givenName: "Nia", familyName: "Network",
            role: .networkAdmin, passwordHash: hash
        ).create(on: app.db)
        return fixture
    }

    /// A round open from yesterday to next week; closed, with synthetic answers, when `closedWithResponses` is set.
    static func makeTrustRound(
        _ app: Application, districtID: UUID, cohortID: UUID, closedWithResponses responses: Int? = nil,
        title: String = "Round"
    ) async throws -> UUID {
        let today = CalendarDay.today()
        let round = TrustRound(
            districtID: districtID, cohortID: cohortID, title: title, opensOn: today.adding(days: -1).description,
            closesOn: today.adding(days: 7).description, instrumentVersion: TrustInstrument.current.version)
        if responses != nil { round.closedAt = Date() }
        try await round.create(on: app.db)
        let roundID = try round.requireID()
        for number in 0..<(responses ?? 0) {
            let responseID = UUID()
            for (index, item) in TrustInstrument.current.items.enumerated() {
                try await TrustAnswer(
                    roundID: roundID, communityID: nil, responseID: responseID, itemID: item.id,
                    value: 1 + (number + index) % 7, answeredOn: today.description
                ).create(on: app.db)
            }
        }
        return roundID
    }

    /// Adds leaders `l1@own.example` … to the own district's cohort, with 2, 4, 6 … years in the role.
    func addOwnLeaders(_ count: Int, app: Application) async throws -> [UUID] {
        let hash = try Bcrypt.hash(Fixture.password, cost: 4)
        var added: [UUID] = []
        for index in 1...count {
            let user = User(
                districtID: own.districtID, email: "l\(index)@own.example", givenName: "L\(index)",
                familyName: "Own", role: .leader, yearsInRole: index * 2, passwordHash: hash)
            try await user.create(on: app.db)
            try await CohortMembership(cohortID: own.cohortID, userID: user.requireID(), role: .leader)
                .create(on: app.db)
            added.append(try user.requireID())
        }
        return added
    }

    func email(_ role: Role) -> String {
        role == .networkAdmin ? networkAdminEmail : own.emails[role]!
    }
}

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
struct BrowserSession: Sendable {
    let cookie: String
    let csrf: String

    var headers: HTTPHeaders {
        ["Cookie": "\(CookieName.session)=\(cookie)"]
    }
}

extension Application {
    /// Signs in through the real sign-in form, as a browser does.
    func signIn(_ email: String, password: String = Fixture.password) async throws -> BrowserSession {
        var anonymousCSRF = ""
        try await testing().test(.GET, "/signin") { response in
            anonymousCSRF = response.headers.setCookie?[CookieName.anonymousCSRF]?.string ?? ""
        }
        var cookie = ""
        try await testing().test(
            .POST, "/signin",
            beforeRequest: { request in
                request.headers.cookie = [CookieName.anonymousCSRF: .init(string: anonymousCSRF)]
                try request.content.encode(
                    ["email": email, "password": password, "csrf": anonymousCSRF], as: .urlEncodedForm)
            },
            afterResponse: { response in
                #expect(response.status == .seeOther, "sign-in of \(email) failed: \(response.status)")
                cookie = response.headers.setCookie?[CookieName.session]?.string ?? ""
            })
        let session = try await UserSession.query(on: db).filter(\.$tokenHash == Secrets.hash(cookie)).first()
        return BrowserSession(cookie: cookie, csrf: session?.csrfToken ?? "")
    }

    /// Issues an API token the way `trellis token create` does.
    func apiToken(for email: String) async throws -> String {
        try await TrellisCommands.createToken(self, email: email, label: "test")
    }

    /// Sends a form as the signed-in browser, with its CSRF token unless told otherwise.
    func submit(
        _ path: String, _ fields: [String: String], as session: BrowserSession, includeCSRF: Bool = true,
        _ check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        var fields = fields
        if includeCSRF { fields["csrf"] = session.csrf }
        try await testing().test(
            .POST, path,
            beforeRequest: { request in
                request.headers = session.headers
                try request.content.encode(fields, as: .urlEncodedForm)
            }, afterResponse: check)
    }

    func page(_ path: String, as session: BrowserSession?, _ check: (TestingHTTPResponse) async throws -> Void)
        async throws
    {
        try await testing().test(
            .GET, path, beforeRequest: { request in if let session { request.headers = session.headers } },
            afterResponse: check)
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }

    /// Whether the page shows `words` as text (quotes and ampersands arrive escaped, as on every page).
    func shows(_ words: String) -> Bool {
        text.contains(MarkupEscaping.escape(words))
    }
}

/// A published community of the fixture's leader and l1 ("Circle of Care"), with l2 outside it and the
/// cohort's facilitator, all signed in.
struct Circle {
    let fixture: Fixture
    let communityID: UUID
    let leader: BrowserSession
    let peer: BrowserSession
    let outsider: BrowserSession
    let facilitator: BrowserSession
    var board: String { "/communities/\(communityID)/board" }

    static func make(_ app: Application) async throws -> Circle {
        let fixture = try await Fixture.make(app)
        let extra = try await fixture.addOwnLeaders(2, app: app)
        let community = Community(
            districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle of Care",
            focus: "x", sizes: 1...6, published: true)
        try await community.create(on: app.db)
        let communityID = try community.requireID()
        for member in [fixture.own.leader, extra[0]] {
            try await CommunityMembership(communityID: communityID, userID: member, reasons: "").create(on: app.db)
        }
        return Circle(
            fixture: fixture, communityID: communityID, leader: try await app.signIn("leader@own.example"),
            peer: try await app.signIn("l1@own.example"), outsider: try await app.signIn("l2@own.example"),
            facilitator: try await app.signIn("facilitator@own.example"))
    }
}
