import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import TrellisCore
import TrellisServer

@main
enum Entrypoint {
    static func main() async {
        keepFreedMemory()
        // Swift Concurrency's tasks run on NIO's event loops, the threads that serve requests and hear
        // back from the database, rather than on a pool of their own: every awaited query would otherwise
        // hop between the two, which cost more than the query on a small machine (bench/load.sh). Trellis
        // never blocks an event loop with `.wait()`.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Trellis.main()
    }
}

/// Has glibc's allocator keep what a request frees for the next one instead of handing it back to the
/// system at once. By default it trims a thread's heap as soon as 128 KB at its top are free and maps
/// anything over 128 KB afresh: every in-memory table SQLite makes for a query (an `IN (SELECT …)`, a
/// `UNION`) sets up its page cache in fresh pages then, and a mixed run took 67 page faults per request,
/// about a twentieth of the server's time (bench/README). Each heap keeps up to 32 MB free before it is
/// trimmed, and blocks up to 4 MB come from the heaps; a mixed run's peak memory grew by 1–3 MB.
func keepFreedMemory() {
    #if canImport(Glibc)
        _ = mallopt(-1, 32 << 20)  // M_TRIM_THRESHOLD
        _ = mallopt(-3, 4 << 20)  // M_MMAP_THRESHOLD
    #endif
}

#if canImport(Glibc)
    /// glibc's `mallopt(3)`: the Glibc module does not bring in `malloc.h`.
    @_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

struct Trellis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trellis",
        abstract: "Trellis: communities of practice for school leaders.",
        discussion: "The database is TRELLIS_DATABASE_URL (default: trellis.sqlite in the working directory).",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, DistrictCommand.self, UserCommand.self, TokenCommand.self,
            ImportCommand.self, TrustCommand.self, FormCommand.self, OutcomesCommand.self,
        ])
}

/// Logs go to standard error at the level of TRELLIS_LOG_LEVEL (info for the server, warning for
/// one-off commands, so that their own output stays readable).
func bootstrapLogging(default level: Logger.Level) {
    let configured = ProcessInfo.processInfo.environment["TRELLIS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = configured ?? level
        return handler
    }
}

func trellisConfiguration() throws -> TrellisConfiguration {
    do {
        return try TrellisConfiguration.fromEnvironment()
    } catch let problem as TrellisConfiguration.Problem {
        throw ValidationError(problem.description)
    }
}

