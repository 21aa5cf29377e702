import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Signing in with a district's own provider: the connection (one per district), the sign-ins under way
/// (their `state` stored hashed, kept 10 minutes, used once), and which provider account is whose.
struct Migration028CreateDistrictSignIn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("district_sign_in")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("issuer", .string, .required)
            .field("client_id", .string, .required)
            .field("client_secret", .string, .required)
            .field("domains", .string, .required)
            .field("password_sign_in", .string, .required)
            .field("authorization_endpoint", .string, .required)
            .field("token_endpoint", .string, .required)
            .field("jwks_uri", .string, .required)
            .field("secret_in_form", .bool, .required)
            .field("jwks", .string)
            .field("jwks_fetched_at", .datetime)
            .field("saved_at", .datetime, .required)
            .unique(on: "district_id")
            .create()
        try await database.schema("oidc_sign_ins")
            .field("state_hash", .string, .identifier(auto: false))
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("next", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("user_identities")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("linked_at", .datetime, .required)
            .unique(on: "issuer", "subject")
            .create()
        let sql = try database.sql()
        try await sql.raw("CREATE INDEX oidc_sign_ins_time ON oidc_sign_ins (created_at)").run()
        try await sql.raw("CREATE INDEX user_identities_user ON user_identities (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_identities").delete()
        try await database.schema("oidc_sign_ins").delete()
        try await database.schema("district_sign_in").delete()
    }
}
