import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Value-creation stories: a leader's account, step by step, of what their community was worth to them.
/// The steps (with their evidence) are one JSON document, written and read whole.
struct Migration025CreateValueStories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("value_stories")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("start_cycle", .int, .required)
            .field("steps", .string, .required)
            .field("sharing", .string, .required)
            .field("requested_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("requested_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql().raw("CREATE INDEX value_stories_community ON value_stories (community_id, sharing)")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("value_stories").delete()
    }
}
