import Fluent
import FluentSQL
import Foundation
import SQLKit

/// A facilitator's judgement of a community's stage of development, one per term.
struct Migration024CreateCommunityStages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("community_stages")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("term", .string, .required)
            .field("term_key", .string, .required)
            .field("stage", .string, .required)
            .field("why", .string, .required)
            .field("set_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("set_on", .string, .required)
            .unique(on: "community_id", "term_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("community_stages").delete()
    }
}
