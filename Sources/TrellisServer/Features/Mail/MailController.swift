import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// A person's email reminders: turned on or off on `/account`, or off from a message's unsubscribe link
/// (`/unsubscribe/SECRET`: a page with a button, and RFC 8058's one-click POST, which needs no form).
enum MailController {
    static func register(_ routes: RouteGroups) {
        routes.open.get(SiteURL.unsubscribe(.key).pathComponents, use: unsubscribePage)
        routes.open.post(SiteURL.unsubscribe(.key).pathComponents, use: unsubscribe)
        routes.pages.post(SiteURL.accountEmail.pathComponents, use: setReminders)
    }

    @Sendable static func unsubscribePage(_ request: Request) async throws -> Response {
        let token = request.parameters.get(SiteURL.tokenKey) ?? ""
        guard !token.isEmpty,
            try await request.db.sql().raw(
                "SELECT user_id FROM mail_preferences WHERE unsubscribe_token = \(bind: token)"
            ).first() != nil
        else { throw Abort(.notFound) }
        return UnsubscribePage.view(.init(token: token, done: false), context: PageContext(request)).response()
    }

    @Sendable static func unsubscribe(_ request: Request) async throws -> Response {
        let token = request.parameters.get(SiteURL.tokenKey) ?? ""
        guard try await MailService.unsubscribe(token: token, on: request.db) != nil else { throw Abort(.notFound) }
        request.logger.notice("reminders turned off from an unsubscribe link")
        return UnsubscribePage.view(.init(token: token, done: true), context: PageContext(request)).response()
    }

    struct RemindersForm: Content {
        var reminders: String?
    }

    @Sendable static func setReminders(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        let form = try request.content.decode(RemindersForm.self)
        try await MailService.setReminders(form.reminders == "on", for: viewer.userID, on: request.db)
        return request.redirect(to: SiteURL.account.relativeURL(.done(.saved)))
    }
}

extension Request {
    /// What a service needs to write email for this request: the settings (nil: no email) and the site's
    /// address for links.
    var mailContext: MailContext {
        MailContext(settings: application.trellis.configuration.mail, base: publicBaseURL)
    }
}

struct MailContext: Sendable {
    var settings: MailSettings?
    var base: String
}
