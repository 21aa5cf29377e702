import Fluent
import SQLKit

/// Indexes for the lookups that pages make by a foreign key the unique constraints do not lead with
/// (a person's memberships, a cohort's communities, series and rounds, a community's stories and
/// questions, a meeting's notes). Without them each lookup reads the whole table, and a page's time
/// grows with the district rather than with what the page shows. The same statements on SQLite and
/// PostgreSQL.
struct Migration019IndexLookups: IndexMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("cohort_memberships_user", "cohort_memberships", "user_id"),
        ("community_memberships_user", "community_memberships", "user_id"),
        ("communities_cohort", "communities", "cohort_id"),
        ("meeting_series_cohort", "meeting_series", "cohort_id"),
        ("meeting_notes_meeting", "meeting_notes", "series_id, meeting_day"),
        ("trust_rounds_cohort", "trust_rounds", "cohort_id"),
        ("trust_open_answers_round", "trust_open_answers", "round_id"),
        ("stories_author", "stories", "author_id"),
        ("stories_shared_community", "stories", "shared_community_id"),
        ("story_shares_peer", "story_shares", "peer_id"),
        ("peer_check_messages_story", "peer_check_messages", "story_id"),
        ("inquiry_questions_community", "inquiry_questions", "community_id"),
        ("inquiry_votes_community", "inquiry_votes", "community_id"),
        ("kept_apart_pairs_cohort", "kept_apart_pairs", "cohort_id"),
        ("users_school", "users", "school_id"),
        ("user_sessions_user", "user_sessions", "user_id"),
        ("api_tokens_user", "api_tokens", "user_id"),
    ]
}

/// A migration that only adds indexes: `CREATE INDEX name ON table (columns)` for each, dropped in reverse
/// order on revert. The same statements on SQLite and PostgreSQL.
protocol IndexMigration: AsyncMigration {
    static var indexes: [(name: String, table: String, columns: String)] { get }
}

extension IndexMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        for index in Self.indexes {
            try await sql.raw(
                "CREATE INDEX \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        for index in Self.indexes.reversed() {
            try await sql.raw("DROP INDEX \(unsafeRaw: index.name)").run()
        }
    }
}
