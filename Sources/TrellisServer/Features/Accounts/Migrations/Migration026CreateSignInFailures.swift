import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Failed sign-ins, counted in the database so that every instance sees the same count. The account and
/// the network address are stored as hashes only; rows older than the window are deleted as new ones come.
struct Migration026CreateSignInFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sign_in_failures")
            .id()
            .field("account_key", .string, .required)
            .field("address_key", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        let sql = try database.sql()
        try await sql.raw("CREATE INDEX sign_in_failures_account ON sign_in_failures (account_key, failed_at)").run()
        try await sql.raw("CREATE INDEX sign_in_failures_address ON sign_in_failures (address_key, failed_at)").run()
        try await sql.raw("CREATE INDEX sign_in_failures_time ON sign_in_failures (failed_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_failures").delete()
    }
}
