import Fluent
import Foundation
import TrellisCore
import Vapor

/// What the `trellis` command does to a database, kept here so that the executable stays a thin parser.
public enum TrellisCommands {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Builds the app (which migrates the database), runs `body`, and shuts it down.
    public static func withApp<T: Sendable>(
        _ configuration: TrellisConfiguration, _ body: @Sendable (Application) async throws -> T
    ) async throws -> T {
        let app = try await buildApplication(
            configuration, environment: Environment(name: "production", arguments: ["trellis"]))
        do {
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Runs the HTTP server until it is stopped.
    public static func serve(
        _ configuration: TrellisConfiguration, hostname: String, port: Int, demo: Bool, demoPassword: String?
    ) async throws {
        let environment = Environment(
            name: "production", arguments: ["trellis", "serve", "--hostname", hostname, "--port", "\(port)"])
        let app = try await buildApplication(configuration, environment: environment)
        do {
            if demo {
                let outcome = try await DemoSeeder.seed(app, password: demoPassword)
                // Flushed at once: the sign-ins must show before the server's own log lines, even in a pipe.
                FileHandle.standardOutput.write(
                    Data((DemoSeeder.signInText(outcome, url: "http://\(hostname):\(port)") + "\n").utf8))
            }
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    public static func seedDemo(_ app: Application, password: String?, scale: Int = 1) async throws -> String {
        guard (1...20).contains(scale) else { throw Failure("--scale: \(scale) must be a whole number from 1 to 20") }
        return DemoSeeder.signInText(
            try await DemoSeeder.seed(app, password: password, scale: scale), url: "http://127.0.0.1:8080")
    }

    /// `trellis district sso`: connects a district to its identity provider, as its admin's settings page
    /// does. The secret is read from a file (a trailing newline is trimmed) and never printed.
    public static func connectSignIn(
        _ app: Application, district slug: String, issuer: String, clientID: String, secretFile: String,
        domains: String, passwordSignIn: String
    ) async throws -> String {
        guard let district = try await District.query(on: app.db).filter(\.$slug == slug).first() else {
            throw Failure("--district: no district has the slug \"\(slug)\"")
        }
        let secret: String
        do {
            secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        } catch {
            throw Failure("--client-secret-file: cannot read \(secretFile)")
        }
        guard !secret.isEmpty else { throw Failure("--client-secret-file: \(secretFile) is empty") }
        let settings = DistrictSignInService.Settings(
            issuer: issuer, clientID: clientID, clientSecret: secret, domains: domains, passwordSignIn: passwordSignIn)
        do {
            try await DistrictSignInService.connect(
                districtID: try district.requireID(), settings, client: app.client, on: app.db,
                now: app.trellis.clock.now())
        } catch let problem as ValidationProblem {
            let flags = [
                "issuer": "--issuer", "client_id": "--client-id", "client_secret": "--client-secret-file",
                "domains": "--domains", "password_sign_in": "--password-sign-in",
            ]
            throw Failure(
                problem.problems.map { "\(flags[$0.field] ?? $0.field): \($0.message)" }.joined(separator: "\n"))
        }
        let callback = SiteURL.signInCallback.absoluteURL(
            base: app.trellis.configuration.publicURL ?? "http://127.0.0.1:8080")
        return """
            Connected \(district.name) to \(issuer) (password sign-in: \(passwordSignIn)).
            Register this redirect URI with the provider: \(callback)
            """
    }

    public static func createDistrict(
        _ app: Application, name: String, slug: String, timeZone: String = "America/Los_Angeles"
    ) async throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw Failure("--name: give the district a name") }
        guard !slug.isEmpty, slug.allSatisfy({ $0.isLowercase && $0.isASCII || $0.isNumber || $0 == "-" }) else {
            throw Failure("--slug: \"\(slug)\" must be lowercase letters, digits and hyphens (e.g. bayview)")
        }
        guard try await District.query(on: app.db).filter(\.$slug == slug).count() == 0 else {
            throw Failure("--slug: a district with the slug \"\(slug)\" already exists")
        }
        do {
            // The same check a meeting series makes, so every series can start from the district's zone.
            _ = try MeetingPattern(
                recurrence: "weekly:mon", startDay: "2026-09-07", endDay: "2026-09-07", startTime: "09:00",
                endTime: "10:00", timeZone: timeZone)
        } catch {
            throw Failure("--time-zone: \(error.message)")
        }
        try await app.db.transaction { db in
            let district = District(name: name, slug: slug, timeZone: timeZone)
            try await district.create(on: db)
            try await LibraryService.addDefaultTraits(districtID: try district.requireID(), on: db)
        }
        return "Created district \"\(name)\" (\(slug))."
    }

    public static func createUser(
        _ app: Application, districtSlug: String?, email: String, role: Role, password: String,
        givenName: String?, familyName: String?, school: String?
    ) async throws -> String {
        let email = EmailAddress.normalized(email)
        guard EmailAddress.isPlausible(email) else { throw Failure("--email: \"\(email)\" is not an email address") }
        if let problem = PasswordPolicy.problem(with: password) {
            throw Failure("password (standard input): \(problem)")
        }
        guard try await User.query(on: app.db).filter(\.$email == email).count() == 0 else {
            throw Failure("--email: an account with \(email) already exists")
        }
        var districtID: UUID?
        if role == .networkAdmin {
            guard districtSlug == nil else {
                throw Failure("--district: a network admin belongs to no district; leave it out")
            }
        } else {
            guard let districtSlug else { throw Failure("--district: required for the role \(role.rawValue)") }
            guard let district = try await District.query(on: app.db).filter(\.$slug == districtSlug).first() else {
                throw Failure("--district: no district with the slug \"\(districtSlug)\"")
            }
            districtID = try district.requireID()
        }
        var schoolID: UUID?
        if let school {
            guard let districtID else { throw Failure("--school: only people of a district have a school") }
            let found = try await School.query(on: app.db).filter(\.$district.$id == districtID)
                .group(.or) { $0.filter(\.$sourcedID == school).filter(\.$name == school) }.first()
            guard let found else {
                throw Failure("--school: no school named or with the roster id \"\(school)\" in this district")
            }
            schoolID = try found.requireID()
        }
        let local = String(email.split(separator: "@")[0])
        let user = User(
            districtID: districtID, email: email, givenName: givenName ?? local, familyName: familyName ?? "",
            role: role, schoolID: schoolID,
            passwordHash: try await Passwords.hash(password, cost: app.trellis.configuration.bcryptCost, on: app))
        try await user.create(on: app.db)
        return "Created \(role.label.lowercased()) \(email)."
    }

    /// Archives a person: their sessions and API tokens end at once, on every instance.
    public static func archiveUser(_ app: Application, email: String) async throws -> String {
        let email = EmailAddress.normalized(email)
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw Failure("--email: no account with \(email)")
        }
        guard !user.archived else { return "\(email) was already archived; their sessions and tokens stay ended." }
        try await AccountService.setArchived(true, person: user, on: app.db)
        return "Archived \(email): signed out everywhere, API tokens revoked."
    }

    /// Returns the new token; it is shown once and stored only as a hash.
    public static func createToken(_ app: Application, email: String, label: String) async throws -> String {
        let email = EmailAddress.normalized(email)
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw Failure("--email: no account with \(email)")
        }
        guard !user.archived else { throw Failure("--email: \(email) is archived") }
        let token = Secrets.newToken()
        try await APIToken(tokenHash: Secrets.hash(token), userID: user.requireID(), label: label).create(on: app.db)
        return token
    }

