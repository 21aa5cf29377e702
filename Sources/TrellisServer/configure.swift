import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOSSL
import SQLKit
import TrellisCore
import Vapor

/// Builds the whole app from a configuration: the server, every command and every test call this, so what
/// is tested is what runs.
public func buildApplication(_ configuration: TrellisConfiguration, environment: Environment) async throws
    -> Application
{
    let app = try await Application.make(environment)
    do {
        try await configure(app, configuration)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    return app
}

func configure(_ app: Application, _ configuration: TrellisConfiguration) async throws {
    TrellisMetrics.start()
    app.storage[TrellisStateKey.self] = try TrellisState(configuration: configuration)
    switch configuration.database {
    case .sqlite(let path):
        app.databases.use(.sqliteReads(path: path, .sqlite(.file(path), maxConnectionsPerEventLoop: 1)), as: .sqlite)
        app.storage[BoardServiceKey.self] = BoardService(broadcast: LocalBoardBroadcast(), clock: app.trellis.clock)
    case .postgres(let url):
        // Four connections per event loop (Fluent's default is one): a page makes about eight statements, and
        // with one connection per loop requests queued for it (bench/instances.sh: 10–24 ms mean waits).
        app.databases.use(.poolTimed(try .postgres(url: url, maxConnectionsPerEventLoop: 4)), as: .psql)
        let broadcast = try PostgresBoardBroadcast(url: url, application: app)
        app.storage[BoardServiceKey.self] = BoardService(broadcast: broadcast, clock: app.trellis.clock)
        app.lifecycle.use(BoardListener(broadcast: broadcast))
    }
    if let mail = configuration.mail {
        let roots: NIOSSLTrustRoots =
            configuration.mailCAFile.map { .file($0) } ?? .default
        app.lifecycle.use(
            MailWorker(
                settings: mail, interval: configuration.mailInterval, reminderInterval: configuration.reminderInterval,
                retryBase: configuration.mailRetryBase, trustRoots: roots))
    }
    for migration in Migrations.all {
        app.migrations.add(migration)
    }

    app.middleware = Middlewares()
    app.middleware.use(RequestLoggingMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(ViewerMiddleware())
    app.middleware.use(CSRFMiddleware())

    app.routes.defaultMaxBodySize = ByteCount(value: BodyLimit.api)
    try routes(app)
    app.storage[RouteMethodsKey.self] = RouteMethods(app.routes)

    if case .sqlite = configuration.database {
        try await tuneSQLite(app)
    }
    switch configuration.database {
    case .sqlite: try await app.autoMigrate()
    case .postgres(let url): try await migrateUnderLock(app, url: url)
    }
}

/// Listens for other instances' board changes from when the app boots (a command that only uses the
/// database never boots it, so never listens; a live board or `/readyz` starts it too), and stops,
/// closing its connection, when the app shuts down.
struct BoardListener: LifecycleHandler {
    let broadcast: PostgresBoardBroadcast

    func didBoot(_ application: Application) throws {
        let broadcast = broadcast
        Task { await broadcast.start() }
    }

    func shutdownAsync(_ application: Application) async {
        await broadcast.stop()
    }
}

/// The advisory lock every Trellis instance takes to migrate a PostgreSQL database ("trellis" in ASCII).
let migrationLock: Int64 = 0x74_72_65_6c_6c_69_73

/// Several instances started at once on one empty PostgreSQL database: each takes the advisory lock on a
/// connection of its own, pinned for the whole migration (a pooled one could be another session), so one
/// migrates while the others wait, then find nothing left to do. Closing the connection frees the lock
/// even when a migration fails.
func migrateUnderLock(_ app: Application, url: String) async throws {
    let configuration = try SQLPostgresConfiguration(url: url)
    let connection = try await PostgresConnection.connect(
        on: app.eventLoopGroup.any(), configuration: configuration.coreConfiguration, id: 0, logger: app.logger)
    do {
        _ = try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: app.logger)
        try await app.autoMigrate()
        _ = try await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: app.logger)
    } catch {
        try? await connection.close()
        throw error
    }
    try await connection.close()
}

/// The schema, in the order it was built. Never edit a migration that has landed; add the next one.
enum Migrations {
    static let all: [any Migration] = [
        Migration001CreateDistricts(),
        Migration002CreateSchools(),
        Migration003CreateUsers(),
        Migration004CreateAccountTables(),
        Migration005CreateCohorts(),
        Migration006CreatePendingRosterImports(),
        Migration007CreateTrustSurvey(),
        Migration008CreateFormation(),
        Migration009CreateRhythm(),
        Migration010RecordHandPlacement(),
        Migration011CreateStories(),
        Migration012CreateInquiryQuestions(),
        Migration013CreateBoards(),
        Migration014BoardSnapshotsAndQuestionLinks(),
        Migration015RecordCommunityEnd(),
        Migration016RecordMeetingsNotHeld(),
        Migration017RecordWhatIsNew(),
        Migration018StoreTrustResults(),
        Migration019IndexLookups(),
        Migration020CreateResourceLibrary(),
        Migration021CreatePlaylists(),
        Migration022CreatePractice(),
        Migration023CreateOutcomes(),
        Migration024CreateCommunityStages(),
        Migration025CreateValueStories(),
        Migration026CreateSignInFailures(),
        Migration027AddBoardVersions(),
        Migration028CreateDistrictSignIn(),
        Migration029CreateMailOutbox(),
        Migration030IndexGrowingLookups(),
    ]
}

