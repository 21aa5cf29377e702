import Fluent

/// What "new" needs: when a story was shared (with a peer, with the community) and when each person
/// last looked at what is new for them.
struct Migration017RecordWhatIsNew: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("story_shares").field("created_at", .datetime).update()
        try await database.schema("stories").field("shared_at", .datetime).update()
        try await database.schema("notification_reads")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("seen_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notification_reads").delete()
        try await database.schema("stories").deleteField("shared_at").update()
        try await database.schema("story_shares").deleteField("created_at").update()
    }
}
