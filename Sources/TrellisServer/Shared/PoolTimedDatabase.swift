import FluentKit
import Foundation
import NIOCore
import SQLKit

/// Times how long each statement and transaction waits for a connection from PostgreSQL's pool, for
/// `/metrics` (`trellis_database_pool_wait_seconds`). Fluent's pool reports no waits of its own, so each
/// single statement is routed through `withConnection`, and the wait is the time from asking until the
/// closure holds the connection; a transaction is begun as before and timed until it has begun. What runs
/// is what ran before; only the way to the connection is measured. A test checks that a transaction
/// interrupted half-way leaves nothing behind.
struct PoolTimedConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        PoolTimedDriver(base: base.makeDriver(for: databases))
    }
}

extension DatabaseConfigurationFactory {
    /// `factory`, with the time every statement waits for a pooled connection recorded.
    static func poolTimed(_ factory: DatabaseConfigurationFactory) -> DatabaseConfigurationFactory {
        .init { PoolTimedConfiguration(base: factory.make()) }
    }
}

struct PoolTimedDriver: DatabaseDriver {
    let base: any DatabaseDriver

    func makeDatabase(with context: DatabaseContext) -> any Database {
        PoolTimedDatabase(base: base.makeDatabase(with: context))
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// A pooled database: each call takes a connection through `withConnection`, timing the wait.
struct PoolTimedDatabase: SQLDatabaseWrapper {
    let base: any Database
    let sqlBase: any SQLDatabase
    let dialect: any SQLDialect

    init(base: any Database) {
        self.base = base
        self.sqlBase = Self.sqlBase(of: base)
        self.dialect = sqlBase.dialect
    }

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    /// Runs `work` on a connection of the pool, recording how long it took to get one.
    private func leased<T>(_ work: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let asked = ContinuousClock.now
        return base.withConnection { connection in
            TrellisMetrics.databasePoolWaited(ContinuousClock.now - asked)
            return work(connection)
        }
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void)
        -> EventLoopFuture<Void>
    {
        leased { $0.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        leased { $0.execute(schema: schema) }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        leased { $0.execute(enum: `enum`) }
    }

    /// A transaction begins on the pool's own database: a connection handed out by `withConnection` says it
    /// is already in a transaction (Fluent's PostgreSQL driver marks it so), and would run the closure without
    /// BEGIN and COMMIT. The wait recorded is until the transaction has begun.
    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let asked = ContinuousClock.now
        return base.transaction { transaction in
            TrellisMetrics.databasePoolWaited(ContinuousClock.now - asked)
            return closure(transaction)
        }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        leased(closure)
    }

    // MARK: SQLDatabase

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        leased { connection in
            guard let sql = connection as? any SQLDatabase else {
                preconditionFailure("a pooled PostgreSQL connection is an SQL database")
            }
            return sql.execute(sql: query, onRow)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }

    /// A session is one connection already (SQLKit's own rule); it is not timed.
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sqlBase.withSession(closure)
    }
}
