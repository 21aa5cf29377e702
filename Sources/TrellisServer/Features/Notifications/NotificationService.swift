import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// What is new for a leader, gathered from what already happened in Trellis (nothing is copied into a
/// separate table that could disagree with it): stories shared with them or their community, words
/// in an assumption check they take part in, votes open in their community, agendas published for
/// their coming meetings. Unread is what happened since they last opened the list; that moment is kept
/// per person in the database, so every instance agrees.
enum NotificationService {
    struct Item: Sendable {
        let at: Date
        let text: String
        let link: String
    }

    /// How far back the list reaches, and how long it gets.
    static let window: TimeInterval = 60 * 24 * 60 * 60
    static let longest = 50

    static func items(for viewerID: UUID, now: Date, on db: any Database) async throws -> [Item] {
        let since = now.addingTimeInterval(-window)
        let memberships = try await CommunityMembership.query(on: db).filter(\.$user.$id == viewerID)
            .join(Community.self, on: \CommunityMembership.$community.$id == \Community.$id)
            .filter(Community.self, \.$published == true).filter(Community.self, \.$endedAt == nil).all()
        let communities = try memberships.map { try $0.joined(Community.self) }
        let communityIDs = communities.compactMap(\.id)
        let names = Dictionary(
            communities.compactMap { community in community.id.map { ($0, community.name) } },
            uniquingKeysWith: { first, _ in first })
        var items: [Item] = []

        let shares = try await StoryShare.query(on: db).filter(\.$peer.$id == viewerID)
            .with(\.$story) { $0.with(\.$author) }.all()
        for share in shares {
            let at = share.createdAt ?? share.story.createdAt ?? since
            items.append(
                Item(
                    at: at, text: "\(share.story.author.fullName) asked you to check the assumptions in their story",
                    link: SiteURL.story(.value(try share.story.requireID())).relativeURL))
        }
        if !communityIDs.isEmpty {
            let shared = try await Story.query(on: db).filter(\.$sharedCommunity.$id ~~ communityIDs)
                .filter(\.$author.$id != viewerID).filter(\.$sharedAt >= since).with(\.$author).all()
            for story in shared {
                let community = story.$sharedCommunity.id.flatMap { names[$0] } ?? "your community"
                items.append(
                    Item(
                        at: story.sharedAt ?? since, text: "\(story.author.fullName) shared a story with \(community)",
                        link: SiteURL.story(.value(try story.requireID())).relativeURL))
            }
        }

        let ownStories = try await Story.query(on: db).filter(\.$author.$id == viewerID).all().compactMap(\.id)
        let checked = ownStories + shares.map { $0.$story.id }
        if !checked.isEmpty {
            let messages = try await PeerCheckMessage.query(on: db).filter(\.$story.$id ~~ checked)
                .filter(\.$author.$id != viewerID).filter(\.$createdAt >= since).with(\.$author).all()
            for message in messages {
                let isOwn = ownStories.contains(message.$story.id)
                items.append(
                    Item(
                        at: message.createdAt ?? since,
                        text: isOwn
                            ? "\(message.author.fullName) asked a question about your story"
                            : "\(message.author.fullName) answered in the assumption check",
                        link: SiteURL.story(.value(message.$story.id)).relativeURL))
            }
        }

        if !communityIDs.isEmpty {
            let votes = try await InquiryVote.query(on: db).filter(\.$community.$id ~~ communityIDs)
                .filter(\.$closedAt == nil).all()
            for vote in votes {
                items.append(
                    Item(
                        at: vote.openedAt ?? since,
                        text:
                            "A vote is open in \(names[vote.$community.id] ?? "your community"): \(vote.votesPerMember) dots each",
                        link: SiteURL.communityInquiry(.value(vote.$community.id)).relativeURL))
            }
        }

        let cohorts = try await CohortMembership.query(on: db).filter(\.$user.$id == viewerID).all().map(\.$cohort.id)
        if !cohorts.isEmpty {
            let series = try await MeetingSeriesRecord.query(on: db).filter(\.$cohort.$id ~~ cohorts).all()
                .filter { $0.$community.id.map(communityIDs.contains) ?? true }
            let titles = Dictionary(
                series.compactMap { record in record.id.map { ($0, record.title) } },
                uniquingKeysWith: { first, _ in first })
            let today = CalendarDay(now).adding(days: -1).description
            let agendas = try await MeetingAgendaRecord.query(on: db).filter(\.$series.$id ~~ Array(titles.keys))
                .filter(\.$publishedAt >= since).filter(\.$meetingDay >= today).all()
            for agenda in agendas {
                guard let day = CalendarDay(agenda.meetingDay) else { continue }
                items.append(
                    Item(
                        at: agenda.publishedAt ?? since,
                        text: "The agenda for \(titles[agenda.$series.id] ?? "a meeting") on \(day.readable) is out",
                        link: SiteURL.meeting(.value(agenda.$series.id), day: .value(agenda.meetingDay)).relativeURL))
            }
        }
        return Array(items.filter { $0.at >= since && $0.at <= now }.sorted { $0.at > $1.at }.prefix(longest))
    }

