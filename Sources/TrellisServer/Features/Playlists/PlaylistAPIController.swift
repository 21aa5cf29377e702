import Fluent
import Foundation
import TrellisCore
import Vapor

/// A community's playlist through the API: read it (with the reader's own progress, or for staff the
/// counts), replace it whole (staff), read the recommendations, and set one's own progress on an item.
enum PlaylistAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.communityPlaylist(.key)).pathComponents, use: show)
        api.put(SiteURL.api(.communityPlaylist(.key)).pathComponents, use: replace)
        api.get(SiteURL.api(.communityRecommendations(.key)).pathComponents, use: recommendations)
        api.put(SiteURL.api(.playlistItemProgress(.key)).pathComponents, use: progress)
    }

    struct MeetingRef: Content {
        var seriesId: UUID
        var day: String
    }

    struct ProgressDTO: Content {
        var state: String?
        var partnerId: UUID?
        var partnerAccepted: Bool
    }

    struct CountsDTO: Content {
        var toRead: Int
        var done: Int
        var withPartner: Int
        var members: Int
    }

    struct ItemDTO: Content {
        var id: UUID
        var resourceId: UUID
        var title: String
        var kind: String
        var minutes: Int?
        var note: String
        var meeting: MeetingRef?
        /// The reader's own progress (members of the community).
        var progress: ProgressDTO?
        /// How many marked it each way (the cohort's runners); never who.
        var counts: CountsDTO?
    }

    struct PlaylistDTO: Content {
        var communityId: UUID
        var purpose: String
        var items: [ItemDTO]
    }

    static func playlist(_ access: PlaylistController.Access, scope: DistrictScope) async throws -> PlaylistDTO {
        let db = scope.database
        let found = try await PlaylistService.playlist(of: access.owner, on: db)
        var items: [PlaylistService.Item] = []
        if let found { items = try await PlaylistService.items(of: found.id, on: db) }
        let ids = items.map(\.id)
        let marks = access.isMember ? try await PlaylistService.marks(of: scope.viewer.userID, on: ids, db: db) : [:]
        let counts =
            access.canBuild ? try await PlaylistService.counts(of: ids, among: access.members.map(\.id), on: db) : [:]
        return PlaylistDTO(
            communityId: access.owner.communityID ?? access.owner.cohortID, purpose: found?.purpose ?? "",
            items: items.map { item in
                ItemDTO(
                    id: item.id, resourceId: item.resourceID, title: item.title, kind: item.kind.rawValue,
                    minutes: item.minutes, note: item.note,
                    meeting: item.meeting.map { MeetingRef(seriesId: $0.seriesID, day: $0.day.description) },
                    progress: access.isMember
                        ? ProgressDTO(
                            state: marks[item.id]?.state.rawValue, partnerId: marks[item.id]?.partnerID,
                            partnerAccepted: marks[item.id]?.partnerAccepted ?? false) : nil,
                    counts: access.canBuild
                        ? (counts[item.id] ?? .init()).dto(members: access.members.count) : nil)
            })
    }

    @Sendable static func show(_ request: Request) async throws -> PlaylistDTO {
        let scope = try request.scope
        return try await playlist(
            try await PlaylistController.access(community: try request.idParameter(), scope: scope), scope: scope)
    }

    struct NewItem: Content {
        var resourceId: UUID?
        var note: String?
        var meeting: MeetingRef?
    }

    struct Replacement: Content {
        var purpose: String?
        var items: [NewItem]?
    }

    /// The whole playlist in the order given. Items already on it keep their progress; those left out
    /// are removed. Every item is checked before anything changes.
    @Sendable static func replace(_ request: Request) async throws -> PlaylistDTO {
        let scope = try request.scope
        let access = try await PlaylistController.access(community: try request.idParameter(), scope: scope)
        guard access.canBuild else {
            throw Abort(.forbidden, reason: "The cohort's facilitators and the district's admins build its playlists.")
        }
        try request.requireJSONBody()
        let body = try request.content.decode(Replacement.self)
        guard let items = body.items else {
            throw ValidationProblem(field: "items", "items: the playlist's items, in order.")
        }
        let meetings = Set(
            try await PlaylistController.meetingChoices(access, scope: scope, now: request.now).map(\.value))
        // An item keeps the meeting it is set for, past or not: what a GET answered can be sent back.
        var current: [UUID: String] = [:]
        if let playlist = try await PlaylistService.playlist(of: access.owner, on: scope.database) {
            for item in try await PlaylistService.items(of: playlist.id, on: scope.database) {
                if let meeting = item.meeting {
                    current[item.resourceID] = "\(UUIDText.lowercased(meeting.seriesID))|\(meeting.day)"
                }
            }
        }
        var problems: [FieldProblem] = []
        var entries: [PlaylistService.Entry] = []
        var seen = Set<UUID>()
        for (index, item) in items.enumerated() {
            let field = "items[\(index)]"
            guard let resourceID = item.resourceId else {
                problems.append(.init(field: "\(field).resourceId", message: "\(field).resourceId: required."))
                continue
            }
            guard seen.insert(resourceID).inserted else {
                problems.append(
                    .init(field: "\(field).resourceId", message: "\(field).resourceId: already on the playlist."))
                continue
            }
            guard let resource = try? await LibraryService.readable(resourceID, scope: scope), resource.state == .listed
            else {
                problems.append(
                    .init(
                        field: "\(field).resourceId", message: "\(field).resourceId: no such resource in the library."))
                continue
            }
            var meeting: (UUID, CalendarDay)?
            if let ref = item.meeting {
                let key = CalendarDay(ref.day).map { "\(UUIDText.lowercased(ref.seriesId))|\($0)" }
                guard let day = CalendarDay(ref.day), let key, meetings.contains(key) || current[resourceID] == key
                else {
                    problems.append(
                        .init(field: "\(field).meeting", message: "\(field).meeting: not one of the coming meetings."))
                    continue
                }
                meeting = (ref.seriesId, day)
            }
            let note = (item.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if note.count > 500 {
                problems.append(.init(field: "\(field).note", message: "\(field).note: at most 500 characters."))
            }
            entries.append(.init(resourceID: try resource.requireID(), note: note, meeting: meeting))
        }
        if (body.purpose ?? "").count > 300 {
            problems.append(.init(field: "purpose", message: "purpose: at most 300 characters."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        try await PlaylistService.replace(access.owner, purpose: body.purpose ?? "", with: entries, on: scope.database)
        return try await playlist(access, scope: scope)
    }

    struct RecommendationDTO: Content {
        var resourceId: UUID
        var title: String
        var reasons: [String]
    }

    @Sendable static func recommendations(_ request: Request) async throws -> ItemList<RecommendationDTO> {
        let scope = try request.scope
        let access = try await PlaylistController.access(community: try request.idParameter(), scope: scope)
        guard let community = access.community else { throw Abort(.notFound) }
        guard access.canBuild || access.isMember else {
            throw Abort(
                .forbidden,
                reason: "The recommendations describe the community's own work: its members and runners read them.")
        }
        return ItemList(
            items: try await PlaylistService.recommendations(
                for: community, members: access.members.map(\.id), limit: 10, on: scope.database
            ).map { RecommendationDTO(resourceId: $0.id, title: $0.title, reasons: $0.reasons) })
    }

    struct ProgressBody: Content {
        var state: String?
        var partnerId: UUID?
    }

    /// The reader's own progress on an item: `state` null clears it.
    @Sendable static func progress(_ request: Request) async throws -> ProgressDTO {
        let (item, _, access) = try await PlaylistController.itemAccess(request)
        guard access.isMember else {
            throw Abort(.forbidden, reason: "Progress is each member's own: only they mark it.")
        }
        try request.requireJSONBody()
        let body = try request.content.decode(ProgressBody.self)
        var state: PlaylistProgress?
        if let text = body.state {
            state = PlaylistProgress(rawValue: text)
            if state == nil {
                throw ValidationProblem(field: "state", "state: to-read, done, with-partner or null.")
            }
        }
        let scope = try request.scope
        do {
            try await PlaylistService.mark(
                item, as: state, partner: body.partnerId, by: scope.viewer.userID,
                members: Set(access.members.map(\.id)), on: scope.database)
        } catch let problem as ValidationProblem {
            throw ValidationProblem(problem.problems.map { FieldProblem(field: "partnerId", message: $0.message) })
        }
        let mark = try await PlaylistService.marks(of: scope.viewer.userID, on: [item.id], db: scope.database)[item.id]
        return ProgressDTO(
            state: mark?.state.rawValue, partnerId: mark?.partnerID, partnerAccepted: mark?.partnerAccepted ?? false)
    }
}

extension PlaylistService.Counts {
    func dto(members: Int) -> PlaylistAPIController.CountsDTO {
        .init(toRead: toRead, done: done, withPartner: withPartner, members: members)
    }
}
