import Fluent
import Foundation
import TrellisCore
import Vapor

/// Everyone's own calendar feed: a secret address their calendar app polls.
enum CalendarService {
    /// The person's feed, made on first use.
    static func feed(for userID: UUID, on db: any Database) async throws -> CalendarFeed {
        if let feed = try await CalendarFeed.query(on: db).filter(\.$user.$id == userID).first() { return feed }
        let feed = CalendarFeed(userID: userID, token: Secrets.newToken())
        try await feed.create(on: db)
        return feed
    }

    /// The feed's address, for the person's calendar app.
    static func url(of feed: CalendarFeed, base: String) -> String {
        SiteURL.calendarFeed(.value(feed.token)).absoluteURL(base: base)
    }

    /// A new secret address; the old one stops working at once.
    static func replaceFeed(of userID: UUID, on db: any Database) async throws {
        try await db.transaction { db in
            try await CalendarFeed.query(on: db).filter(\.$user.$id == userID).delete()
            try await CalendarFeed(userID: userID, token: Secrets.newToken()).create(on: db)
        }
    }

    /// The iCalendar text of the feed at this secret address: every meeting of every series its owner
    /// attends, with a link to each meeting's page. Nil for an unknown or replaced address.
    static func calendar(token: String, base: String, clock: AppClock, on db: any Database) async throws -> String? {
        guard let feed = try await CalendarFeed.query(on: db).filter(\.$token == token).with(\.$user).first(),
            !feed.user.archived
        else { return nil }
        let viewer = try Viewer(user: feed.user, csrfToken: nil)
        let scope = DistrictScope(viewer: viewer, database: db, clock: clock)
        var events: [ICalendar.Event] = []
        for cohort in try await scope.visibleCohorts()
        where try await CohortMembership.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$user.$id == viewer.userID).count() > 0
        {
            let records = try await scope.visibleSeries(of: cohort)
            let communities = try await scope.publishedCommunities(
                of: cohort, among: Set(records.compactMap { $0.$community.id }))
            for record in records {
                let summary =
                    record.$community.id == nil
                    ? record.title : "\(record.title) · \(RhythmService.audience(record, communities: communities))"
                let series = try record.series()
                let seriesID = try record.requireID()
                for occurrence in series.occurrences(
                    from: series.pattern.startDay, through: series.pattern.endDay.adding(days: 366))
                {
                    let link =
                        SiteURL.meeting(.value(seriesID), day: .value(occurrence.key.description)).absoluteURL(
                            base: base)
                    events.append(
                        ICalendar.Event(
                            occurrence, seriesID: series.id, summary: summary,
                            location: record.location.isEmpty ? nil : record.location,
                            description: "\(cohort.name). Agenda and notes: \(link)", url: link))
                }
            }
            if viewer.role == .leader {
                let own = try await scope.viewerCommunityIDs()
                for community in try await scope.publishedCommunities(of: cohort, among: own) {
                    let access = try await scope.practice(of: try community.requireID())
                    if let event = try await practiceNudge(access, scope: scope, base: base) { events.append(event) }
                }
            }
        }
        return ICalendar(name: "Trellis: \(viewer.user.fullName)", events: events).text(stamp: clock.now())
    }

    /// What is still due in the leader's current cycle (the debrief with whom, the insight to capture),
    /// as an event a week before the meeting that closes it; none once everything is done. Its SEQUENCE
    /// is the step reached, so a calendar takes each newer copy.
    static func practiceNudge(_ access: PracticeAccess, scope: DistrictScope, base: String) async throws
        -> ICalendar.Event?
    {
        guard let standing = try await PracticeService.standing(of: access, scope: scope, now: scope.clock.now()),
            !standing.due.isEmpty
        else { return nil }
        let cycle = standing.cycle.cycle
        let link = SiteURL.practiceCycle(.value(standing.cycle.id)).absoluteURL(base: base)
        return ICalendar.Event(
            uid: "practice-\(PracticeService.key(standing.cycle.id))@trellis", sequence: standing.step.rawValue,
            start: cycle.nudgeStart, end: cycle.nudgeStart.addingTimeInterval(30 * 60),
            summary:
                "Before the meeting on \(cycle.closing.occurrence.day.readable): \(standing.due.joined(separator: "; "))",
            description: "\(access.community.name). Your cycle: \(link)", url: link)
    }
}