    static func seenAt(_ viewerID: UUID, on db: any Database) async throws -> Date? {
        try await NotificationRead.query(on: db).filter(\.$user.$id == viewerID).first()?.seenAt
    }

    /// How many of `items` are newer than the leader last looked: the header's count on every page a leader
    /// opens, so it is one SQL statement counting what `items` would list (the same sources, windows and
    /// cap) without loading a model, an author or a text. Every row's time is set when it is created.
    /// Plain SQL that SQLite and PostgreSQL both run; NotificationTests checks it against `items`.
    static func unreadCount(for viewerID: UUID, now: Date, on db: any Database) async throws -> Int {
        let since = now.addingTimeInterval(-window)
        let today = CalendarDay(now).adding(days: -1).description
        let sql = try db.sql()
        // The times of everything `items` lists, as one UNION ALL filtered once by the windows. Each part is
        // joins from the viewer's own rows (memberships are unique per person): an `IN (SELECT …)` or a
        // `UNION` would have SQLite build a table in memory for each on every page a leader opens, six of
        // them, which took longer than everything else in the statement (bench/README). The agendas come
        // from the cohort-wide series and from the viewer's communities' own series (by an index of
        // Migration030), not from every series of the cohort tested against the viewer's memberships: that
        // grew with the number of communities in the cohort.
        let isMine: SQLQueryString = """
            cm.user_id = \(bind: viewerID) AND c.published = \(bind: true) AND c.ended_at IS NULL
            """
        let query: SQLQueryString = """
            SELECT COUNT(*) AS unread FROM (
              SELECT created_at AS happened_at FROM story_shares WHERE peer_id = \(bind: viewerID)
              UNION ALL SELECT st.shared_at FROM community_memberships cm
                JOIN communities c ON c.id = cm.community_id
                JOIN stories st ON st.shared_community_id = cm.community_id
                WHERE \(isMine) AND st.author_id <> \(bind: viewerID)
              UNION ALL SELECT m.created_at FROM stories st JOIN peer_check_messages m ON m.story_id = st.id
                WHERE st.author_id = \(bind: viewerID) AND m.author_id <> \(bind: viewerID)
              UNION ALL SELECT m.created_at FROM story_shares sh JOIN stories st ON st.id = sh.story_id
                JOIN peer_check_messages m ON m.story_id = sh.story_id
                WHERE sh.peer_id = \(bind: viewerID) AND st.author_id <> \(bind: viewerID)
                AND m.author_id <> \(bind: viewerID)
              UNION ALL SELECT v.opened_at FROM community_memberships cm
                JOIN communities c ON c.id = cm.community_id
                JOIN inquiry_votes v ON v.community_id = cm.community_id
                WHERE \(isMine) AND v.closed_at IS NULL
              UNION ALL SELECT a.published_at FROM cohort_memberships h
                JOIN meeting_series s ON s.cohort_id = h.cohort_id
                JOIN meeting_agendas a ON a.series_id = s.id
                WHERE h.user_id = \(bind: viewerID) AND s.community_id IS NULL AND a.meeting_day >= \(bind: today)
              UNION ALL SELECT a.published_at FROM community_memberships cm
                JOIN communities c ON c.id = cm.community_id
                JOIN meeting_series s ON s.community_id = cm.community_id
                JOIN cohort_memberships h ON h.cohort_id = s.cohort_id AND h.user_id = cm.user_id
                JOIN meeting_agendas a ON a.series_id = s.id
                WHERE \(isMine) AND a.meeting_day >= \(bind: today)
            ) AS recent
            WHERE happened_at > COALESCE(
                (SELECT seen_at FROM notification_reads WHERE user_id = \(bind: viewerID)), \(bind: Date.distantPast))
            AND happened_at >= \(bind: since) AND happened_at <= \(bind: now)
            """
        let count = try await sql.raw(query).first()?.decode(column: "unread", as: Int.self) ?? 0
        return min(count, longest)
    }

    /// Everything up to `now` counts as read.
    static func markSeen(_ viewerID: UUID, now: Date, on db: any Database) async throws {
        if let read = try await NotificationRead.query(on: db).filter(\.$user.$id == viewerID).first() {
            read.seenAt = now
            try await read.save(on: db)
        } else {
            try await NotificationRead(userID: viewerID, seenAt: now).create(on: db)
        }
    }
}

/// The unread count for the header, worked out once per page a leader opens.
struct WhatIsNewMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .GET, let viewer = request.optionalViewer, viewer.role == .leader,
            viewer.csrfToken != nil
        {
            request.storage[UnreadCountKey.self] = try await NotificationService.unreadCount(
                for: viewer.userID, now: request.now, on: request.db)
        }
        return try await next.respond(to: request)
    }
}

struct UnreadCountKey: StorageKey {
    typealias Value = Int
}
