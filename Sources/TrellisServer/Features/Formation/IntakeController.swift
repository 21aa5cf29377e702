import Fluent
import Foundation
import TrellisCore
import Vapor

/// Intake: each leader ranks up to three of the cohort's challenges and may privately name people they
/// should not be grouped with. Open while the cohort has challenges and no published communities.
enum IntakeController {
    static func register(on pages: any RoutesBuilder) {
        let leaders = pages.grouped(RoleGuard(.leader))
        leaders.get(SiteURL.cohortIntake(.key).pathComponents, use: form)
        leaders.post(SiteURL.cohortIntake(.key).pathComponents, use: save)
    }

    static func challenges(of cohortID: UUID, on db: any Database) async throws -> [IntakeChallenge] {
        try await IntakeChallenge.query(on: db).filter(\.$cohort.$id == cohortID).sort(\.$position).all()
    }

    static func isPublished(_ cohortID: UUID, on db: any Database) async throws -> Bool {
        try await Community.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$published == true).count() > 0
    }

    static func isOpen(_ cohortID: UUID, on db: any Database) async throws -> Bool {
        let hasChallenges = try await !challenges(of: cohortID, on: db).isEmpty
        let published = try await isPublished(cohortID, on: db)
        return hasChallenges && !published
    }

    /// The cohort, if the viewer is one of its leaders.
    static func leaderCohort(_ request: Request) async throws -> Cohort {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        guard try await DistrictScope.isMember(scope.viewer.userID, of: cohort.requireID(), as: .leader, on: request.db)
        else { throw Abort(.notFound) }
        return cohort
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        let cohort = try await leaderCohort(request)
        let viewer = try request.viewer
        let response = try await IntakeResponse.query(on: request.db)
            .filter(\.$cohort.$id == cohort.requireID()).filter(\.$user.$id == viewer.userID).first()
        let apart = try await KeptApart.query(on: request.db)
            .filter(\.$cohort.$id == cohort.requireID()).filter(\.$namedBy.$id == viewer.userID).all()
        let form = IntakeForm(
            choice1: response?.choice1 ?? "", choice2: response?.choice2 ?? "", choice3: response?.choice3 ?? "",
            apart: apart.map { $0.$personB.id.uuidString.lowercased() })
        return try await render(
            request, cohort: cohort, form: form, problems: [], saved: request.query[String.self, at: "done"] == "saved",
            status: .ok)
    }

    private static func render(
        _ request: Request, cohort: Cohort, form: IntakeForm, problems: [FieldProblem], saved: Bool,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let others = try await request.scope.members(of: cohort).filter { $0.user.id != viewer.userID }
        let model = IntakePage.Model(
            cohortID: try cohort.requireID(), cohortName: cohort.name,
            isOpen: try await isOpen(cohort.requireID(), on: request.db),
            challenges: try await challenges(of: cohort.requireID(), on: request.db).map { ($0.key, $0.title) },
            people: try others.map {
                (
                    try $0.user.requireID().uuidString.lowercased(),
                    "\($0.user.sortName) — \($0.user.school?.name ?? $0.role.label)"
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
        let cohort = try await leaderCohort(request)
        let form = try request.content.decode(IntakeForm.self)
        do {
            try await record(
                choices: [form.choice1, form.choice2, form.choice3].map { $0 ?? "" }, apart: form.apart ?? [],
                cohort: cohort, viewer: try request.viewer, on: request.db)
        } catch let problem as ValidationProblem {
            return try await render(
                request, cohort: cohort, form: form, problems: problem.problems, saved: false,
                status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.cohortIntake(.value(try cohort.requireID())).relativeURL + "?done=saved")
    }

    /// Saves a leader's ranked challenges (empty strings are unranked places) and the people they keep
    /// apart from, replacing what they said before. Checked in full first: nothing is saved if anything
    /// is wrong.
    static func record(choices: [String], apart: [String], cohort: Cohort, viewer: Viewer, on db: any Database)
        async throws
    {
        let cohortID = try cohort.requireID()
        guard try await isOpen(cohortID, on: db) else {
            throw try await isPublished(cohortID, on: db)
                ? Abort(.conflict, reason: "Intake is closed: the communities are published.")
                : Abort(
                    .conflict,
                    reason: "Intake has not opened yet: the cohort's facilitator has not listed the equity challenges.")
        }
        var problems: [FieldProblem] = []
        if choices.count > 3 {
            problems.append(.init(field: "choice1", message: "Choices: rank at most three challenges."))
        }
        let keys = Set(try await challenges(of: cohortID, on: db).map(\.key))
        let ranked = choices.prefix(3).map { $0.isEmpty ? nil : $0 }
        for (index, choice) in ranked.enumerated() {
            if let choice, !keys.contains(choice) {
                problems.append(
                    .init(
                        field: "choice\(index + 1)", message: "Choice \(index + 1): pick one of the listed challenges.")
                )
            }
        }
        let picked = ranked.compactMap { $0 }
        if Set(picked).count != picked.count {
            problems.append(.init(field: "choice2", message: "Each challenge can be ranked once."))
        }
        if !picked.isEmpty, ranked.first.flatMap({ $0 }) == nil {
            problems.append(.init(field: "choice1", message: "Choice 1: start with your first choice."))
        }
        let memberIDs = Set(
            try await CohortMembership.query(on: db).filter(\.$cohort.$id == cohortID).all().map { $0.$user.id })
        let apartIDs = apart.compactMap(UUID.init(uuidString:))
        if apartIDs.count != apart.count
            || apartIDs.contains(where: { !memberIDs.contains($0) || $0 == viewer.userID })
        {
            problems.append(.init(field: "apart", message: "People to keep apart: choose people from this cohort."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        try await db.transaction { db in
            let response =
                try await IntakeResponse.query(on: db).filter(\.$cohort.$id == cohortID)
                .filter(\.$user.$id == viewer.userID).first()
                ?? IntakeResponse(cohortID: cohortID, userID: viewer.userID)
            response.choice1 = picked.count > 0 ? picked[0] : nil
            response.choice2 = picked.count > 1 ? picked[1] : nil
            response.choice3 = picked.count > 2 ? picked[2] : nil
            try await response.save(on: db)
            try await KeptApart.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$namedBy.$id == viewer.userID)
                .delete()
            for person in Set(apartIDs) {
                try await KeptApart(cohortID: cohortID, namedBy: viewer.userID, personA: viewer.userID, personB: person)
                    .create(on: db)
            }
        }
    }
}
