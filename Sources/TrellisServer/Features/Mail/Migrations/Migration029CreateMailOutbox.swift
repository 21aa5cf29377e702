import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Email goes through an outbox: written in the transaction of what caused it, sent by a worker that
/// claims rows (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several instances send each once), kept
/// 30 days after it is sent. `dedupe_key` makes a reminder written by two instances at once one row.
/// Each person's email preference, with the secret of their unsubscribe link, is kept beside it.
struct Migration029CreateMailOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_outbox")
            .id()
            .field("district_id", .uuid, .references("districts", "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("dedupe_key", .string)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("claimed_until", .datetime)
            .field("sent_at", .datetime)
            .field("failed_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await database.schema("mail_preferences")
            .field("user_id", .uuid, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("reminders", .bool, .required)
            .field("unsubscribe_token", .string, .required)
            .unique(on: "unsubscribe_token")
            .create()
        try await database.sql().raw("CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mail_preferences").delete()
        try await database.schema("mail_outbox").delete()
    }
}
