import Fluent
import SQLKit
import Vapor

extension Database {
    /// The same database as SQLKit, for read paths that select a few columns into plain structs. Both
    /// drivers Trellis runs on (SQLite, PostgreSQL) are SQL databases.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            throw Abort(.internalServerError, reason: "The database does not speak SQL.")
        }
        return sql
    }
}
