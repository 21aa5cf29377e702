import Fluent
import Foundation

struct Migration011CreateStories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stories")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("story", .string, .required)
            .field("need", .string, .required)
            .field("shared_community_id", .uuid, .references("communities", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("story_shares")
            .id()
            .field("story_id", .uuid, .required, .references("stories", "id", onDelete: .cascade))
            .field("peer_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "story_id", "peer_id")
            .create()
        try await database.schema("peer_check_messages")
            .id()
            .field("story_id", .uuid, .required, .references("stories", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["peer_check_messages", "story_shares", "stories"] {
            try await database.schema(table).delete()
        }
    }
}
