import Fluent

struct Migration001CreateDistricts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("districts")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("minimum_group_size", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("districts").delete()
    }
}
