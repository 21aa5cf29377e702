import Fluent

/// A closed round's results, worked out once and kept (see `TrustService.results`).
struct Migration018StoreTrustResults: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("trust_round_results")
            .id()
            .field("round_id", .uuid, .required, .references("trust_rounds", "id", onDelete: .cascade))
            .field("basis", .string, .required)
            .field("payload", .string, .required)
            .unique(on: "round_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("trust_round_results").delete()
    }
}