/// WAL lets pages read while an import writes; a bounded busy timeout turns a long lock into an error
/// instead of a hang. The pool holds one connection per event loop, so each gets the pragma here.
private func tuneSQLite(_ app: Application) async throws {
    for eventLoop in app.eventLoopGroup.makeIterator() {
        guard let sql = app.databases.database(.sqlite, logger: app.logger, on: eventLoop) as? any SQLDatabase
        else { continue }
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
    }
    if let sql = app.db as? any SQLDatabase {
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
}

/// What the app keeps for its lifetime beside Vapor's own services.
final class TrellisState: Sendable {
    let configuration: TrellisConfiguration
    let signInLimiter: SignInLimiter
    let clock: AppClock
    /// A hash of nothing anyone knows, checked when an email has no account so that a failure takes
    /// as long whether or not the email exists.
    let timingHash: String

    init(configuration: TrellisConfiguration) throws {
        self.configuration = configuration
        self.clock = AppClock()
        self.signInLimiter = SignInLimiter(policy: configuration.signInPolicy, clock: clock)
        self.timingHash = try Bcrypt.hash(Secrets.newToken(), cost: configuration.bcryptCost)
    }
}

struct TrellisStateKey: StorageKey {
    typealias Value = TrellisState
}

extension Application {
    var trellis: TrellisState {
        guard let state = storage[TrellisStateKey.self] else {
            fatalError("buildApplication(_:environment:) sets the Trellis state before any route runs")
        }
        return state
    }
}

/// Sign-in failures are counted in the database, so that failures spread over several instances count
/// together. The account and the address are kept only as SHA-256 hashes, and every failure older than the
/// window is removed when a new one is written, so the table stays small.
struct SignInLimiter: Sendable {
    let policy: SignInThrottle.Policy
    let clock: AppClock

    init(policy: SignInThrottle.Policy, clock: AppClock) {
        self.policy = policy
        self.clock = clock
    }

    static func key(_ kind: String, _ value: String) -> String { Secrets.hash("\(kind):\(value.lowercased())") }

    /// An empty `account` counts for the address alone (a failure that names no account).
    func refusal(account: String, address: String, on db: any Database) async throws -> SignInThrottle.Refusal? {
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-policy.window)
        func failures(_ column: String, _ key: String?) async throws -> [Date] {
            guard let key else { return [] }
            return try await db.sql().raw(
                """
                SELECT failed_at FROM sign_in_failures
                WHERE \(unsafeRaw: column) = \(bind: key) AND failed_at > \(bind: cutoff)
                """
            ).all().map { try $0.decode(column: "failed_at", as: Date.self) }
        }
        return SignInThrottle.refusal(
            accountFailures: try await failures("account_key", account.isEmpty ? nil : Self.key("account", account)),
            addressFailures: try await failures("address_key", Self.key("address", address)), policy: policy, now: now)
    }

    func recordFailure(account: String, address: String, on db: any Database) async throws {
        let now = clock.now()
        let sql = try db.sql()
        try await sql.raw(
            """
            INSERT INTO sign_in_failures (id, account_key, address_key, failed_at)
            VALUES (\(bind: UUID()), \(bind: account.isEmpty ? "" : Self.key("account", account)),
                    \(bind: Self.key("address", address)), \(bind: now))
            """
        ).run()
        try await sql.raw(
            "DELETE FROM sign_in_failures WHERE failed_at <= \(bind: now.addingTimeInterval(-policy.window))"
        ).run()
    }

    /// A successful sign-in clears the account's failures (not the address's: one good password must not
    /// reset the count for guesses at other accounts).
    func recordSuccess(account: String, on db: any Database) async throws {
        // the rows stay, without their account, to keep counting for the address
        try await db.sql().raw(
            "UPDATE sign_in_failures SET account_key = '' WHERE account_key = \(bind: Self.key("account", account))"
        ).run()
    }
}

/// bcrypt is slow on purpose, so it runs on the thread pool, never on an event loop.
enum Passwords {
    static func hash(_ password: String, cost: Int, on app: Application) async throws -> String {
        try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String, on app: Application) async throws -> Bool {
        try await app.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

extension Request {
    func hashPassword(_ password: String) async throws -> String {
        try await Passwords.hash(password, cost: application.trellis.configuration.bcryptCost, on: application)
    }
}
