import Fluent

struct Migration006CreatePendingRosterImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pending_roster_imports")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("uploaded_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("orgs_csv", .string, .required)
            .field("users_csv", .string, .required)
            .field("academic_sessions_csv", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pending_roster_imports").delete()
    }
}
