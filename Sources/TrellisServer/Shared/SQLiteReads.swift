import FluentKit
import FluentSQL
import Foundation
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import TrellisCore
import VaporCSQLite

/// SQLite reads run where they are asked for, on connections of their own that keep their prepared statements.
///
/// Fluent's SQLite driver sends every statement to a thread pool, prepares it afresh, and hands each row back
/// to the event loop as a task of its own. On pages of a few dozen short reads those hops and the preparing
/// were about a third of a request's CPU (`bench/README.md`, "SQLite reads without the thread pool"). Here a
/// statement outside a transaction that only reads (`SELECT` or `WITH`, and `sqlite3_stmt_readonly` agrees)
/// runs on one of a few reading connections, on the calling thread, with its statement prepared once per
/// connection and kept. Everything else — writes, schema changes, transactions, sessions — goes to Fluent's
/// own driver, unchanged.
///
/// Why that is safe:
/// - The database is in WAL mode, so a read never waits for a write, and a write never waits for a read.
/// - Each statement is reset as soon as its rows are read, so it holds no snapshot: a read sees every write
///   committed before it began, from this process or another. A test checks a kept statement sees a later
///   write.
/// - A reading connection is opened with `PRAGMA query_only`: if a statement that changes something ever
///   reached it, SQLite would refuse it rather than run it outside Fluent's pool.
/// - A connection is used by one thread at a time (a lock each); a read tries the next connection when one is
///   busy.
struct SQLiteReadsConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let path: String

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        SQLiteReadsDriver(
            base: base.makeDriver(for: databases),
            readers: SQLiteReaders(path: path, count: System.coreCount + 1))
    }
}

extension DatabaseConfigurationFactory {
    /// `factory` (Fluent's SQLite driver on the file at `path`), with its reads run by `SQLiteReaders`.
    static func sqliteReads(path: String, _ factory: DatabaseConfigurationFactory) -> DatabaseConfigurationFactory {
        .init { SQLiteReadsConfiguration(base: factory.make(), path: path) }
    }
}

struct SQLiteReadsDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let readers: SQLiteReaders

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SQLiteReadsDatabase(base: base.makeDatabase(with: context), readers: readers)
    }

    func shutdown() {
        readers.close()
        base.shutdown()
    }

    func shutdownAsync() async {
        readers.close()
        await base.shutdownAsync()
    }
}

/// Fluent's SQLite database, whose reads outside a transaction go to `readers`.
struct SQLiteReadsDatabase: SQLDatabaseWrapper {
    let base: any Database
    let sqlBase: any SQLDatabase
    let dialect: any SQLDialect
    let readers: SQLiteReaders

    init(base: any Database, readers: SQLiteReaders) {
        self.base = base
        self.sqlBase = Self.sqlBase(of: base)
        self.dialect = sqlBase.dialect
        self.readers = readers
    }

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    /// Runs `query` on a reading connection when it only reads; false when it must go to Fluent's pool.
    private func read(_ query: any SQLExpression, _ onRow: @Sendable (any SQLRow) -> Void) throws -> Bool {
        guard !base.inTransaction else { return false }
        let (sql, binds) = serialize(query)
        guard SQLiteReaders.mayRead(sql) else { return false }
        let level = queryLogLevel
        if let level {
            logger.log(
                level: level, "Executing query",
                metadata: ["sql": .string(sql), "binds": .array(binds.map { "\($0)" })])
        }
        let values = try binds.map { bind in
            // an id as `SQLiteDataEncoder` writes it (its `uuidString`), without Foundation's `snprintf`
            if let id = bind as? UUID { return SQLiteData.text(UUIDText.uppercased(id)) }
            return try SQLiteReaders.encoder.encode(bind)
        }
        let start = level == nil ? 0 : DispatchTime.now().uptimeNanoseconds
        guard let rows = try readers.read(sql, values) else { return false }
        if let level {
            // how long SQLite took to read the rows, to find a slow read from the log
            let micros = (DispatchTime.now().uptimeNanoseconds - start) / 1_000
            logger.log(
                level: level, "Read query",
                metadata: ["sql": .string(sql), "rows": "\(rows.count)", "us": "\(micros)"])
        }
        for row in rows { onRow(row) }
        return true
    }

