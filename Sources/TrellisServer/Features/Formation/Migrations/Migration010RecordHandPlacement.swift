import Fluent
import FluentSQL
import Foundation
import SQLKit

struct Migration010RecordHandPlacement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("community_memberships")
            .field("placed_by_hand", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("community_memberships").deleteField("placed_by_hand").update()
    }
}
