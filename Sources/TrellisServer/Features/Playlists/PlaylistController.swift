import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// A community's playlist and its cohort's: staff build it (add from the library or its recommendations,
/// note and meeting per item, reorder by buttons or by dragging), leaders mark their own progress and
/// name a partner, who accepts. Everyone the community page shows it to can read it.
enum PlaylistController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.communityPlaylist(.key).pathComponents, use: communityPage)
        pages.post(SiteURL.communityPlaylist(.key).pathComponents, use: communityChange)
        pages.get(SiteURL.cohortPlaylist(.key).pathComponents, use: cohortPage)
        pages.post(SiteURL.cohortPlaylist(.key).pathComponents, use: cohortChange)
        pages.post(SiteURL.playlistItem(.key).pathComponents, use: itemChange)
        pages.post(SiteURL.playlistItemProgress(.key).pathComponents, use: progress)
    }

    /// Who is looking at which playlist, and what they may do with it.
    struct Access: Sendable {
        let owner: PlaylistService.Owner
        let cohort: Cohort
        let community: Community?
        /// The leaders who mark progress: the community's members, or the cohort's leaders.
        let members: [MemberPerson]
        let canBuild: Bool
        let isMember: Bool

        var page: SiteURL {
            community.flatMap(\.id).map { .communityPlaylist(.value($0)) } ?? .cohortPlaylist(.value(owner.cohortID))
        }
    }

    static func access(community id: UUID, scope: DistrictScope) async throws -> Access {
        let (community, cohort) = try await scope.visibleCommunity(id)
        let members = (try await scope.communityMembers(of: [id])[id] ?? []).map(\.person)
        return Access(
            owner: .init(
                districtID: community.$district.id, cohortID: try cohort.requireID(), communityID: id,
                name: community.name),
            cohort: cohort, community: community, members: members, canBuild: try await scope.canRun(cohort),
            isMember: scope.viewer.role == .leader && members.contains { $0.id == scope.viewer.userID })
    }

    static func access(cohort id: UUID, scope: DistrictScope) async throws -> Access {
        let cohort = try await scope.visibleCohort(id)
        let leaders = (try await scope.members(of: [cohort], as: .leader)[id] ?? []).map(\.person)
        return Access(
            owner: .init(districtID: cohort.$district.id, cohortID: id, communityID: nil, name: cohort.name),
            cohort: cohort, community: nil, members: leaders, canBuild: try await scope.canRun(cohort),
            isMember: scope.viewer.role == .leader && leaders.contains { $0.id == scope.viewer.userID })
    }

    // MARK: - The page

    @Sendable static func communityPage(_ request: Request) async throws -> Response {
        try await render(request, try await access(community: try request.idParameter(), scope: try request.scope))
    }

    @Sendable static func cohortPage(_ request: Request) async throws -> Response {
        try await render(request, try await access(cohort: try request.idParameter(), scope: try request.scope))
    }

    static let notices = [
        "added": "Added to the playlist.", "saved": "Saved.", "removed": "Removed from the playlist.",
        "changed": "Order changed.", "shared": "Shared with the whole cohort.", "answered": "Your progress is saved.",
    ]

    static func render(
        _ request: Request, _ access: Access, problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let db = scope.database
        let playlist = try await PlaylistService.playlist(of: access.owner, on: db)
        var items: [PlaylistService.Item] = []
        if let playlist { items = try await PlaylistService.items(of: playlist.id, on: db) }
        let itemIDs = items.map(\.id)
        let viewerID = scope.viewer.userID
        let marks = access.isMember ? try await PlaylistService.marks(of: viewerID, on: itemIDs, db: db) : [:]
        let asks = access.isMember ? try await PlaylistService.partnerAsks(to: viewerID, on: itemIDs, db: db) : []
        let counts =
            access.canBuild
            ? try await PlaylistService.counts(of: itemIDs, among: access.members.map(\.id), on: db) : [:]
        let meetings = try await meetingChoices(access, scope: scope, now: request.now)
        let names = Dictionary(access.members.map { ($0.id, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let meetingLabels = Dictionary(meetings.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        let onPlaylist = Set(items.map(\.resourceID))
        var search: [PlaylistPage.Candidate] = []
        let words = String((request.query[String.self, at: "q"] ?? "").prefix(200))
        if access.canBuild, !words.trimmingCharacters(in: .whitespaces).isEmpty {
            var filters = LibraryService.Filters()
            filters.words = words
            search = try await LibraryService.search(filters, limit: 10, scope: scope).filter { $0.state == .listed }
                .map {
                    .init(id: $0.id, title: $0.title, reasons: [$0.kind.title], onPlaylist: onPlaylist.contains($0.id))
                }
        }
        var recommended: [PlaylistPage.Candidate] = []
        // The reasons describe the community's board and its members' intake choices: its members and
        // runners see them, not the rest of the cohort.
        if let community = access.community, access.canBuild || access.isMember {
            recommended = try await PlaylistService.recommendations(
                for: community, members: access.members.map(\.id), on: db
            ).map { .init(id: $0.id, title: $0.title, reasons: $0.reasons, onPlaylist: onPlaylist.contains($0.id)) }
        }
        let model = PlaylistPage.Model(
            name: access.owner.name, isCommunity: access.community != nil,
            ownerPage: access.community.flatMap(\.id).map { SiteURL.community(.value($0)) }
                ?? .cohort(.value(access.owner.cohortID)),
            page: access.page, purpose: playlist?.purpose ?? "",
            items: items.map { item in
                let meeting = item.meeting.map { "\(UUIDText.lowercased($0.seriesID))|\($0.day)" }
                return PlaylistPage.ItemView(
                    id: item.id, resourceID: item.resourceID, title: item.title, isRetired: item.isRetired,
                    kind: item.kind.title,
                    minutes: item.minutes, note: item.note, meeting: meeting ?? "",
                    meetingLabel: meeting.map { meetingLabels[$0] ?? item.meeting?.day.readable ?? "" },
                    counts: access.canBuild
                        ? count(of: counts[item.id] ?? .init(), members: access.members.count) : nil,
                    mark: marks[item.id],
                    partnerName: marks[item.id]?.partnerID.flatMap { names[$0] },
                    asks: asks.filter { $0.itemID == item.id })
            },
            canBuild: access.canBuild, isMember: access.isMember,
            partners: access.members.filter { $0.id != viewerID }.map { ($0.id, $0.fullName) },
            meetings: meetings, words: words, search: search, recommended: recommended, problems: problems,
            notice: notices[request.query[String.self, at: "done"] ?? ""])
        return PlaylistPage.view(model, context: PageContext(request)).response(status: status)
    }

    /// "7 of 9 done · 2 studying with a partner": counts only, never who.
    static func count(of counts: PlaylistService.Counts, members: Int) -> String {
        var parts = ["\(counts.done) of \(members) done"]
        if counts.withPartner > 0 { parts.append("\(counts.withPartner) studying with a partner") }
        if counts.toRead > 0 { parts.append("\(counts.toRead) to read") }
        return parts.joined(separator: " · ")
    }

    /// The coming meetings an item can be set for: the community's own and the cohort's, the next twelve.
    static func meetingChoices(_ access: Access, scope: DistrictScope, now: Date) async throws
        -> [(value: String, label: String)]
    {
        let series = try await scope.visibleSeries(of: access.cohort).filter {
            $0.$community.id == nil || $0.$community.id == access.owner.communityID
        }
        return try RhythmService.upcoming(series, now: now, limit: 12).map { meeting in
            (
                "\(UUIDText.lowercased(try meeting.record.requireID()))|\(meeting.occurrence.key)",
                "\(meeting.occurrence.slot.day.readable) — \(meeting.record.title)"
            )
        }
    }

    // MARK: - Building

    struct BuildForm: Content {
        var action: String?
        var purpose: String?
        var resource: String?
        /// The dragged item's id, and the id of the item whose place it takes.
        var move: String?
        var to: String?
    }

    @Sendable static func communityChange(_ request: Request) async throws -> Response {
        try await build(request, try await access(community: try request.idParameter(), scope: try request.scope))
    }

    @Sendable static func cohortChange(_ request: Request) async throws -> Response {
        try await build(request, try await access(cohort: try request.idParameter(), scope: try request.scope))
    }

    static func build(_ request: Request, _ access: Access) async throws -> Response {
        guard access.canBuild else {
            throw Abort(.forbidden, reason: "The cohort's facilitators and the district's admins build its playlists.")
        }
        let scope = try request.scope
        let form = try request.content.decode(BuildForm.self)
        let done: SiteURL.Done
        do {
            switch form.action {
            case "purpose":
                try await PlaylistService.setPurpose(form.purpose ?? "", of: access.owner, on: scope.database)
                done = .saved
            case "add":
                let resource = try await LibraryService.readable(
                    form.resource.flatMap(UUIDText.parse) ?? UUID(), scope: scope)
                try await PlaylistService.add(resource, to: access.owner, on: scope.database)
                done = .added
            case "drag":
                guard let playlist = try await PlaylistService.playlist(of: access.owner, on: scope.database),
                    let move = form.move, let to = form.to
                else {
                    throw Abort(.badRequest, reason: "move and to: the dragged item and the one whose place it takes.")
                }
                let current = try await PlaylistService.items(of: playlist.id, on: scope.database).map(\.id)
                guard let from = UUIDText.parse(move).flatMap(current.firstIndex(of:)),
                    let place = UUIDText.parse(to).flatMap(current.firstIndex(of:)),
                    let order = PlaylistOrder.dragged(from: from, to: place, in: current)
                else {
                    throw ValidationProblem(
                        field: "playlist-items",
                        "The playlist changed while you were moving items. Reload the page and try again.")
                }
                try await PlaylistService.reorder(playlist.id, to: order, on: scope.database)
                done = .changed
            default:
                throw Abort(.badRequest, reason: "action: purpose, add or drag.")
            }
        } catch let problem as ValidationProblem {
            return try await render(request, access, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: access.page.relativeURL(.done(done)))
    }

    // MARK: - One item

    /// The item and the playlist it is on, read through the viewer's district, or 404.
    static func itemAccess(_ request: Request) async throws -> (PlaylistService.Item, UUID, Access) {
        let scope = try request.scope
        let itemID = try request.idParameter()
        guard
            let row = try await scope.database.sql().raw(
                """
                SELECT p.id, p.cohort_id, p.community_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                WHERE i.id = \(bind: itemID) AND \(scope.districtCondition("p.district_id"))
                """
            ).first()
        else { throw Abort(.notFound) }
        let playlistID = try row.decodeUUID(column: "id")
        let access =
            if let community = try row.decodeUUIDIfPresent(column: "community_id") {
                try await access(community: community, scope: scope)
            } else {
                try await access(cohort: try row.decodeUUID(column: "cohort_id"), scope: scope)
            }
        guard let item = try await PlaylistService.item(itemID, in: playlistID, on: scope.database) else {
            throw Abort(.notFound)
        }
        return (item, playlistID, access)
    }

    /// An item's form: its fields carry the item's id in their names (`note-ID`, `meeting-ID`), so that
    /// every item's form on the page has fields of its own.
    struct ItemForm {
        var action: String?
        var note: String?
        var meeting: String?

        init(_ request: Request, item: UUID) {
            let key = UUIDText.lowercased(item)
            action = try? request.content.get(String.self, at: "action")
            note = try? request.content.get(String.self, at: "note-\(key)")
            meeting = try? request.content.get(String.self, at: "meeting-\(key)")
        }
    }

    @Sendable static func itemChange(_ request: Request) async throws -> Response {
        let (item, playlistID, access) = try await itemAccess(request)
        let db = try request.scope.database
        let form = ItemForm(request, item: item.id)
        if form.action == "share" {
            return try await share(request, item, access)
        }
        guard access.canBuild else {
            throw Abort(.forbidden, reason: "The cohort's facilitators and the district's admins build its playlists.")
        }
        let done: SiteURL.Done
        do {
            switch form.action {
            case "save":
                let meetings = try await meetingChoices(access, scope: try request.scope, now: request.now)
                let chosen = (form.meeting ?? "").trimmingCharacters(in: .whitespaces)
                var meeting: (UUID, CalendarDay)?
                if !chosen.isEmpty {
                    let parts = chosen.split(separator: "|").map(String.init)
                    guard
                        meetings.contains(where: { $0.value == chosen })
                            || chosen == item.meeting.map({ "\(UUIDText.lowercased($0.seriesID))|\($0.day)" }),
                        parts.count == 2, let series = UUIDText.parse(parts[0]), let day = CalendarDay(parts[1])
                    else {
                        throw ValidationProblem(
                            field: "meeting-\(UUIDText.lowercased(item.id))",
                            "Meeting: choose one of the coming meetings, or none.")
                    }
                    meeting = (series, day)
                }
                try await PlaylistService.save(item, note: form.note ?? "", meeting: meeting, on: db)
                done = .saved
            case "up", "down":
                try await PlaylistService.move(item, by: form.action == "up" ? -1 : 1, in: playlistID, on: db)
                done = .changed
            case "remove":
                try await PlaylistService.remove(item, on: db)
                done = .removed
            default:
                throw Abort(.badRequest, reason: "action: save, up, down, remove or share.")
            }
        } catch let problem as ValidationProblem {
            return try await render(request, access, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(
            to: access.page.relativeURL(.done(done), fragment: "item-\(UUIDText.lowercased(item.id))"))
    }

    /// A community shares one of its playlist's resources with its whole cohort: it joins the cohort's
    /// playlist, with a note naming the community.
    static func share(_ request: Request, _ item: PlaylistService.Item, _ access: Access) async throws -> Response {
        guard let community = access.community, access.canBuild || access.isMember else {
            throw Abort(.forbidden, reason: "The community's members and facilitators share its resources.")
        }
        let scope = try request.scope
        let resource = try await LibraryService.readable(item.resourceID, scope: scope)
        let cohortOwner = PlaylistService.Owner(
            districtID: access.owner.districtID, cohortID: access.owner.cohortID, communityID: nil,
            name: access.cohort.name)
        try await PlaylistService.add(
            resource, note: "Shared by \(community.name).", to: cohortOwner, on: scope.database)
        return request.redirect(to: access.page.relativeURL(.done(.shared)))
    }

    // MARK: - Progress

    struct ProgressForm: Content {
        var state: String?
        var accept: String?
    }

    @Sendable static func progress(_ request: Request) async throws -> Response {
        let (item, _, access) = try await itemAccess(request)
        guard access.isMember else {
            throw Abort(.forbidden, reason: "Progress is each member's own: only they mark it.")
        }
        let scope = try request.scope
        let form = try request.content.decode(ProgressForm.self)
        do {
            if let asker = form.accept.flatMap(UUIDText.parse) {
                try await PlaylistService.accept(item, from: asker, by: scope.viewer.userID, on: scope.database)
            } else {
                let state =
                    try form.state.map { text -> PlaylistProgress? in
                        if text == "clear" { return nil }
                        guard let state = PlaylistProgress(rawValue: text) else {
                            throw Abort(.badRequest, reason: "state: to-read, done, with-partner or clear.")
                        }
                        return state
                    } ?? nil
                // The partner menu is named for its item, so that every item's menu on the page has its own id.
                let partner = try? request.content.get(String.self, at: "partner-\(UUIDText.lowercased(item.id))")
                try await PlaylistService.mark(
                    item, as: state, partner: partner.flatMap(UUIDText.parse), by: scope.viewer.userID,
                    members: Set(access.members.map(\.id)), on: scope.database)
            }
        } catch let problem as ValidationProblem {
            return try await render(request, access, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(
            to: access.page.relativeURL(.done(.answered), fragment: "item-\(UUIDText.lowercased(item.id))"))
    }
}