    private static func converted(_ query: DatabaseQuery) -> (any SQLExpression)? {
        switch query.action {
        case .read, .aggregate: SQLQueryConverter(delegate: SQLiteReadsConverterDelegate()).convert(query)
        default: nil
        }
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void)
        -> EventLoopFuture<Void>
    {
        do {
            if let sql = Self.converted(query), try read(sql, { onOutput(SQLiteReadOutput(row: $0, schema: nil)) }) {
                return eventLoop.makeSucceededVoidFuture()
            }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return base.execute(query: query, onOutput: onOutput)
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) async throws {
        if let sql = Self.converted(query), try read(sql, { onOutput(SQLiteReadOutput(row: $0, schema: nil)) }) {
            return
        }
        try await base.execute(query: query, onOutput: onOutput).get()
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction(closure)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await base.transaction(closure)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection(closure)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T
    {
        try await base.withConnection(closure)
    }

    // MARK: SQLDatabase

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        do {
            if try read(query, onRow) { return eventLoop.makeSucceededVoidFuture() }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return sqlBase.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if try read(query, onRow) { return }
        try await sqlBase.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sqlBase.withSession(closure)
    }
}

/// What Fluent's SQLite driver tells the query converter (its own delegate is internal to it); only reads are
/// converted here, so only the data types of schema changes would differ, and those never come here.
private struct SQLiteReadsConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}

/// A few SQLite connections for reading, each with the statements it has prepared.
final class SQLiteReaders: Sendable {
    static let encoder = SQLiteDataEncoder()
    private let readers: [SQLiteReader]

    init(path: String, count: Int) {
        readers = (0..<max(count, 1)).map { _ in SQLiteReader(path: path) }
    }

    /// Whether `sql` may be a read: only a `SELECT` or a `WITH` can be (`sqlite3_stmt_readonly` also says
    /// yes to `BEGIN` and some `PRAGMA`s, which must stay on Fluent's connection).
    static func mayRead(_ sql: String) -> Bool {
        var utf8 = sql.utf8[...]
        while let first = utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\n") {
            utf8 = utf8.dropFirst()
        }
        func starts(with word: String) -> Bool {
            var rest = utf8.makeIterator()
            for letter in word.utf8 {
                guard let byte = rest.next(), byte | 0x20 == letter | 0x20 else { return false }
            }
            return true
        }
        return starts(with: "SELECT") || starts(with: "WITH")
    }

    /// The rows of `sql`, or nil when SQLite says the statement would change something.
    func read(_ sql: String, _ binds: [SQLiteData]) throws -> [SQLiteReadRow]? {
        for reader in readers where reader.lock.try() {
            defer { reader.lock.unlock() }
            return try reader.read(sql, binds)
        }
        let reader = readers[0]
        reader.lock.lock()
        defer { reader.lock.unlock() }
        return try reader.read(sql, binds)
    }

    func close() {
        for reader in readers {
            reader.lock.lock()
            reader.close()
            reader.lock.unlock()
        }
    }
}

/// One reading connection, opened on first use, and its prepared statements by SQL text. Used only under
/// `lock`.
final class SQLiteReader: @unchecked Sendable {
    let lock = NSLock()
    private let path: String
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteReadStatement] = [:]
    /// SQL texts SQLite said would write: not prepared again.
    private var writes: Set<String> = []
    /// Past this many kept statements, all are let go and kept anew (pages make a few hundred kinds).
    private static let keptLimit = 1_000

    init(path: String) {
        self.path = path
    }

    func read(_ sql: String, _ binds: [SQLiteData]) throws -> [SQLiteReadRow]? {
        guard !writes.contains(sql) else { return nil }
        let handle = try open()
        let statement: SQLiteReadStatement
        if let kept = statements[sql] {
            statement = kept
        } else {
            guard let prepared = try SQLiteReadStatement(sql, on: handle) else {
                if writes.count < Self.keptLimit { writes.insert(sql) }
                return nil
            }
            if statements.count >= Self.keptLimit { statements.removeAll() }
            statements[sql] = prepared
            statement = prepared
        }
        return try statement.rows(binds, on: handle)
    }

    private func open() throws -> OpaquePointer {
        if let handle { return handle }
        var opened: OpaquePointer?
        let flags =
            SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite_nio_sqlite3_close_v2(opened)
            throw SQLiteReadError(status: status, message: message)
        }
        sqlite_nio_sqlite3_busy_timeout(opened, 5_000)
        guard sqlite_nio_sqlite3_exec(opened, "PRAGMA query_only = 1", nil, nil, nil) == SQLITE_OK else {
            let message = String(cString: sqlite_nio_sqlite3_errmsg(opened))
            sqlite_nio_sqlite3_close_v2(opened)
            throw SQLiteReadError(status: SQLITE_ERROR, message: message)
        }
        handle = opened
        return opened
    }

    func close() {
        statements.removeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }
}

