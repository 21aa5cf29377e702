import Fluent
import Foundation
import TrellisCore
import Vapor

enum SchoolController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.schools.pathComponents, use: list)
        pages.get(SiteURL.school(.key).pathComponents, use: show)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let rows = try await SchoolService.rows(scope: scope).map { school in
            SchoolsPage.Row(
                id: school.id, name: school.name, level: school.level.label, leaders: school.leaders,
                archived: school.archived)
        }
        return SchoolsPage.view(.init(rows: rows), context: PageContext(request)).response()
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let school = try await scope.find(School.self, try request.idParameter())
        let leaders = try await SchoolService.activePeople(of: school.requireID(), scope: scope)
        let canSeePeople = try request.viewer.role != .leader
        let model = SchoolPage.Model(
            name: school.name, level: school.level.label, identifier: school.identifier, archived: school.archived,
            leaders: try leaders.map {
                .init(
                    id: try $0.requireID(), name: $0.fullName, position: $0.position?.label, yearsInRole: $0.yearsInRole
                )
            },
            linkPeople: canSeePeople)
        return SchoolPage.view(model, context: PageContext(request)).response()
    }
}
