import Fluent
import FluentSQL
import Foundation
import SQLKit

struct Migration008CreateFormation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("intake_challenges")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("title", .string, .required)
            .field("position", .int, .required)
            .unique(on: "cohort_id", "key")
            .create()
        try await database.schema("intake_responses")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("choice1", .string)
            .field("choice2", .string)
            .field("choice3", .string)
            .unique(on: "cohort_id", "user_id")
            .create()
        try await database.schema("kept_apart_pairs")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("named_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("person_a", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("person_b", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .create()
        try await database.schema("communities")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("focus", .string, .required)
            .field("published", .bool, .required)
            .field("facilitator_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("smallest", .int, .required)
            .field("largest", .int, .required)
            .create()
        try await database.schema("community_memberships")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("reasons", .string, .required)
            .unique(on: "community_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "community_memberships", "communities", "kept_apart_pairs", "intake_responses", "intake_challenges",
        ] {
            try await database.schema(table).delete()
        }
    }
}
