import Fluent
import Foundation
import TrellisCore
import Vapor

/// Intake: each leader ranks up to three of the cohort's challenges and may privately name people they
/// should not be grouped with. Open while the cohort has challenges and no published communities.
enum IntakeController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let leaders = pages.grouped(RoleGuard(.leader))
        leaders.get(SiteURL.cohortIntake(.key).pathComponents, use: form)
        leaders.post(SiteURL.cohortIntake(.key).pathComponents, use: save)
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        let cohort = try await IntakeService.leaderCohort(try request.idParameter(), scope: try request.scope)
        let viewer = try request.viewer
        let response = try await IntakeService.response(of: viewer.userID, in: cohort.requireID(), on: request.db)
        let apart = try await IntakeService.keptApart(namedBy: viewer.userID, in: cohort.requireID(), on: request.db)
        let form = IntakeForm(
            choice1: response?.choice1 ?? "", choice2: response?.choice2 ?? "", choice3: response?.choice3 ?? "",
            apart: apart.map { UUIDText.lowercased($0.$personB.id) })
        return try await render(
            request, cohort: cohort, form: form, problems: [], saved: request.query[String.self, at: "done"] == "saved",
            status: .ok)
    }

    private static func render(
        _ request: Request, cohort: Cohort, form: IntakeForm, problems: [FieldProblem], saved: Bool,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let others = try await request.scope.members(of: cohort).filter { $0.person.id != viewer.userID }
        let model = IntakePage.Model(
            cohortID: try cohort.requireID(), cohortName: cohort.name,
            isOpen: try await IntakeService.isOpen(cohort.requireID(), on: request.db),
            challenges: try await IntakeService.challenges(of: cohort.requireID(), on: request.db).map {
                ($0.key, $0.title)
            },
            people: try others.map {
                (
                    try UUIDText.lowercased($0.person.id),
                    "\($0.person.sortName) — \($0.person.schoolName ?? $0.role.label)"
                )
            },
            form: form, problems: problems, saved: saved)
        return IntakePage.view(model, context: PageContext(request)).response(status: status)
    }

    struct IntakeForm: Content, Sendable {
        var choice1: String?
        var choice2: String?
        var choice3: String?
        var apart: [String]?
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let cohort = try await IntakeService.leaderCohort(try request.idParameter(), scope: try request.scope)
        let form = try request.content.decode(IntakeForm.self)
        do {
            try await IntakeService.record(
                choices: [form.choice1, form.choice2, form.choice3].map { $0 ?? "" }, apart: form.apart ?? [],
                cohort: cohort, viewer: try request.viewer, on: request.db)
        } catch let problem as ValidationProblem {
            return try await render(
                request, cohort: cohort, form: form, problems: problem.problems, saved: false,
                status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.cohortIntake(.value(try cohort.requireID())).relativeURL(.done(.saved)))
    }
}
