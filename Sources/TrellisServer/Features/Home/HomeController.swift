import Fluent
import Foundation
import Plot
import TrellisCore
import Vapor

/// Each role lands on the page that answers its first question: an admin, "what is set up?"; a
/// facilitator, "who is in my cohorts?"; a leader, "where do I belong?".
enum HomeController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.home.pathComponents, use: home)
        pages.grouped(RoleGuard(.networkAdmin)).get(SiteURL.districts.pathComponents, use: districts)
    }

    @Sendable static func home(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        let scope = try request.scope
        let context = PageContext(request)
        switch viewer.role {
        case .networkAdmin:
            return try await DistrictsPage.view(HomeService.districts(on: request.db), context: context).response()
        case .districtAdmin:
            guard let district = try await HomeService.viewerDistrict(scope: scope) else { throw Abort(.notFound) }
            let model = try await HomeService.adminHome(of: district, scope: scope, today: request.today)
            return AdminHomePage.view(model, context: context).response()
        case .facilitator, .leader:
            try await HomeService.loadSchool(of: viewer.user, scope: scope)
            let cohorts = try await HomeService.memberCohorts(scope: scope, today: request.today)
            let user = viewer.user
            let model = MemberHomePage.Model(
                name: user.givenName, role: user.role, schoolName: user.school?.name, schoolID: user.school?.id,
                schoolLevel: user.school?.level.label, position: user.position?.label, yearsInRole: user.yearsInRole,
                cohorts: cohorts)
            return MemberHomePage.view(model, context: context).response()
        }
    }

    @Sendable static func districts(_ request: Request) async throws -> Response {
        try await DistrictsPage.view(HomeService.districts(on: request.db), context: PageContext(request)).response()
    }
}
