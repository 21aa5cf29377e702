import Fluent

struct Migration003CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("district_id", .uuid, .references("districts", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("sourced_id", .string)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("role", .string, .required)
            .field("school_id", .uuid, .references("schools", "id", onDelete: .setNull))
            .field("position", .string)
            .field("years_in_role", .int)
            .field("archived", .bool, .required)
            .field("password_hash", .string)
            .field("created_at", .datetime)
            .unique(on: "email")
            .unique(on: "district_id", "sourced_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
