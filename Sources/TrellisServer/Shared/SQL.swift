import Fluent
import SQLKit
import TrellisCore
import Vapor

extension Database {
    /// The same database as SQLKit, for read paths that select a few columns into plain structs. Both
    /// drivers Trellis runs on (SQLite, PostgreSQL) are SQL databases.
    func sql() throws -> any SQLDatabase {
        // the wrappers every request reads through, told by their type, without the run-time search for a
        // conformance that a cast to `any SQLDatabase` makes
        if let reads = self as? SQLiteReadsDatabase { return reads }
        if let pooled = self as? PoolTimedDatabase { return pooled }
        guard let sql = self as? any SQLDatabase else {
            throw Abort(.internalServerError, reason: "The database does not speak SQL.")
        }
        return sql
    }
}

/// A database of Trellis's own around one of Fluent's drivers (`base`, an SQL database): what SQLKit asks of
/// it beside its statements is the driver's.
protocol SQLDatabaseWrapper: Database, SQLDatabase {
    var base: any Database { get }
    /// `base` as SQLKit's database, cast once when the wrapper is made (`sqlBase(of:)`): SQLKit asks for the
    /// dialect at every identifier and bind it writes, and a cast to an existential is a run-time search.
    var sqlBase: any SQLDatabase { get }
    /// `sqlBase.dialect`, kept when the wrapper is made: Fluent's SQLite driver makes a new SQLKit database
    /// and a new dialect each time it is asked, which is at every identifier and bind SQLKit writes.
    var dialect: any SQLDialect { get }
}

extension SQLDatabaseWrapper {
    static func sqlBase(of base: any Database) -> any SQLDatabase {
        guard let sql = base as? any SQLDatabase else {
            preconditionFailure("\(Self.self) wraps SQL databases only (Fluent's SQLite and PostgreSQL drivers)")
        }
        return sql
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqlBase.version }
    var queryLogLevel: Logger.Level? { sqlBase.queryLogLevel }
}

extension SQLRow {
    /// A stored id. SQLite keeps ids as text, read here by `UUIDText` rather than by Foundation's `sscanf`;
    /// PostgreSQL's native `uuid` comes back through the driver's own decoding.
    func decodeUUID(column: String) throws -> UUID {
        if let text = try? decode(column: column, as: String.self), let id = UUIDText.parse(text) { return id }
        return try decode(column: column, as: UUID.self)
    }

    /// A stored id that may be missing (NULL).
    func decodeUUIDIfPresent(column: String) throws -> UUID? {
        try decodeNil(column: column) ? nil : try decodeUUID(column: column)
    }
}
