import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Student outcomes as counts per school, school year, subgroup and measure (never a student), the
/// uploads waiting for an admin's confirmation, and each district's minimum cell size.
struct Migration023CreateOutcomes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outcome_counts")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("school_id", .uuid, .required, .references("schools", "id", onDelete: .cascade))
            .field("year", .string, .required)
            .field("subgroup", .string, .required)
            .field("measure", .string, .required)
            .field("tested", .int, .required)
            .field("met", .int, .required)
            .unique(on: "district_id", "school_id", "year", "subgroup", "measure")
            .create()
        try await database.schema("pending_outcome_imports")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("uploaded_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("csv", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("districts")
            .field("outcome_minimum", .int, .required, .sql(.default(10)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("districts").deleteField("outcome_minimum").update()
        try await database.schema("pending_outcome_imports").delete()
        try await database.schema("outcome_counts").delete()
    }
}
