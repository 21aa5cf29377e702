import Fluent
import Foundation
import TrellisCore

struct Migration014BoardSnapshotsAndQuestionLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inquiry_board_snapshots")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("meeting_key", .string, .required)
            .field("meeting_label", .string, .required)
            .field("meeting_starts_at", .datetime)
            .field("sequence", .int, .required)
            .field("state", .json, .required)
            .field("taken_at", .datetime)
            .unique(on: "community_id", "meeting_key")
            .create()
        try await database.schema("inquiry_questions").field("note_links", .json).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inquiry_questions").deleteField("note_links").update()
        try await database.schema("inquiry_board_snapshots").delete()
    }
}
