import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Playlists of library resources for a community or a whole cohort, each leader's own progress on
/// their items, and what the library recommends for a community. Staff see how many marked an item
/// done, never who.
enum PlaylistService {
    /// Whose playlist: a community's, or its cohort's when `communityID` is nil.
    struct Owner: Sendable, Equatable {
        let districtID: UUID
        let cohortID: UUID
        let communityID: UUID?
        /// "Circle of Care", or the cohort's name.
        let name: String
    }

    struct Item: Sendable {
        let id: UUID
        let resourceID: UUID
        let title: String
        let kind: ResourceKind
        let minutes: Int?
        let note: String
        let meeting: (seriesID: UUID, day: CalendarDay)?
        /// A resource retired from the library stays on the playlist, marked, until staff remove it.
        let isRetired: Bool
    }

    /// A leader's mark on an item, and the partner they named.
    struct Mark: Sendable {
        let state: PlaylistProgress
        let partnerID: UUID?
        let partnerAccepted: Bool
    }

    /// How many leaders marked an item each way.
    struct Counts: Sendable, Equatable {
        var toRead = 0
        var done = 0
        var withPartner = 0
    }

    /// Someone who named the viewer as their partner on an item.
    struct PartnerAsk: Sendable {
        let itemID: UUID
        let fromID: UUID
        let fromName: String
        let accepted: Bool
    }

    // MARK: - Reading

    static func playlist(of owner: Owner, on db: any Database) async throws -> (id: UUID, purpose: String)? {
        let community: SQLQueryString =
            owner.communityID.map { "community_id = \(bind: $0)" } ?? "community_id IS NULL"
        guard
            let row = try await db.sql().raw(
                "SELECT id, purpose FROM playlists WHERE cohort_id = \(bind: owner.cohortID) AND \(community)"
            ).first()
        else { return nil }
        return (try row.decodeUUID(column: "id"), try row.decode(column: "purpose", as: String.self))
    }