/// A prepared statement kept by its connection, with its column names read once.
final class SQLiteReadStatement {
    private let statement: OpaquePointer
    private let columns: SQLiteReadColumns

    /// Prepares `sql`; nil when it would change something.
    init?(_ sql: String, on handle: OpaquePointer) throws {
        var prepared: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard status == SQLITE_OK, let prepared else {
            sqlite_nio_sqlite3_finalize(prepared)
            throw SQLiteReadError(status: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        guard sqlite_nio_sqlite3_stmt_readonly(prepared) != 0 else {
            sqlite_nio_sqlite3_finalize(prepared)
            return nil
        }
        statement = prepared
        let count = sqlite_nio_sqlite3_column_count(prepared)
        columns = SQLiteReadColumns(
            names: (0..<count).map { index in
                sqlite_nio_sqlite3_column_name(prepared, index).map { String(cString: $0) } ?? ""
            })
    }

    deinit {
        sqlite_nio_sqlite3_finalize(statement)
    }

    /// Binds, steps to the end and resets, so the statement holds no snapshot once its rows are read.
    ///
    /// The bindings are replaced, never cleared: every parameter is bound on each use (checked), and in
    /// SQLite (3.54, as SQLiteNIO ships it) `sqlite3_clear_bindings` marks as expired any statement whose plan
    /// looked at a bound value, which is any `column = ?`: the next step prepared it again, so nearly every
    /// read was prepared anew after all.
    func rows(_ binds: [SQLiteData], on handle: OpaquePointer) throws -> [SQLiteReadRow] {
        defer { sqlite_nio_sqlite3_reset(statement) }
        let parameters = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        guard binds.count == parameters else {
            throw SQLiteReadError(
                status: SQLITE_RANGE, message: "\(binds.count) values bound to \(parameters) parameters")
        }
        for (offset, value) in binds.enumerated() {
            try check(bind(value, at: Int32(offset + 1)), on: handle)
        }
        var rows: [SQLiteReadRow] = []
        let width = Int32(columns.names.count)
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else {
                throw SQLiteReadError(status: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
            }
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(width))
            for column in 0..<width { values.append(value(at: column)) }
            rows.append(SQLiteReadRow(columns: columns, values: values))
        }
    }

    private func check(_ status: Int32, on handle: OpaquePointer) throws {
        guard status == SQLITE_OK else {
            throw SQLiteReadError(status: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
    }

    private func bind(_ value: SQLiteData, at index: Int32) -> Int32 {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        switch value {
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
            }
        case .float(let number): return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .integer(let number): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .text(let text):
            return sqlite_nio_sqlite3_bind_text64(
                statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
        }
    }

    private func value(at column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }
}

/// A statement's column names, shared by all its rows.
final class SQLiteReadColumns: Sendable {
    let names: [String]
    /// Only for wide rows: most statements name a handful of columns, short enough to be kept inside the
    /// string, and comparing a few of those is quicker than hashing the name (a row's columns are looked up
    /// by name for every value decoded).
    private let offsets: [String: Int]?
    private static let widest = 16

    init(names: [String]) {
        self.names = names
        self.offsets =
            names.count > Self.widest
            ? Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) : nil
    }

    /// The first column called `name`, as a dictionary of the names would find it.
    func offset(of name: String) -> Int? {
        if let offsets { return offsets[name] }
        return names.firstIndex(of: name)
    }
}

/// A row read by a reading connection, decoded as Fluent's SQLite driver decodes its own rows.
struct SQLiteReadRow: SQLRow {
    let columns: SQLiteReadColumns
    let values: [SQLiteData]
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.offset(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offset(of: column) else { return true }
        return values[offset] == .null
    }

    /// The values models and rows read most — ids, text, numbers, flags and dates, and each of them
    /// optional, as Fluent reads every model's id and every optional field — are converted here by the same
    /// initializers `SQLiteDataDecoder` uses, without its dynamic conformance check per value, and ids by
    /// `UUIDText` instead of Foundation's `sscanf`. Any other type, or a value these do not read, goes to
    /// `SQLiteDataDecoder` (and its error) as before. Each type is written out and every conversion returns
    /// at once: a generic `Wrapped?`, or a helper returning `D?`, would look the optional type up in the
    /// runtime's table of generic types on every value, and so would `UUID?.self` itself, so the optional
    /// types are looked up once, in `OptionalType`, and compared by identity.
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offset(of: column) else {
            throw DecodingError.keyNotFound(
                SQLiteReadKey(column), .init(codingPath: [], debugDescription: "No column \(column) in the row."))
        }
        let value = values[offset]
        if D.self == String.self, case .text(let text) = value { return unsafeBitCast(text, to: D.self) }
        if D.self == UUID.self, case .text(let text) = value, let id = UUIDText.parse(text) {
            return unsafeBitCast(id, to: D.self)
        }
        if D.self == Int.self, let number = Int(sqliteData: value) { return unsafeBitCast(number, to: D.self) }
        if D.self == Bool.self, let flag = Bool(sqliteData: value) { return unsafeBitCast(flag, to: D.self) }
        if D.self == Date.self, let date = Date(sqliteData: value) { return unsafeBitCast(date, to: D.self) }
        if D.self == Double.self, let number = Double(sqliteData: value) { return unsafeBitCast(number, to: D.self) }
        let wanted = ObjectIdentifier(D.self)
        if wanted == OptionalType.uuid {
            if case .null = value { return unsafeBitCast(UUID?.none, to: D.self) }
            if case .text(let text) = value, let id = UUIDText.parse(text) {
                return unsafeBitCast(UUID?.some(id), to: D.self)
            }
        } else if wanted == OptionalType.string {
            if case .null = value { return unsafeBitCast(String?.none, to: D.self) }
            if case .text(let text) = value { return unsafeBitCast(String?.some(text), to: D.self) }
        } else if wanted == OptionalType.int {
            if case .null = value { return unsafeBitCast(Int?.none, to: D.self) }
            if let number = Int(sqliteData: value) { return unsafeBitCast(Int?.some(number), to: D.self) }
        } else if wanted == OptionalType.bool {
            if case .null = value { return unsafeBitCast(Bool?.none, to: D.self) }
            if let flag = Bool(sqliteData: value) { return unsafeBitCast(Bool?.some(flag), to: D.self) }
        } else if wanted == OptionalType.date {
            if case .null = value { return unsafeBitCast(Date?.none, to: D.self) }
            if let date = Date(sqliteData: value) { return unsafeBitCast(Date?.some(date), to: D.self) }
        } else if wanted == OptionalType.double {
            if case .null = value { return unsafeBitCast(Double?.none, to: D.self) }
            if let number = Double(sqliteData: value) { return unsafeBitCast(Double?.some(number), to: D.self) }
        }
        return try Self.decoder.decode(D.self, from: value)
    }
}

private struct SQLiteReadKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A row as Fluent's models read it: a field of a joined model is the column `schema_field`.
private struct SQLiteReadOutput: DatabaseOutput {
    let row: any SQLRow
    let schema: String?

