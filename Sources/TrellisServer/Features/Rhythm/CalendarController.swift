import Fluent
import Foundation
import TrellisCore
import Vapor

/// Everyone's own calendar feed: a secret address their calendar app polls, shown on their account
/// page and in `GET /api/v1/me` as `calendarUrl`. Making a new address kills the old one.
enum CalendarController {
    static func register(on app: any RoutesBuilder, pages: any RoutesBuilder) {
        app.get(SiteURL.calendarFeed(.key).pathComponents, use: feed)
        pages.get(SiteURL.account.pathComponents, use: account)
        pages.post(SiteURL.accountCalendar.pathComponents, use: regenerate)
    }

    /// The person's feed, made on first use.
    static func feed(for userID: UUID, on db: any Database) async throws -> CalendarFeed {
        if let feed = try await CalendarFeed.query(on: db).filter(\.$user.$id == userID).first() { return feed }
        let feed = CalendarFeed(userID: userID, token: Secrets.newToken())
        try await feed.create(on: db)
        return feed
    }

    static func url(of feed: CalendarFeed, request: Request) -> String {
        AccountController.baseURL(of: request) + SiteURL.calendarFeed(.value(feed.token)).relativeURL
    }

    @Sendable static func account(_ request: Request) async throws -> Response {
        try await renderAccount(request, passwordProblems: [], status: .ok)
    }

    static func renderAccount(_ request: Request, passwordProblems: [FieldProblem], status: HTTPResponseStatus)
        async throws -> Response
    {
        let viewer = try request.viewer
        let feed = try await feed(for: viewer.userID, on: request.db)
        let done = request.query[String.self, at: "done"]
        let model = AccountPage.Model(
            name: viewer.user.fullName, email: viewer.user.email, role: viewer.role.label,
            calendarURL: url(of: feed, request: request), regenerated: done == "new-address",
            passwordChanged: done == "password", passwordProblems: passwordProblems)
        return AccountPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func regenerate(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        try await request.db.transaction { db in
            try await CalendarFeed.query(on: db).filter(\.$user.$id == viewer.userID).delete()
            try await CalendarFeed(userID: viewer.userID, token: Secrets.newToken()).create(on: db)
        }
        return request.redirect(to: SiteURL.account.relativeURL + "?done=new-address")
    }

    /// `text/calendar` for a feed address; an unknown or replaced address is simply not found.
    @Sendable static func feed(_ request: Request) async throws -> Response {
        var token = request.parameters.get(SiteURL.tokenKey) ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard !token.isEmpty,
            let feed = try await CalendarFeed.query(on: request.db).filter(\.$token == token).with(\.$user).first(),
            !feed.user.archived
        else { throw Abort(.notFound) }
        let viewer = try Viewer(user: feed.user, csrfToken: nil)
        let scope = DistrictScope(viewer: viewer, database: request.db)
        let base = AccountController.baseURL(of: request)
        var events: [ICalendar.Event] = []
        for cohort in try await scope.visibleCohorts()
        where try await CohortMembership.query(on: request.db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$user.$id == viewer.userID).count() > 0
        {
            let communities = try await scope.publishedCommunities(of: cohort)
            for record in try await scope.visibleSeries(of: cohort) {
                let summary =
                    record.$community.id == nil
                    ? record.title : "\(record.title) · \(RhythmController.audience(record, communities: communities))"
                let series = try record.series()
                let seriesID = try record.requireID()
                for occurrence in series.occurrences(
                    from: series.pattern.startDay, through: series.pattern.endDay.adding(days: 366))
                {
                    let link =
                        base + SiteURL.meeting(.value(seriesID), day: .value(occurrence.key.description)).relativeURL
                    events.append(
                        ICalendar.Event(
                            occurrence, seriesID: series.id, summary: summary,
                            location: record.location.isEmpty ? nil : record.location,
                            description: "\(cohort.name). Agenda and notes: \(link)", url: link))
                }
            }
        }
        let text = ICalendar(name: "Trellis: \(viewer.user.fullName)", events: events).text(stamp: Date())
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"trellis.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
