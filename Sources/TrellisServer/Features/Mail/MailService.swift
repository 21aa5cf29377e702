import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Email, through the outbox. What causes a message writes it on the same database handle (inside the
/// caller's transaction when there is one), so a message exists exactly when what it tells about does.
/// Without `TRELLIS_SMTP_URL` nothing is written. No private text goes into a message: a reminder names the
/// steps due and the peer's name, a meeting change the series, the day and the time.
enum MailService {
    enum Kind: String {
        case reset
        case reminder
        case meetingChange = "meeting-change"
    }

    struct Recipient: Sendable {
        var userID: UUID
        var email: String
        var districtID: UUID?
    }

    /// Writes one message for `recipient` (a notification: with its unsubscribe link, and not at all when the
    /// person has turned reminders off). `dedupeKey` makes a second write of the same message a no-op.
    static func enqueue(
        _ kind: Kind, to recipient: Recipient, district: String, subject: String, text: String, html: String,
        dedupeKey: String? = nil, base: String, settings: MailSettings?, on db: any Database, now: Date
    ) async throws {
        guard let settings else { return }
        var unsubscribe: String?
        if kind != .reset {
            let preference = try await preference(of: recipient.userID, on: db)
            guard preference.reminders else { return }
            unsubscribe = SiteURL.unsubscribe(.value(preference.token)).absoluteURL(base: base)
        }
        let id = UUID()
        let footer =
            unsubscribe.map {
                "\n\n—\nTrellis for \(district). You get this because you belong to a community in Trellis. Stop these emails: \($0)"
            } ?? "\n\n—\nTrellis for \(district)."
        let htmlFooter =
            unsubscribe.map {
                "<hr><p>Trellis for \(MarkupEscaping.escape(district)). You get this because you belong to a community in Trellis. <a href=\"\(MarkupEscaping.escape($0))\">Stop these emails</a>.</p>"
            } ?? "<hr><p>Trellis for \(MarkupEscaping.escape(district)).</p>"
        let message = MailMessage(
            fromAddress: settings.from, fromName: "Trellis · \(district)", to: recipient.email, subject: subject,
            text: text + footer, html: "<!DOCTYPE html><html><body>\(html)\(htmlFooter)</body></html>",
            unsubscribeURL: unsubscribe)
        try await db.sql().raw(
            """
            INSERT INTO mail_outbox (id, district_id, user_id, kind, dedupe_key, recipient, subject, message,
              created_at, next_attempt_at, attempts)
            VALUES (\(bind: id), \(bind: recipient.districtID), \(bind: recipient.userID), \(bind: kind.rawValue),
              \(bind: dedupeKey), \(bind: recipient.email), \(bind: subject),
              \(bind: message.source(id: UUIDText.lowercased(id), date: now)), \(bind: now), \(bind: now), 0)
            ON CONFLICT (dedupe_key) DO NOTHING
            """
        ).run()
    }

    // MARK: preferences

    struct Preference: Sendable {
        var reminders: Bool
        var token: String
    }

    /// The person's preference, made on first use (reminders on, a new unsubscribe secret).
    static func preference(of userID: UUID, on db: any Database) async throws -> Preference {
        let sql = try db.sql()
        try await sql.raw(
            """
            INSERT INTO mail_preferences (user_id, reminders, unsubscribe_token)
            VALUES (\(bind: userID), \(bind: true), \(bind: Secrets.newToken()))
            ON CONFLICT (user_id) DO NOTHING
            """
        ).run()
        guard
            let row = try await sql.raw(
                "SELECT reminders, unsubscribe_token FROM mail_preferences WHERE user_id = \(bind: userID)"
            ).first()
        else { throw Abort(.internalServerError) }
        return Preference(
            reminders: try row.decode(column: "reminders", as: Bool.self),
            token: try row.decode(column: "unsubscribe_token", as: String.self))
    }

    static func setReminders(_ on: Bool, for userID: UUID, on db: any Database) async throws {
        _ = try await preference(of: userID, on: db)
        try await db.sql().raw(
            "UPDATE mail_preferences SET reminders = \(bind: on) WHERE user_id = \(bind: userID)"
        ).run()
    }

    /// The person whose unsubscribe secret this is, with their reminders turned off; nil for an unknown one.
    static func unsubscribe(token: String, on db: any Database) async throws -> UUID? {
        guard !token.isEmpty else { return nil }
        let row = try await db.sql().raw(
            """
            UPDATE mail_preferences SET reminders = \(bind: false) WHERE unsubscribe_token = \(bind: token)
            RETURNING user_id
            """
        ).first()
        return try row?.decode(column: "user_id", as: UUID.self)
    }

    // MARK: sending

    struct Claimed: Sendable {
        var id: UUID
        var kind: String
        var recipient: String
        var message: String
        var attempts: Int
    }

    /// Takes up to `limit` due messages for this instance for `lease`; another instance skips them (on
    /// PostgreSQL the rows are locked as they are claimed and skipped by a concurrent claim).
    static func claim(limit: Int, lease: TimeInterval, now: Date, on db: any Database) async throws -> [Claimed] {
        let sql = try db.sql()
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw(
            """
            UPDATE mail_outbox SET claimed_until = \(bind: now.addingTimeInterval(lease))
            WHERE id IN (
              SELECT id FROM mail_outbox
              WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(bind: now)
                AND (claimed_until IS NULL OR claimed_until < \(bind: now))
              ORDER BY created_at LIMIT \(unsafeRaw: String(limit)) \(lock))
            RETURNING id, kind, recipient, message, attempts
            """
        ).all()
        return try rows.map { row in
            Claimed(
                id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
                recipient: try row.decode(column: "recipient", as: String.self),
                message: try row.decode(column: "message", as: String.self),
                attempts: try row.decode(column: "attempts", as: Int.self))
        }
    }

    /// Sent: kept 30 days for the record; a reset link's text is dropped at once (it is a key).
    static func markSent(_ mail: Claimed, now: Date, on db: any Database) async throws {
        let keepText = mail.kind != Kind.reset.rawValue
        try await db.sql().raw(
            """
            UPDATE mail_outbox SET sent_at = \(bind: now), claimed_until = NULL, attempts = attempts + 1,
              last_error = NULL \(unsafeRaw: keepText ? "" : ", message = ''")
            WHERE id = \(bind: mail.id)
            """
        ).run()
    }

    /// Not sent: tried again after a back-off (1, 2, 4 … times `retryBase`, at most an hour), or, after a
    /// permanent refusal or 8 attempts, given up.
    static func markFailed(
        _ mail: Claimed, error: String, permanent: Bool, retryBase: TimeInterval, now: Date, on db: any Database
    )
        async throws
    {
        let attempts = mail.attempts + 1
        let giveUp = permanent || attempts >= 8
        let next = now.addingTimeInterval(SMTPData.backoff(afterAttempt: attempts, base: retryBase))
        try await db.sql().raw(
            """
            UPDATE mail_outbox SET attempts = \(bind: attempts), last_error = \(bind: String(error.prefix(300))),
              claimed_until = NULL, next_attempt_at = \(bind: next),
              failed_at = \(bind: giveUp ? now : nil)
            WHERE id = \(bind: mail.id)
            """
        ).run()
    }

    /// Messages sent or given up more than 30 days ago are removed.
    static func prune(now: Date, on db: any Database) async throws {
        let cutoff = now.addingTimeInterval(-30 * 24 * 3600)
        try await db.sql().raw(
            "DELETE FROM mail_outbox WHERE sent_at < \(bind: cutoff) OR failed_at < \(bind: cutoff)"
        ).run()
    }

    /// Sends what is due, one message at a time; each failure is recorded on its row (the log names the
    /// message's id and the server's reply, never the recipient or the text).
    static func deliverDue(_ app: Application, settings: MailSettings, client: SMTPClient, retryBase: TimeInterval)
        async throws
    {
        let now = app.trellis.clock.now()
        for mail in try await claim(limit: 20, lease: 120, now: now, on: app.db) {
            do {
                try await client.send(from: settings.from, to: mail.recipient, source: mail.message)
                try await markSent(mail, now: app.trellis.clock.now(), on: app.db)
            } catch let failure as SMTPClient.Failure {
                app.logger.notice("mail not sent", metadata: ["mail": "\(mail.id)", "reason": "\(failure)"])
                try await markFailed(
                    mail, error: failure.description, permanent: failure.outcome == .permanent, retryBase: retryBase,
                    now: app.trellis.clock.now(), on: app.db)
            } catch {
                app.logger.notice("mail not sent", metadata: ["mail": "\(mail.id)", "reason": "\(type(of: error))"])
                try await markFailed(
                    mail, error: "\(type(of: error))", permanent: false, retryBase: retryBase,
                    now: app.trellis.clock.now(), on: app.db)
            }
        }
    }
}