    var description: String { String(describing: row) }

    private func column(_ key: FieldKey) -> String {
        (schema.map { .prefix(.prefix(.string($0), "_"), key) } ?? key).description
    }

    func schema(_ schema: String) -> any DatabaseOutput { SQLiteReadOutput(row: row, schema: schema) }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        try row.decode(column: column(key), as: T.self)
    }
}

/// The optional types `SQLiteReadRow` converts itself, each looked up in the runtime once.
private enum OptionalType {
    static let uuid = ObjectIdentifier(UUID?.self)
    static let string = ObjectIdentifier(String?.self)
    static let int = ObjectIdentifier(Int?.self)
    static let bool = ObjectIdentifier(Bool?.self)
    static let date = ObjectIdentifier(Date?.self)
    static let double = ObjectIdentifier(Double?.self)
}

/// A reading connection's error, with SQLite's own message.
struct SQLiteReadError: Error, CustomStringConvertible, DatabaseError {
    let status: Int32
    let message: String

    var description: String { "SQLite error \(status): \(message)" }
    var isSyntaxError: Bool { status & 0xff == SQLITE_ERROR }
    var isConstraintFailure: Bool { status & 0xff == SQLITE_CONSTRAINT }
    var isConnectionClosed: Bool { status & 0xff == SQLITE_MISUSE }
}