    /// The playlists of these communities (those that have one), by community: one statement. A community's
    /// playlist belongs to its cohort.
    static func playlists(ofCommunities ids: [UUID], on db: any Database) async throws -> [UUID: UUID] {
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: UUID] = [:]
        for row in try await db.sql().raw(
            "SELECT id, community_id FROM playlists WHERE community_id IN (\(SQLList(ids.map { SQLBind($0) })))"
        ).all() {
            found[try row.decodeUUID(column: "community_id")] = try row.decodeUUID(column: "id")
        }
        return found
    }

    /// The items in order, with what a list shows of their resources. Retired resources stay on a
    /// playlist (a facilitator removes them), suggestions are never added.
    static func items(of playlistID: UUID, on db: any Database) async throws -> [Item] {
        try await db.sql().raw(
            """
            SELECT i.id, i.resource_id, i.note, i.series_id, i.meeting_day, r.title, r.kind, r.minutes, r.state
            FROM playlist_items i JOIN resources r ON r.id = i.resource_id
            WHERE i.playlist_id = \(bind: playlistID) ORDER BY i.position, r.title
            """
        ).all().map(item(row:))
    }

    /// The items of every playlist set for one meeting, for its page.
    static func items(forMeeting seriesID: UUID, day: CalendarDay, on db: any Database) async throws -> [Item] {
        try await db.sql().raw(
            """
            SELECT i.id, i.resource_id, i.note, i.series_id, i.meeting_day, r.title, r.kind, r.minutes, r.state
            FROM playlist_items i JOIN resources r ON r.id = i.resource_id
            WHERE i.series_id = \(bind: seriesID) AND i.meeting_day = \(bind: day.description) ORDER BY i.position
            """
        ).all().map(item(row:))
    }

    private static func item(row: any SQLRow) throws -> Item {
        var meeting: (UUID, CalendarDay)?
        if let series = try row.decodeUUIDIfPresent(column: "series_id"),
            let day = try row.decode(column: "meeting_day", as: String?.self).flatMap(CalendarDay.init)
        {
            meeting = (series, day)
        }
        return Item(
            id: try row.decodeUUID(column: "id"), resourceID: try row.decodeUUID(column: "resource_id"),
            title: try row.decode(column: "title", as: String.self),
            kind: ResourceKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .reading,
            minutes: try row.decode(column: "minutes", as: Int?.self),
            note: try row.decode(column: "note", as: String.self), meeting: meeting,
            isRetired: try row.decode(column: "state", as: String.self) == LibraryResource.State.retired.rawValue)
    }

    /// The viewer's own marks on these items.
    static func marks(of userID: UUID, on itemIDs: [UUID], db: any Database) async throws -> [UUID: Mark] {
        guard !itemIDs.isEmpty else { return [:] }
        var marks: [UUID: Mark] = [:]
        for row in try await db.sql().raw(
            """
            SELECT item_id, state, partner_id, partner_accepted FROM playlist_progress
            WHERE user_id = \(bind: userID) AND item_id IN (\(SQLList(itemIDs.map { SQLBind($0) })))
            """
        ).all() {
            guard let state = PlaylistProgress(rawValue: try row.decode(column: "state", as: String.self)) else {
                continue
            }
            marks[try row.decodeUUID(column: "item_id")] = Mark(
                state: state, partnerID: try row.decodeUUIDIfPresent(column: "partner_id"),
                partnerAccepted: try row.decode(column: "partner_accepted", as: Bool.self))
        }
        return marks
    }

    /// How many of the current members marked each item each way: what staff see.
    static func counts(of itemIDs: [UUID], among members: [UUID], on db: any Database) async throws -> [UUID: Counts] {
        guard !itemIDs.isEmpty, !members.isEmpty else { return [:] }
        var counts: [UUID: Counts] = [:]
        for row in try await db.sql().raw(
            """
            SELECT item_id, state, COUNT(*) AS marks FROM playlist_progress
            WHERE item_id IN (\(SQLList(itemIDs.map { SQLBind($0) })))
            AND user_id IN (\(SQLList(members.map { SQLBind($0) }))) GROUP BY item_id, state
            """
        ).all() {
            let id = try row.decodeUUID(column: "item_id")
            let number = try row.decode(column: "marks", as: Int.self)
            switch PlaylistProgress(rawValue: try row.decode(column: "state", as: String.self)) {
            case .toRead: counts[id, default: .init()].toRead = number
            case .done: counts[id, default: .init()].done = number
            case .withPartner: counts[id, default: .init()].withPartner = number
            case nil: break
            }
        }
        return counts
    }

    /// Who named the viewer as their partner on these items.
    static func partnerAsks(to userID: UUID, on itemIDs: [UUID], db: any Database) async throws -> [PartnerAsk] {
        guard !itemIDs.isEmpty else { return [] }
        return try await db.sql().raw(
            """
            SELECT p.item_id, p.user_id, p.partner_accepted, u.given_name, u.family_name
            FROM playlist_progress p JOIN users u ON u.id = p.user_id
            WHERE p.partner_id = \(bind: userID) AND p.state = 'with-partner'
            AND p.item_id IN (\(SQLList(itemIDs.map { SQLBind($0) })))
            """
        ).all().map { row in
            PartnerAsk(
                itemID: try row.decodeUUID(column: "item_id"), fromID: try row.decodeUUID(column: "user_id"),
                fromName: MemberPerson.fullName(
                    given: try row.decode(column: "given_name", as: String.self),
                    family: try row.decode(column: "family_name", as: String.self)),
                accepted: try row.decode(column: "partner_accepted", as: Bool.self))
        }
    }

    // MARK: - Building (staff)

    static func ensurePlaylist(_ owner: Owner, on db: any Database) async throws -> UUID {
        if let existing = try await playlist(of: owner, on: db) { return existing.id }
        // Another request may create it meanwhile: the unique index keeps one, and both read that one.
        try await db.sql().raw(
            """
            INSERT INTO playlists (id, district_id, cohort_id, community_id, purpose)
            VALUES (\(bind: UUID()), \(bind: owner.districtID), \(bind: owner.cohortID), \(bind: owner.communityID), '')
            ON CONFLICT DO NOTHING
            """
        ).run()
        guard let created = try await playlist(of: owner, on: db) else { throw Abort(.internalServerError) }
        return created.id
    }

    static func setPurpose(_ purpose: String, of owner: Owner, on db: any Database) async throws {
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard purpose.count <= 300 else {
            throw ValidationProblem(field: "purpose", "Purpose: at most 300 characters.")
        }
        let id = try await ensurePlaylist(owner, on: db)
        try await db.sql().raw(
            "UPDATE playlists SET purpose = \(bind: purpose) WHERE id = \(bind: id)"
        ).run()
    }

    /// Adds a resource of the library at the end; one already on the playlist stays where it is.
    static func add(_ resource: LibraryResource, note: String = "", to owner: Owner, on db: any Database) async throws {
        guard resource.state == .listed else {
            throw ValidationProblem(field: "resource", "Only resources in the library can go on a playlist.")
        }
        let playlistID = try await ensurePlaylist(owner, on: db)
        let sql = try db.sql()
        let row = try await sql.raw(
            "SELECT COUNT(*) AS items, MAX(position) AS last FROM playlist_items WHERE playlist_id = \(bind: playlistID)"
        ).first()
        let last = try row?.decode(column: "last", as: Int?.self) ?? -1
        try await sql.raw(
            """
            INSERT INTO playlist_items (id, playlist_id, resource_id, position, note)
            VALUES (\(bind: UUID()), \(bind: playlistID), \(bind: try resource.requireID()), \(bind: last + 1), \(bind: note))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// The item, if it is on this playlist.
    static func item(_ itemID: UUID, in playlistID: UUID, on db: any Database) async throws -> Item? {
        try await items(of: playlistID, on: db).first { $0.id == itemID }
    }

    static func save(
        _ item: Item, note: String, meeting: (seriesID: UUID, day: CalendarDay)?, on db: any Database
    ) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 500 else {
            throw ValidationProblem(field: "note-\(UUIDText.lowercased(item.id))", "Note: at most 500 characters.")
        }
        try await db.sql().raw(
            """
            UPDATE playlist_items SET note = \(bind: note), series_id = \(bind: meeting?.seriesID),
            meeting_day = \(bind: meeting?.day.description) WHERE id = \(bind: item.id)
            """
        ).run()
    }

    /// Writes a new order of the playlist's items; refuses one that does not name exactly its items.
    static func reorder(_ playlistID: UUID, to requested: [UUID], on db: any Database) async throws {
        let current = try await items(of: playlistID, on: db).map(\.id)
        guard let order = PlaylistOrder.reordered(current, to: requested) else {
            throw ValidationProblem(
                field: "playlist-items",
                "The playlist changed while you were moving items. Reload the page and try again.")
        }
        try await db.transaction { db in
            for (position, id) in order.enumerated() {
                try await db.sql().raw(
                    "UPDATE playlist_items SET position = \(bind: position) WHERE id = \(bind: id)"
                ).run()
            }
        }
    }

    static func move(_ item: Item, by step: Int, in playlistID: UUID, on db: any Database) async throws {
        let current = try await items(of: playlistID, on: db).map(\.id)
        try await reorder(playlistID, to: PlaylistOrder.move(item.id, by: step, in: current), on: db)
    }

    static func remove(_ item: Item, on db: any Database) async throws {
        try await db.sql().raw("DELETE FROM playlist_items WHERE id = \(bind: item.id)").run()
    }

    /// One item of a playlist sent whole (the API's replacement).
    struct Entry: Sendable {
        let resourceID: UUID
        let note: String
        let meeting: (seriesID: UUID, day: CalendarDay)?
    }

    /// Replaces the playlist with these entries in this order, in one transaction. An entry whose
    /// resource is already on it keeps its item (and everyone's progress on it).
    static func replace(_ owner: Owner, purpose: String, with entries: [Entry], on db: any Database) async throws {
        try await db.transaction { db in
            try await setPurpose(purpose, of: owner, on: db)
            let playlistID = try await ensurePlaylist(owner, on: db)
            let existing = Dictionary(
                try await items(of: playlistID, on: db).map { ($0.resourceID, $0.id) }, uniquingKeysWith: { a, _ in a })
            let sql = try db.sql()
            let kept = Set(entries.map(\.resourceID))
            for (resourceID, itemID) in existing where !kept.contains(resourceID) {
                try await sql.raw("DELETE FROM playlist_items WHERE id = \(bind: itemID)").run()
            }
            for (position, entry) in entries.enumerated() {
                if let itemID = existing[entry.resourceID] {
                    try await sql.raw(
                        """
                        UPDATE playlist_items SET position = \(bind: position), note = \(bind: entry.note),
                        series_id = \(bind: entry.meeting?.seriesID), meeting_day = \(bind: entry.meeting?.day.description)
                        WHERE id = \(bind: itemID)
                        """
                    ).run()
                } else {
                    try await sql.raw(
                        """
                        INSERT INTO playlist_items (id, playlist_id, resource_id, position, note, series_id, meeting_day)
                        VALUES (\(bind: UUID()), \(bind: playlistID), \(bind: entry.resourceID), \(bind: position),
                        \(bind: entry.note), \(bind: entry.meeting?.seriesID), \(bind: entry.meeting?.day.description))
                        """
                    ).run()
                }
            }
        }
    }

    // MARK: - Progress (leaders)

    /// Sets the leader's own mark. A partner must be another member of the playlist's community (or
    /// cohort); naming one asks them, and they accept on their own page.
    static func mark(
        _ item: Item, as state: PlaylistProgress?, partner: UUID?, by userID: UUID, members: Set<UUID>,
        on db: any Database
    ) async throws {
        let sql = try db.sql()
        guard let state else {
            try await sql.raw(
                "DELETE FROM playlist_progress WHERE item_id = \(bind: item.id) AND user_id = \(bind: userID)"
            ).run()
            return
        }
        if state == .withPartner {
            guard let partner, partner != userID, members.contains(partner) else {
                throw ValidationProblem(
                    field: "partner-\(UUIDText.lowercased(item.id))",
                    "Partner: choose another member to study it with.")
            }
        }
        let partnerID = state == .withPartner ? partner : nil
        // Saving the same partner again keeps their acceptance; a new partner is asked anew.
        let before = try await marks(of: userID, on: [item.id], db: db)[item.id]
        let accepted =
            before?.state == .withPartner && before?.partnerID == partnerID && before?.partnerAccepted == true
        try await db.transaction { db in
            let sql = try db.sql()
            try await sql.raw(
                "DELETE FROM playlist_progress WHERE item_id = \(bind: item.id) AND user_id = \(bind: userID)"
            ).run()
            try await sql.raw(
                """
                INSERT INTO playlist_progress (id, item_id, user_id, state, partner_id, partner_accepted)
                VALUES (\(bind: UUID()), \(bind: item.id), \(bind: userID), \(bind: state.rawValue), \(bind: partnerID), \(bind: accepted))
                """
            ).run()
        }
    }

    /// The named partner accepts studying the item together.
    static func accept(_ item: Item, from askerID: UUID, by userID: UUID, on db: any Database) async throws {
        try await db.sql().raw(
            """
            UPDATE playlist_progress SET partner_accepted = \(bind: true)
            WHERE item_id = \(bind: item.id) AND user_id = \(bind: askerID) AND partner_id = \(bind: userID)
            AND state = 'with-partner'
            """
        ).run()
    }
}
