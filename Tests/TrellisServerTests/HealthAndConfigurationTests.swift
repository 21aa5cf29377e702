import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Health, readiness and configuration")
struct HealthAndConfigurationTests {
    @Test("/healthz answers without the database; /readyz answers 503 when the database does not")
    func readiness() async throws {
        try await withTrellis { app, _ in
            try await app.testing().test(.GET, SiteURL.readyz.relativeURL) { response in
                #expect(response.status == .ok)
            }
            // setup: point the app at a database that is not there
            app.databases.use(
                try .postgres(url: "postgres://nobody:nothing@127.0.0.1:9/none"), as: .init(string: "down"))
            app.databases.default(to: .init(string: "down"))
            // MUT + validation
            try await app.testing().test(.GET, SiteURL.readyz.relativeURL) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await app.testing().test(.GET, SiteURL.healthz.relativeURL) { response in
                #expect(response.status == .ok)
                #expect(response.text == "ok")
            }
        }
    }

    @Test(
        "TRELLIS_DATABASE_URL picks the database",
        arguments: [
            (nil, TrellisConfiguration.DatabaseLocation.sqlite(path: "trellis.sqlite")),
            ("", .sqlite(path: "trellis.sqlite")),
            ("sqlite:///var/lib/trellis/data.sqlite", .sqlite(path: "/var/lib/trellis/data.sqlite")),
            ("sqlite://local.sqlite", .sqlite(path: "local.sqlite")),
            ("postgres://u:p@db:5432/trellis", .postgres(url: "postgres://u:p@db:5432/trellis")),
            ("postgresql://u:p@db/trellis", .postgres(url: "postgresql://u:p@db/trellis")),
        ] as [(String?, TrellisConfiguration.DatabaseLocation)])
    func databaseURL(url: String?, expected: TrellisConfiguration.DatabaseLocation) throws {
        #expect(try TrellisConfiguration.databaseLocation(from: url) == expected)
    }

    @Test("/metrics: off without a token; with one, 401 to a wrong token and Prometheus text to the right one")
    func metrics() async throws {
        try await withTrellis { app, _ in
            try await app.testing().test(.GET, SiteURL.metrics.relativeURL) { #expect($0.status == .notFound) }
        }
        try await withTrellis(configure: { $0.metricsToken = "metrics-token-of-enough-length" }) { app, _ in
            try await app.testing().test(.GET, SiteURL.healthz.relativeURL) { #expect($0.status == .ok) }
            try await app.testing().test(.GET, SiteURL.metrics.relativeURL) { #expect($0.status == .unauthorized) }
            try await app.testing().test(
                .GET, SiteURL.metrics.relativeURL,
                beforeRequest: { $0.headers.bearerAuthorization = .init(token: "metrics-token-of-enough-lengtH") }
            ) { #expect($0.status == .unauthorized) }
            try await app.testing().test(
                .GET, SiteURL.metrics.relativeURL,
                beforeRequest: { $0.headers.bearerAuthorization = .init(token: "metrics-token-of-enough-length") }
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.description.hasPrefix("text/plain") == true)
                let text = response.body.string
                #expect(text.contains("# TYPE http_requests_total counter"))
                #expect(text.contains(#"path="/healthz""#), "requests are counted by route pattern")
                #expect(text.contains("http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test("a transaction that fails half-way leaves nothing behind (through the pool's timing on PostgreSQL)")
    func transactionsStayWhole() async throws {
        struct Stop: Error {}
        try await withTrellis { app, _ in
            let before = try await District.query(on: app.db).count()
            do {
                try await app.db.transaction { db in
                    try await District(name: "Half-made", slug: "half-made").create(on: db)
                    try await District(name: "Half-made too", slug: "half-made-too").create(on: db)
                    throw Stop()
                }
            } catch is Stop {}
            #expect(try await District.query(on: app.db).count() == before, "both inserts rolled back")
        }
    }

    @Test("/metrics on PostgreSQL: every statement's wait for a pooled connection is counted")
    func poolWaits() async throws {
        try await withTrellis(configure: { $0.metricsToken = "metrics-token-of-enough-length" }) { app, database in
            guard case .postgres = database else { return }
            func waits() async throws -> Int {
                var count = -1
                try await app.testing().test(
                    .GET, SiteURL.metrics.relativeURL,
                    beforeRequest: { $0.headers.bearerAuthorization = .init(token: "metrics-token-of-enough-length") }
                ) { response in
                    let line = response.body.string.split(separator: "\n")
                        .first { $0.hasPrefix("trellis_database_pool_wait_seconds_count") }
                    count = line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
                }
                return count
            }
            let before = try await waits()
            _ = try await District.query(on: app.db).count()
            _ = try await app.db.sql().raw("SELECT 1").all()
            try await app.db.transaction { db in _ = try await District.query(on: db).count() }
            #expect(try await waits() >= before + 3, "a Fluent query, an SQL statement and a transaction")
        }
    }

    @Test("a bad TRELLIS_DATABASE_URL is named, without printing its password")
    func badDatabaseURL() {
        #expect(throws: TrellisConfiguration.Problem.self) {
            try TrellisConfiguration.databaseLocation(from: "sqlite://")
        }
        do {
            _ = try TrellisConfiguration.databaseLocation(from: "mysql://admin:hunter2@db/trellis")
            Issue.record("mysql:// was accepted")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("TRELLIS_DATABASE_URL"))
            #expect(!message.contains("hunter2"))
        }
    }

    @Test("the SQLite file is in WAL mode with foreign keys on")
    func sqliteSettings() async throws {
        try await withTrellis { app, database in
            guard case .sqlite = database, let sql = app.db as? any SQLDatabase else { return }
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(keys == 1)
        }
    }

    @Test("pages answer with security headers and no caching")
    func securityHeaders() async throws {
        try await withTrellis { app, _ in
            try await app.testing().test(.GET, SiteURL.signIn.relativeURL) { response in
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                #expect(response.headers.first(name: "X-Request-Id") != nil)
                let timing = response.headers.first(name: "Server-Timing") ?? ""
                #expect(timing.hasPrefix("app;dur=") && Double(timing.dropFirst("app;dur=".count)) != nil)
                #expect(response.headers.contentType == .html)
            }
        }
    }
}
