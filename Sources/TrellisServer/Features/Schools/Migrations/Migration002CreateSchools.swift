import Fluent

struct Migration002CreateSchools: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("schools")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("sourced_id", .string)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("identifier", .string)
            .field("archived", .bool, .required)
            .unique(on: "district_id", "sourced_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("schools").delete()
    }
}
