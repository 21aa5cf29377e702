import Fluent

/// A community that a new proposal does not continue ends: it is kept, with when it ended.
struct Migration015RecordCommunityEnd: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("communities").field("ended_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("communities").deleteField("ended_at").update()
    }
}
