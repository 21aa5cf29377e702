import Fluent
import Foundation
import TrellisCore
import Vapor

/// Everyone's own calendar feed: a secret address their calendar app polls, shown on their account
/// page and in `GET /api/v1/me` as `calendarUrl`. Making a new address kills the old one.
enum CalendarController {
    static func register(_ routes: RouteGroups) {
        let (open, pages) = (routes.open, routes.pages)
        open.get(SiteURL.calendarFeed(.key).pathComponents, use: feed)
        pages.post(SiteURL.accountCalendar.pathComponents, use: regenerate)
    }

    @Sendable static func regenerate(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        try await CalendarService.replaceFeed(of: viewer.userID, on: request.db)
        return request.redirect(to: SiteURL.account.relativeURL(.done(.newAddress)))
    }

    /// `text/calendar` for a feed address; an unknown or replaced address is simply not found.
    @Sendable static func feed(_ request: Request) async throws -> Response {
        var token = request.parameters.get(SiteURL.tokenKey) ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard !token.isEmpty,
            let text = try await CalendarService.calendar(
                token: token, base: request.publicBaseURL, clock: request.application.trellis.clock, on: request.db)
        else { throw Abort(.notFound) }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"trellis.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
