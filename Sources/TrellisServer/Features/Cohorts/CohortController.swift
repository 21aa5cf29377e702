import Fluent
import Foundation
import TrellisCore
import Vapor

enum CohortController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.cohorts.pathComponents, use: list)
        pages.get(SiteURL.cohort(.key).pathComponents, use: show)
        let admins = pages.grouped(RoleGuard(.districtAdmin))
        admins.get(SiteURL.newCohort.pathComponents, use: newCohort)
        admins.post(SiteURL.cohorts.pathComponents, use: create)
        admins.post(SiteURL.cohortMembers(.key).pathComponents, use: addMember)
        admins.post(SiteURL.cohortMembersFromSchools(.key).pathComponents, use: addSchools)
        admins.post(SiteURL.cohortMemberRemoval(cohort: .key, person: .key).pathComponents, use: removeMember)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let scope = try request.scope
        var rows: [CohortsPage.Row] = []
        let cohorts = try await scope.visibleCohorts()
        let summaries = try await CohortService.summaries(of: try cohorts.map { try $0.requireID() }, on: request.db)
        for cohort in cohorts {
            let summary = summaries[try cohort.requireID()]
            rows.append(
                .init(
                    id: try cohort.requireID(), name: cohort.name, schoolYear: cohort.schoolYear,
                    leaders: summary?.leaders ?? 0, facilitators: (summary?.facilitators ?? []).map(\.fullName)))
        }
        let model = CohortsPage.Model(rows: rows, canCreate: try request.viewer.role == .districtAdmin)
        return CohortsPage.view(model, context: PageContext(request)).response()
    }

    @Sendable static func newCohort(_ request: Request) async throws -> Response {
        let year = SchoolYear(startYear: Calendar(identifier: .gregorian).component(.year, from: request.now))
        let model = NewCohortPage.Model(form: .init(name: "", schoolYear: year.description), problems: [])
        return NewCohortPage.view(model, context: PageContext(request)).response()
    }

    struct CohortForm: Content, Sendable {
        var name: String?
        var schoolYear: String?

    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(CohortForm.self)
        switch CohortService.validate(name: form.name, schoolYear: form.schoolYear) {
        case .failure(let problem):
            let model = NewCohortPage.Model(
                form: .init(name: form.name ?? "", schoolYear: form.schoolYear ?? ""), problems: problem.problems)
            return NewCohortPage.view(model, context: PageContext(request)).response(status: .unprocessableEntity)
        case .success(let values):
            let cohort = try await CohortService.create(
                name: values.name, schoolYear: values.year, districtID: nil, scope: request.scope)
            return request.redirect(to: SiteURL.cohort(.value(try cohort.requireID())).relativeURL(.done(.created)))
        }
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        try await renderCohort(request, problems: [], status: .ok)
    }

    private static func renderCohort(
        _ request: Request, problems: [FieldProblem], status: HTTPResponseStatus, form: MemberForm? = nil
    ) async throws -> Response {
        let scope = try request.scope
        let viewer = try request.viewer
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let cohortID = try cohort.requireID()
        let members = try await scope.members(of: cohort)
        let seesEmails = viewer.role != .leader
        func row(_ member: CohortMember) throws -> CohortPage.Member {
            .init(
                id: member.person.id, name: member.person.fullName,
                email: seesEmails ? member.person.email : nil, school: member.person.schoolName,
                position: member.person.position?.label, yearsInRole: member.person.yearsInRole)
        }
        var candidates: [(value: String, label: String)] = []
        if viewer.role == .districtAdmin {
            candidates = try await CohortService.candidates(for: cohort, scope: scope)
                .map {
                    (
                        UUIDText.lowercased($0.person.id),
                        "\($0.person.sortName) — \($0.person.schoolName ?? $0.role.label)"
                    )
                }
        }
        let notice: String? =
            switch request.query[String.self, at: "done"] {
            case "created": "Cohort created. Add its facilitators and leaders below."
            case "added": "Added to the cohort."
            case "added-schools":
                (request.query[Int.self, at: "count"] ?? 0) == 1
                    ? "Added 1 leader; anyone already in the cohort stayed as they were."
                    : "Added \(request.query[Int.self, at: "count"] ?? 0) leaders; anyone already in the cohort stayed as they were."
            case "removed": "Removed from the cohort."
            default: nil
            }
        var schools: [(value: String, label: String)] = []
        if viewer.role == .districtAdmin {
            schools = try await CohortService.schoolsWithWaitingLeaders(for: cohort, scope: scope)
                .map { school in
                    (
                        UUIDText.lowercased(school.id),
                        "\(school.name) (\(school.leaders) \(school.leaders == 1 ? "leader" : "leaders"))"
                    )
                }
        }
        let model = CohortPage.Model(
            id: cohortID, name: cohort.name, schoolYear: cohort.schoolYear,
            facilitators: try members.filter { $0.role == .facilitator }.map(row),
            leaders: try members.filter { $0.role == .leader }.map(row),
            canManage: viewer.role == .districtAdmin,
            canRunFormation: try await scope.canRun(cohort), candidates: candidates,
            form: form ?? MemberForm(person: nil, role: CohortRole.leader.rawValue), problems: problems, notice: notice,
            schools: schools)
        return CohortPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct MemberForm: Content, Sendable {
        var person: String?
        var role: String?
    }

    @Sendable static func addMember(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let form = try request.content.decode(MemberForm.self)
        var problems: [FieldProblem] = []
        let role = CohortRole(rawValue: form.role ?? "")
        if role == nil { problems.append(.init(field: "role", message: "Take part as: choose leader or facilitator.")) }
        var person: User?
        if let text = form.person, let id = UUID(uuidString: text) {
            person = try await CohortService.activePerson(id, scope: scope)
        }
        if person == nil { problems.append(.init(field: "person", message: "Person: choose someone from the list.")) }
        if let person, let role {
            if role == .leader, person.role != .leader {
                problems.append(
                    .init(
                        field: "role",
                        message:
                            "Take part as: \(person.fullName) is a \(person.role.label.lowercased()), not a leader; add them as a facilitator."
                    ))
            }
            if role == .facilitator, person.role == .leader {
                problems.append(
                    .init(
                        field: "role", message: "Take part as: \(person.fullName) is a leader; leaders join as leaders."
                    ))
            }
            let already = try await CohortService.hasMember(person.requireID(), in: cohort.requireID(), on: request.db)
            if already {
                problems.append(
                    .init(field: "person", message: "Person: \(person.fullName) is already in this cohort."))
            }
        }
        guard problems.isEmpty, let person, let role else {
            return try await renderCohort(request, problems: problems, status: .unprocessableEntity, form: form)
        }
        try await CohortService.addMember(person.requireID(), to: cohort.requireID(), as: role, on: request.db)
        return request.redirect(to: SiteURL.cohort(.value(try cohort.requireID())).relativeURL(.done(.added)))
    }

    struct SchoolsForm: Content {
        var schools: [String]?
    }

    /// Every active leader of the chosen schools joins as a leader; those already in the cohort stay as
    /// they are. All or nothing: a school of another district or a typo changes nothing.
    @Sendable static func addSchools(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let cohortID = try cohort.requireID()
        let chosen = (try? request.content.decode(SchoolsForm.self).schools) ?? []
        let ids = chosen.compactMap { UUID(uuidString: $0) }
        let schools = try await CohortService.schools(ids, scope: scope)
        guard !chosen.isEmpty, ids.count == chosen.count, schools.count == Set(ids).count else {
            return try await renderCohort(
                request,
                problems: [.init(field: "schools", message: "Schools: tick one or more of the district's schools.")],
                status: .unprocessableEntity)
        }
        let joined = try await CohortService.addLeaders(ofSchools: ids, to: cohortID, scope: scope)
        return request.redirect(
            to: SiteURL.cohort(.value(cohortID)).relativeURL(.done(.addedSchools), .count(joined)))
    }

    @Sendable static func removeMember(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let personID = try request.idParameter(SiteURL.personKey)
        guard try await CohortService.removeMember(personID, from: cohort.requireID(), on: request.db) else {
            throw Abort(.notFound)
        }
        return request.redirect(to: SiteURL.cohort(.value(try cohort.requireID())).relativeURL(.done(.removed)))
    }
}