    public static func importOneRoster(_ app: Application, directory: String, districtSlug: String) async throws
        -> RosterImportPlan
    {
        guard let district = try await District.query(on: app.db).filter(\.$slug == districtSlug).first() else {
            throw Failure("--district: no district with the slug \"\(districtSlug)\"")
        }
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        func read(_ name: String, required: Bool) throws -> String? {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                if required { throw Failure("\(url.path): missing (a OneRoster import needs orgs.csv and users.csv)") }
                return nil
            }
            guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
                throw Failure("\(url.path): not UTF-8 text")
            }
            return text
        }
        let files = OneRosterFiles(
            orgs: try read("orgs.csv", required: true) ?? "", users: try read("users.csv", required: true) ?? "",
            academicSessions: try read("academicSessions.csv", required: false))
        return try await RosterService.apply(files, districtID: try district.requireID(), on: app.db)
    }

    /// What `trellis outcomes import` does: the same reading and storing as the import page, all or nothing.
    public static func importOutcomes(_ app: Application, file: String, districtSlug: String) async throws
        -> (added: Int, replaced: Int)
    {
        guard let district = try await District.query(on: app.db).filter(\.$slug == districtSlug).first() else {
            throw Failure("--district: no district with the slug \"\(districtSlug)\"")
        }
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Failure("\(file): no such file") }
        guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
            throw Failure("\(file): not UTF-8 text")
        }
        let districtID = try district.requireID()
        let counts = try await OutcomeService.parse(
            text, file: url.lastPathComponent, districtID: districtID, on: app.db)
        let summary = try await OutcomeService.store(counts, districtID: districtID, on: app.db)
        return (summary.added, summary.replaced)
    }
}
