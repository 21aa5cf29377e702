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
        // The times of everything `items` lists, as one UNION ALL filtered once by the windows: SQLite
        // prepares this in well under half the time of five counted subqueries over shared CTEs, and it is
        // prepared afresh on every page a leader opens.
        let myCommunities: SQLQueryString = """
            (SELECT cm.community_id FROM community_memberships cm JOIN communities c ON c.id = cm.community_id
             WHERE cm.user_id = \(bind: viewerID) AND c.published = \(bind: true) AND c.ended_at IS NULL)
            """
        let query: SQLQueryString = """
            SELECT COUNT(*) AS unread FROM (
              SELECT created_at AS happened_at FROM story_shares WHERE peer_id = \(bind: viewerID)
              UNION ALL SELECT shared_at FROM stories
                WHERE author_id <> \(bind: viewerID) AND shared_community_id IN \(myCommunities)
              UNION ALL SELECT created_at FROM peer_check_messages WHERE author_id <> \(bind: viewerID) AND story_id IN
                (SELECT id FROM stories WHERE author_id = \(bind: viewerID)
                 UNION SELECT story_id FROM story_shares WHERE peer_id = \(bind: viewerID))
              UNION ALL SELECT opened_at FROM inquiry_votes WHERE closed_at IS NULL AND community_id IN \(myCommunities)
              UNION ALL SELECT a.published_at FROM meeting_agendas a JOIN meeting_series s ON s.id = a.series_id
                WHERE a.meeting_day >= \(bind: today)
                AND s.cohort_id IN (SELECT cohort_id FROM cohort_memberships WHERE user_id = \(bind: viewerID))
                AND (s.community_id IS NULL OR s.community_id IN \(myCommunities))
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
