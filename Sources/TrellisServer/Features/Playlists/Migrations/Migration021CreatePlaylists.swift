import Fluent
import Foundation
import SQLKit

/// Playlists: an ordered list of library resources for one community, or for a whole cohort (no
/// community), each item with a note and the meeting it is for; and each leader's own progress on an item.
struct Migration021CreatePlaylists: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("playlists")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("community_id", .uuid, .references("communities", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .create()
        try await database.schema("playlist_items")
            .id()
            .field("playlist_id", .uuid, .required, .references("playlists", "id", onDelete: .cascade))
            .field("resource_id", .uuid, .required, .references("resources", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("note", .string, .required)
            .field("series_id", .uuid, .references("meeting_series", "id", onDelete: .setNull))
            .field("meeting_day", .string)
            .unique(on: "playlist_id", "resource_id")
            .create()
        try await database.schema("playlist_progress")
            .id()
            .field("item_id", .uuid, .required, .references("playlist_items", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("partner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("partner_accepted", .bool, .required)
            .unique(on: "item_id", "user_id")
            .create()
        let sql = try database.sql()
        // One playlist per community, and one per cohort (no community): two requests that both find none
        // and create one must not make two.
        try await sql.raw(
            "CREATE UNIQUE INDEX playlists_community ON playlists (cohort_id, community_id) WHERE community_id IS NOT NULL"
        ).run()
        try await sql.raw("CREATE UNIQUE INDEX playlists_cohort ON playlists (cohort_id) WHERE community_id IS NULL")
            .run()
        try await sql.raw("CREATE INDEX playlist_items_meeting ON playlist_items (series_id, meeting_day)").run()
        try await sql.raw("CREATE INDEX playlist_progress_partner ON playlist_progress (partner_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["playlist_progress", "playlist_items", "playlists"] {
            try await database.schema(table).delete()
        }
    }
}