/// Runs a one-off command against the configured database and turns a known failure into a message.
func runCommand<T: Sendable>(_ body: @escaping @Sendable (TrellisConfiguration) async throws -> T) async throws -> T {
    bootstrapLogging(default: .warning)
    let config = try trellisConfiguration()
    do {
        return try await body(config)
    } catch let failure as TrellisCommands.Failure {
        FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
        throw ExitCode.failure
    } catch let problems as RosterProblems {
        FileHandle.standardError.write(
            Data("error: nothing was imported; fix these and run again:\n\(problems.description)\n".utf8))
        throw ExitCode.failure
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server.")

    @Option(help: "The address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(
        help:
            "Seed the demo district Bayview Unified when it is missing and print its sign-ins (password: TRELLIS_DEMO_PASSWORD, else generated)."
    )
    var demo = false

    func run() async throws {
        bootstrapLogging(default: .info)
        let config = try trellisConfiguration()
        try await TrellisCommands.serve(
            config, hostname: hostname, port: port, demo: demo,
            demoPassword: ProcessInfo.processInfo.environment["TRELLIS_DEMO_PASSWORD"])
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    func run() async throws {
        try await runCommand { config in
            try await TrellisCommands.withApp(config) { _ in () }
            print("The database is up to date.")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed the demo district Bayview Unified into the configured database.")

    @Option(help: "Make the district this many times larger (people, schools, communities), for bench/scale.sh.")
    var scale = 1

    func run() async throws {
        let scale = scale
        let text = try await runCommand { config in
            try await TrellisCommands.withApp(config) { app in
                try await TrellisCommands.seedDemo(
                    app, password: ProcessInfo.processInfo.environment["TRELLIS_DEMO_PASSWORD"], scale: scale)
            }
        }
        print(text)
    }
}

struct DistrictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "district", abstract: "Manage districts.", subcommands: [Create.self, SignIn.self])

    struct SignIn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sso",
            abstract: "Let a district's people sign in with its own accounts (OpenID Connect).",
            discussion:
                "Reads the issuer's discovery document and refuses a wrong issuer with the reason. The redirect URI to register is /signin/oidc/callback on TRELLIS_PUBLIC_URL."
        )
        @Option(help: "The district's slug, e.g. bayview.") var district: String
        @Option(help: "The provider's issuer URL, e.g. https://accounts.google.com.") var issuer: String
        @Option(help: "The client ID the provider issued to Trellis.") var clientId: String
        @Option(help: "A file holding the client secret (a trailing newline is trimmed).") var clientSecretFile: String
        @Option(help: "The email domains that sign in this way, comma-separated, e.g. a.org,b.org.") var domains: String
        @Option(help: "Who may still use a Trellis password: everyone or admins.") var passwordSignIn = "everyone"

        func run() async throws {
            let (district, issuer, clientID, file, domains, policy) = (
                district, issuer, clientId, clientSecretFile, domains, passwordSignIn
            )
            print(
                try await runCommand { config in
                    try await TrellisCommands.withApp(config) {
                        try await TrellisCommands.connectSignIn(
                            $0, district: district, issuer: issuer, clientID: clientID, secretFile: file,
                            domains: domains, passwordSignIn: policy)
                    }
                })
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a district.")
        @Option(help: "The district's name, e.g. \"Bayview Unified\".") var name: String
        @Option(help: "A short lowercase id used on the command line, e.g. bayview.") var slug: String
        @Option(help: "Where the district is, as an IANA time zone; new meeting series start from it.")
        var timeZone: String = "America/Los_Angeles"

        func run() async throws {
            let (name, slug, timeZone) = (name, slug, timeZone)
            print(
                try await runCommand { config in
                    try await TrellisCommands.withApp(config) {
                        try await TrellisCommands.createDistrict($0, name: name, slug: slug, timeZone: timeZone)
                    }
                })
        }
    }
}

extension Role: ExpressibleByArgument {}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.", subcommands: [Create.self, Archive.self])

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive an account: it can no longer sign in, and its sessions and API tokens end at once.")
        @Option(help: "The email the person signs in with.") var email: String

        func run() async throws {
            let email = email
            print(
                try await runCommand { config in
                    try await TrellisCommands.withApp(config) {
                        try await TrellisCommands.archiveUser($0, email: email)
                    }
                })
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. The password is read from standard input.",
            discussion:
                "Example: printf '%s' \"$PASSWORD\" | trellis user create --district bayview --email a@b.org --role admin"
        )
        @Option(help: "The district's slug (not for network-admin).") var district: String?
        @Option(help: "The email the person signs in with.") var email: String
        @Option(help: "admin | facilitator | leader | network-admin") var role: Role
        @Option(help: "Given name (default: the email's local part).") var givenName: String?
        @Option(help: "Family name.") var familyName: String?
        @Option(help: "For leaders: the school's name or roster id.") var school: String?

        func run() async throws {
            let password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .newlines)
            guard !password.isEmpty else {
                throw ValidationError(
                    "no password on standard input (pipe it in: printf '%s' \"$PASSWORD\" | trellis user create …)")
            }
            let (district, email, role, givenName, familyName, school) = (
                district, email, role, givenName, familyName, school
            )
            print(
                try await runCommand { config in
                    try await TrellisCommands.withApp(config) {
                        try await TrellisCommands.createUser(
                            $0, districtSlug: district, email: email, role: role, password: password,
                            givenName: givenName,
                            familyName: familyName, school: school)
                    }
                })
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token for an account; the token is the last line printed.")
        @Option(help: "The account's email.") var email: String
        @Option(help: "What the token is for.") var label = "command line"

        func run() async throws {
            let (email, label) = (email, label)
            let token = try await runCommand { config in
                try await TrellisCommands.withApp(config) {
                    try await TrellisCommands.createToken($0, email: email, label: label)
                }
            }
            print("API token for \(email) (shown once; send it as 'Authorization: Bearer TOKEN'):")
            print(token)
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data.", subcommands: [OneRosterImport.self])

    struct OneRosterImport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oneroster",
            abstract:
                "Import a OneRoster 1.1 CSV folder (orgs.csv, users.csv, optional academicSessions.csv). All or nothing."
        )
        @Argument(help: "The folder holding the CSV files.") var directory: String
        @Option(help: "The district's slug.") var district: String

        func run() async throws {
            let (directory, district) = (directory, district)
            let plan = try await runCommand { config in
                try await TrellisCommands.withApp(config) {
                    try await TrellisCommands.importOneRoster($0, directory: directory, districtSlug: district)
                }
            }
            print("Imported.")
            print(
                "schools: \(plan.schools.create) created, \(plan.schools.update) updated, \(plan.schools.archive) archived, \(plan.schools.unchanged) unchanged"
            )
            print(
                "leaders: \(plan.leaders.create) created, \(plan.leaders.update) updated, \(plan.leaders.archive) archived, \(plan.leaders.unchanged) unchanged"
            )
            let s = plan.skipped
            print(
                "skipped: \(s.teachers) teachers, \(s.students) students, \(s.otherUsers) other users, \(s.administratorsWithoutSchool) administrators without a school, \(s.nonSchoolOrgs) non-school orgs"
            )
        }
    }
}

