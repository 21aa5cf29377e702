import Fluent
import Foundation
import TrellisCore
import Vapor

/// `GET /api/v1/me`: who the token belongs to, their cohorts and their calendar address.
enum AccountAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.me).pathComponents, use: me)
    }

    @Sendable static func me(_ request: Request) async throws -> MeDTO {
        let viewer = try request.viewer
        let user = viewer.user
        try await AccountService.loadDistrictAndSchool(of: user, on: request.db)
        let scope = try request.scope
        let communities = try await scope.publishedCommunities(of: viewer.userID)
        var memberships: [MeDTO.Membership] = []
        for cohort in try await scope.visibleCohorts() {
            // one read of the viewer's roles for every cohort; someone both in a cohort shows as its facilitator
            let roles = try await scope.viewerRoles(in: cohort.requireID())
            if let role = roles.contains(.facilitator) ? CohortRole.facilitator : roles.first {
                memberships.append(
                    .init(
                        cohortId: try cohort.requireID(), name: cohort.name, schoolYear: cohort.schoolYear,
                        role: role.rawValue, communityId: communities[try cohort.requireID()]?.id))
            }
        }
        return MeDTO(
            id: viewer.userID, email: user.email, givenName: user.givenName, familyName: user.familyName,
            role: user.role.rawValue,
            district: try user.district.map { .init(id: try $0.requireID(), name: $0.name, slug: $0.slug) },
            school: try user.school.map { .init(id: try $0.requireID(), name: $0.name) },
            position: user.position?.rawValue, yearsInRole: user.yearsInRole,
            communityId: memberships.lazy.compactMap(\.communityId).first,
            calendarUrl: CalendarService.url(
                of: try await CalendarService.feed(for: viewer.userID, on: request.db), base: request.publicBaseURL),
            cohorts: memberships)
    }
}

struct MeDTO: Content {
    struct DistrictRef: Content {
        var id: UUID
        var name: String
        var slug: String
    }

    struct SchoolRef: Content {
        var id: UUID
        var name: String
    }

    struct Membership: Content {
        var cohortId: UUID
        var name: String
        var schoolYear: String
        var role: String
        /// The published community the viewer belongs to in this cohort.
        var communityId: UUID?
    }

    var id: UUID
    var email: String
    var givenName: String
    var familyName: String
    var role: String
    var district: DistrictRef?
    var school: SchoolRef?
    var position: String?
    var yearsInRole: Int?
    /// A leader's community: in their most recent cohort that has published its communities.
    var communityId: UUID?
    /// The person's secret calendar feed (iCalendar) of their meetings.
    var calendarUrl: String
    var cohorts: [Membership]
}
