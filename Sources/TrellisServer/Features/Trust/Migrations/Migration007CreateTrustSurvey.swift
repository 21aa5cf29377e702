import Fluent
import SQLKit

/// The answer and participation tables are created by hand: on SQLite as WITHOUT ROWID tables keyed by a
/// random id, so that rows are stored in random order and the order of answering cannot join an answer
/// to a participation row. (On PostgreSQL rows carry no row number; closing a round re-clusters the
/// answers by their random id, see `TrustRoundClosing`.)
struct Migration007CreateTrustSurvey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("trust_rounds")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("closed_at", .datetime)
            .field("instrument_version", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("trust_questions")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("position", .int, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        let withoutRowID = sql.dialect.name == "sqlite" ? " WITHOUT ROWID" : ""
        let uuid = sql.dialect.name == "sqlite" ? "BLOB" : "UUID"
        try await sql.raw(
            """
            CREATE TABLE trust_answers (
                id \(unsafeRaw: uuid) PRIMARY KEY NOT NULL,
                round_id \(unsafeRaw: uuid) NOT NULL REFERENCES trust_rounds (id) ON DELETE CASCADE,
                community_id \(unsafeRaw: uuid),
                response_id \(unsafeRaw: uuid) NOT NULL,
                item_id TEXT NOT NULL,
                value INTEGER NOT NULL,
                answered_on TEXT NOT NULL
            )\(unsafeRaw: withoutRowID)
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE trust_open_answers (
                id \(unsafeRaw: uuid) PRIMARY KEY NOT NULL,
                round_id \(unsafeRaw: uuid) NOT NULL REFERENCES trust_rounds (id) ON DELETE CASCADE,
                community_id \(unsafeRaw: uuid),
                response_id \(unsafeRaw: uuid) NOT NULL,
                question_id \(unsafeRaw: uuid) NOT NULL,
                text TEXT NOT NULL,
                answered_on TEXT NOT NULL
            )\(unsafeRaw: withoutRowID)
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE trust_participation (
                id \(unsafeRaw: uuid) PRIMARY KEY NOT NULL,
                round_id \(unsafeRaw: uuid) NOT NULL REFERENCES trust_rounds (id) ON DELETE CASCADE,
                user_id \(unsafeRaw: uuid) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                UNIQUE (round_id, user_id)
            )\(unsafeRaw: withoutRowID)
            """
        ).run()
        try await sql.raw("CREATE INDEX trust_answers_round ON trust_answers (round_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["trust_participation", "trust_open_answers", "trust_answers"] {
            try await database.schema(table).delete()
        }
        try await database.schema("trust_questions").delete()
        try await database.schema("trust_rounds").delete()
    }
}