struct TrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust", abstract: "Trust survey tools.", subcommands: [Analyze.self])

    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Analyse trust survey answers in long form: facet means, Cronbach's alpha and 95 % intervals per round and community.",
            discussion: """
                FILE.csv has the header round,community,response,facet,item,value,reverse (reverse is true or false; \
                community may be empty). Groups with fewer than --min-n responses, and groups that would give one \
                away, are reported with n but no figures.
                """)
        @Argument(help: "The long-form CSV file.") var file: String
        @Option(help: "The points of the agreement scale.") var scale = 7
        @Option(name: .customLong("min-n"), help: "The smallest group whose figures are shown (never below 3).")
        var minimum = TrustSuppression.defaultMinimum
        @Flag(help: "Print JSON (the only output format so far).") var json = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): cannot be read")
            }
            do {
                print(try TrustCSVAnalysis.json(String(decoding: data, as: UTF8.self), scale: scale, minimum: minimum))
            } catch {
                FileHandle.standardError.write(
                    Data("error: \(file): nothing was analysed; fix these and run again:\n\(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes", abstract: "Student outcomes: counts by school, subgroup and year.",
        subcommands: [Import.self, Analyze.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import outcome counts (school,year,subgroup,measure,tested,met) into a district. All or nothing.")
        @Argument(help: "The outcomes CSV file.") var file: String
        @Option(help: "The district's slug.") var district: String

        func run() async throws {
            let (file, district) = (file, district)
            let summary = try await runCommand { config in
                try await TrellisCommands.withApp(config) {
                    try await TrellisCommands.importOutcomes($0, file: file, districtSlug: district)
                }
            }
            print("Imported: \(summary.added) counts added, \(summary.replaced) replaced.")
        }
    }

    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Analyse two school years of outcome counts: rates, changes in points and relative, suppression, groups.",
            discussion: """
                FILE.csv has the header school,year,subgroup,measure,tested,met (any order). Schools are taken as \
                written. --community-schools names one school per line; without it there are no community and \
                comparison groups and no difference in differences. Prints one JSON object; a bad row prints \
                file:line: field: … and no JSON.
                """)
        @Argument(help: "The outcomes CSV file.") var file: String
        @Option(help: "The earlier school year, e.g. 2024-25.") var before: String
        @Option(help: "The later school year, e.g. 2025-26.") var after: String
        @Option(name: .customLong("community-schools"), help: "A file with one community school per line.")
        var communitySchools: String?
        @Option(name: .customLong("min-n"), help: "The smallest cell shown (never below 5).")
        var minimum = OutcomeAnalysis.defaultMinimum
        @Flag(help: "Print JSON (the only output format).") var json = false

        func run() throws {
            guard let before = SchoolYear(before) else {
                throw ValidationError("--before: \"\(before)\" is not \(SchoolYear.expectedFormat)")
            }
            guard let after = SchoolYear(after) else {
                throw ValidationError("--after: \"\(after)\" is not \(SchoolYear.expectedFormat)")
            }
            guard minimum >= OutcomeAnalysis.smallestMinimum else {
                throw ValidationError(
                    "--min-n: \(minimum) is below \(OutcomeAnalysis.smallestMinimum), the smallest allowed")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): cannot be read")
            }
            var schools: Set<String>?
            if let path = communitySchools {
                guard let list = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("\(path): cannot be read")
                }
                schools = Set(
                    String(decoding: list, as: UTF8.self).split(whereSeparator: \.isNewline)
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            do {
                print(
                    try OutcomeAnalysis.json(
                        csv: String(decoding: data, as: UTF8.self), file: file, before: before, after: after,
                        communitySchools: schools, minimum: minimum))
            } catch let problems as RosterProblems {
                FileHandle.standardError.write(
                    Data("error: nothing was analysed; fix these and run again:\n\(problems.description)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

struct FormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "form",
        abstract: "Propose communities from leaders' ranked challenges (the engine the facilitator's page uses).",
        discussion: """
            LEADERS.csv has the header id,name,school,years,choice1,choice2,choice3 (choices may be empty); \
            APART.csv has the header a,b (ids of two leaders to keep apart). The objective is \
            10·preference + 5·mix − 20·same-school pairs; see README.
            """)
    @Option(help: "The leaders' CSV file.") var input: String
    @Option(help: "Pairs of leaders to keep apart (CSV).") var apart: String?
    @Option(help: "The smallest community.") var min = 3
    @Option(help: "The largest community.") var max = 6
    @Option(help: "Exactly this many communities (default: the number that scores best).") var communities: Int?
    @Flag(help: "Print JSON (the only output format so far).") var json = false

    func run() throws {
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("\(path): cannot be read")
            }
            return String(decoding: data, as: UTF8.self)
        }
        do {
            print(
                try FormationCSV.json(
                    leaders: try read(input), apart: try apart.map(read),
                    options: FormationOptions(smallest: min, largest: max, communityCount: communities),
                    leadersFile: URL(fileURLWithPath: input).lastPathComponent,
                    apartFile: apart.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "apart.csv"))
        } catch let problems as FormationProblems {
            FileHandle.standardError.write(
                Data("error: no communities were formed; fix these and run again:\n\(problems.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
