import Fluent

/// A meeting that had begun can be recorded, afterwards, as not having taken place: with why.
struct Migration016RecordMeetingsNotHeld: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("meeting_changes").field("not_held_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("meeting_changes").deleteField("not_held_reason").update()
    }
}
