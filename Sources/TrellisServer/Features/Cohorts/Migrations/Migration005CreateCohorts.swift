import Fluent

struct Migration005CreateCohorts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cohorts")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("school_year", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("cohort_memberships")
            .id()
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "cohort_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cohort_memberships").delete()
        try await database.schema("cohorts").delete()
    }
}
