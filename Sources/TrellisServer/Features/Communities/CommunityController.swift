import Fluent
import Foundation
import TrellisCore
import Vapor

/// A published community's own page: its focus, its members, its facilitator. Later features (meetings,
/// the inquiry) hang off it. The cohort's runners rename it and choose its facilitator here.
enum CommunityController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.community(.key).pathComponents, use: page)
        pages.grouped(RoleGuard(.districtAdmin, .facilitator))
            .post(SiteURL.community(.key).pathComponents, use: update)
        let leaders = pages.grouped(RoleGuard(.leader))
        for (url, place) in [(SiteURL.myCommunity, Place.community), (.myBoard, .board), (.myMeetings, .meetings)] {
            leaders.get(url.pathComponents) { request in try await mine(request, place) }
        }
    }

    enum Place {
        case community, board, meetings
    }

    /// A leader's navigation goes to their community's page, board or meetings in one click; before
    /// their community is published, to their home page, which says where they stand.
    static func mine(_ request: Request, _ place: Place) async throws -> Response {
        let scope = try request.scope
        guard let community = try await scope.currentCommunity(of: scope.viewer.userID),
            let id = community.id
        else { return request.redirect(to: SiteURL.home.relativeURL) }
        let target: SiteURL =
            switch place {
            case .community: .community(.value(id))
            case .board: .communityBoard(.value(id))
            case .meetings: .cohortMeetings(.value(community.$cohort.id))
            }
        return request.redirect(to: target.relativeURL)
    }

    struct CommunityForm: Content, Sendable {
        var name: String?
        var facilitator: String?
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        try await render(request, form: nil, problems: [], status: .ok)
    }

    static func render(_ request: Request, form: CommunityForm?, problems: [FieldProblem], status: HTTPResponseStatus)
        async throws -> Response
    {
        let scope = try request.scope
        let (community, cohort) = try await scope.visibleCommunity(try request.idParameter())
        let communityID = try community.requireID()
        let members = try await scope.communityMembers(of: [communityID])[communityID] ?? []
        let canRun = try await scope.canRun(cohort)
        // The runners' form offers every facilitator of the cohort; anyone else sees the community's own,
        // so only that one is read (a large cohort has dozens).
        let facilitators = try await CommunityService.facilitators(
            of: cohort, among: canRun ? nil : [community.$facilitator.id].compactMap { $0 }, scope: scope)
        let focus = try await CommunityService.focusChallenge(of: community, in: cohort, on: request.db)
        let viewerID = scope.viewer.userID
        var endedOn: String?
        if let ended = community.endedAt {
            let zone = try await District.zone(of: community.$district.id, on: request.db)
            endedOn = CalendarDay(ended, timeZone: zone).description
        }
        let owner = PlaylistService.Owner(
            districtID: community.$district.id, cohortID: try cohort.requireID(), communityID: communityID,
            name: community.name)
        var playlist: (purpose: String, items: [(id: UUID, title: String)], total: Int) = ("", [], 0)
        if let found = try await PlaylistService.playlist(of: owner, on: request.db) {
            let items = try await PlaylistService.items(of: found.id, on: request.db).filter { !$0.isRetired }
            playlist = (found.purpose, items.prefix(5).map { ($0.resourceID, $0.title) }, items.count)
        }
        var model = CommunityPage.Model(
            id: communityID, name: community.name, focus: focus?.title ?? community.focus,
            cohortID: try cohort.requireID(), cohortName: cohort.name,
            facilitator: facilitators.first { $0.id == community.$facilitator.id }?.fullName,
            members: members.map { ($0.person.fullName, $0.person.schoolName ?? "") },
            yourReasons: members.first { $0.person.id == viewerID }?.reasons,
            editing: canRun
                ? .init(
                    name: form?.name ?? community.name,
                    facilitator: form?.facilitator ?? community.$facilitator.id?.uuidString.lowercased() ?? "",
                    facilitators: facilitators.map { (UUIDText.lowercased($0.id), $0.sortName) })
                : nil,
            sharedStories: try await scope.sharedStories(in: community).map {
                ($0.id, $0.author, StoryService.opening($0.story))
            },
            storyCounts: canRun ? try await scope.storyCounts(in: community) : nil,
            inquiry: try await QuestionService.adoptedText(of: communityID, on: request.db),
            showsInquiry: canRun || members.contains { $0.person.id == viewerID },
            saved: request.query[String.self, at: "done"] == "saved", problems: problems,
            endedOn: endedOn)
        model.playlist = playlist
        return CommunityPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (community, cohort) = try await scope.visibleCommunity(try request.idParameter())
        let form = try request.content.decode(CommunityForm.self)
        let facilitator = (form.facilitator ?? "").trimmingCharacters(in: .whitespaces)
        let facilitatorID: UUID?? =
            form.facilitator == nil
            ? nil : facilitator.isEmpty ? .some(nil) : .some(UUID(uuidString: facilitator) ?? UUID())
        do {
            try await CommunityService.update(
                community, cohort: cohort, with: .init(name: form.name, facilitatorID: facilitatorID), scope: scope)
        } catch let problem as ValidationProblem {
            return try await render(request, form: form, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.community(.value(try community.requireID())).relativeURL(.done(.saved)))
    }
}
