import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor
import VaporTestUtils
import VaporTesting

@testable import TrellisServer

/// The outbox on both databases: nothing written without a mail server, a reset link written with its
/// cause, each message claimed by one sender at a time, a failure tried again later, a sent reset link's
/// text dropped, an unsubscribed person written no notification.
@Suite("Email through the outbox")
struct MailOutboxTests {
    static let settings = MailSettings(
        host: "127.0.0.1", port: 9, username: nil, password: nil, implicitTLS: false, from: "trellis@own.example")

    /// Mail on, with the worker's first round an hour away: these tests drive the outbox by hand.
    static func configure(_ configuration: inout TrellisConfiguration) {
        configuration.mail = settings
        configuration.mailInterval = 3600
        configuration.reminderInterval = 3600
    }

    static func outbox(_ app: Application) async throws -> [(kind: String, recipient: String, message: String)] {
        try await app.db.sql().raw("SELECT kind, recipient, message FROM mail_outbox ORDER BY created_at").all().map {
            (
                try $0.decode(column: "kind", as: String.self), try $0.decode(column: "recipient", as: String.self),
                try $0.decode(column: "message", as: String.self)
            )
        }
    }

    @Test("without a mail server nothing is written, and the admin is told to pass the link on")
    func noMailServer() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            try await app.submit(SiteURL.personResetLink(.value(fixture.own.leader)).relativeURL, [:], as: admin) {
                #expect($0.status == .ok)
                #expect($0.text.contains("This Trellis sends no email"))
            }
            #expect(try await Self.outbox(app).isEmpty)
        }
    }

    @Test("a reset link is written with the link; claimed once; a failure waits; sent, its text is dropped")
    func resetLink() async throws {
        try await withTrellis(configure: Self.configure) { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            try await app.submit(SiteURL.personResetLink(.value(fixture.own.leader)).relativeURL, [:], as: admin) {
                #expect($0.status == .ok)
                #expect($0.text.contains("Trellis has emailed this link"))
            }
            let written = try await Self.outbox(app)
            #expect(
                written.count == 1 && written.first?.kind == "reset" && written.first?.recipient == "leader@own.example"
            )
            let now = app.trellis.clock.now()
            let claimed = try await MailService.claim(limit: 10, lease: 60, now: now, on: app.db)
            #expect(claimed.count == 1)
            #expect(try await MailService.claim(limit: 10, lease: 60, now: now, on: app.db).isEmpty, "claimed once")
            let mail = try #require(claimed.first)
            #expect(mail.message.contains("Subject: Set your Trellis password"))
            try await MailService.markFailed(
                mail, error: "451 later", permanent: false, retryBase: 60, now: now, on: app.db)
            #expect(
                try await MailService.claim(limit: 10, lease: 60, now: now, on: app.db).isEmpty, "not before its wait")
            let later = try await MailService.claim(limit: 10, lease: 60, now: now.addingTimeInterval(61), on: app.db)
            #expect(later.count == 1 && later.first?.attempts == 1)
            try await MailService.markSent(try #require(later.first), now: now.addingTimeInterval(62), on: app.db)
            #expect(try await Self.outbox(app).first?.message == "", "a sent reset link's text is not kept")
            try await MailService.prune(now: now.addingTimeInterval(31 * 24 * 3600), on: app.db)
            #expect(try await Self.outbox(app).isEmpty, "gone after 30 days")
        }
    }

    @Test("an unsubscribed person is written no notification; a repeated reminder is one row")
    func unsubscribed() async throws {
        try await withTrellis(configure: Self.configure) { app, _ in
            let fixture = try await Fixture.make(app)
            let now = app.trellis.clock.now()
            let leader = MailService.Recipient(
                userID: fixture.own.leader, email: "leader@own.example", districtID: fixture.own.districtID)
            func remind() async throws {
                try await MailService.enqueue(
                    .reminder, to: leader, district: "Own", subject: "Before your meeting", text: "Due",
                    html: "<p>Due</p>",
                    dedupeKey: "reminder:cycle:leader", base: "https://t.example", settings: Self.settings, on: app.db,
                    now: now)
            }
            try await remind()
            try await remind()
            let written = try await Self.outbox(app)
            #expect(written.count == 1, "the same reminder written twice is one message")
            let token = try await MailService.preference(of: fixture.own.leader, on: app.db).token
            #expect(
                written.first?.message.contains("List-Unsubscribe: <https://t.example/unsubscribe/\(token)>") == true)
            try await app.testing().test(.POST, SiteURL.unsubscribe(.value(token)).relativeURL) {
                #expect($0.status == .ok)
            }
            try await app.testing().test(.POST, SiteURL.unsubscribe(.value("not-a-token")).relativeURL) {
                #expect($0.status == .notFound)
            }
            try await MailService.enqueue(
                .meetingChange, to: leader, district: "Own", subject: "Moved", text: "Moved", html: "<p>Moved</p>",
                base: "https://t.example", settings: Self.settings, on: app.db, now: now)
            #expect(try await Self.outbox(app).count == 1, "nothing more for someone who unsubscribed")
        }
    }
}
