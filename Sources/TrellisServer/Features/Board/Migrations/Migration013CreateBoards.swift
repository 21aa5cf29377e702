import Fluent
import Foundation
import TrellisCore

struct Migration013CreateBoards: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inquiry_boards")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("state", .json, .required)
            .field("timer_ends_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "community_id")
            .create()
        try await database.schema("inquiry_board_events")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("sequence", .int, .required)
            .field("payload", .json, .required)
            .field("created_at", .datetime)
            .unique(on: "community_id", "sequence")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inquiry_board_events").delete()
        try await database.schema("inquiry_boards").delete()
    }
}
