import Fluent
import Foundation
import TrellisCore
import Vapor

/// Who may see a cohort: its district's admins, and its own members. Everyone else is told it does not exist.
extension DistrictScope {
    func visibleCohorts() async throws -> [Cohort] {
        let query = self.query(Cohort.self).sort(\.$schoolYear, .descending).sort(\.$name)
        if !viewer.role.isAdmin {
            query.join(CohortMembership.self, on: \Cohort.$id == \CohortMembership.$cohort.$id)
                .filter(CohortMembership.self, \.$user.$id == viewer.userID)
        }
        return try await query.all()
    }

    func visibleCohort(_ id: UUID) async throws -> Cohort {
        let cohort = try await find(Cohort.self, id)
        if viewer.role.isAdmin { return cohort }
        let isMember =
            try await CohortMembership.query(on: database)
            .filter(\.$cohort.$id == id).filter(\.$user.$id == viewer.userID).count() > 0
        guard isMember else { throw Abort(.notFound) }
        return cohort
    }

    /// Whether a person takes part in a cohort in the given way.
    static func isMember(_ userID: UUID, of cohortID: UUID, as role: CohortRole, on database: any Database) async throws
        -> Bool
    {
        try await CohortMembership.query(on: database)
            .filter(\.$cohort.$id == cohortID).filter(\.$user.$id == userID).filter(\.$role == role).count() > 0
    }

    /// The cohort's facilitators and the district's admins run it: trust rounds, intake, forming
    /// communities.
    func canRun(_ cohort: Cohort) async throws -> Bool {
        switch viewer.role {
        case .districtAdmin: return true
        case .facilitator:
            return try await Self.isMember(viewer.userID, of: cohort.requireID(), as: .facilitator, on: database)
        case .leader, .networkAdmin: return false
        }
    }

    func requireRunner(of cohort: Cohort) async throws {
        guard try await canRun(cohort) else {
            throw Abort(.forbidden, reason: "Only the cohort's facilitators and district admins do this.")
        }
    }

    /// The cohort's members with their schools, leaders and facilitators apart, sorted by name.
    func members(of cohort: Cohort) async throws -> [CohortMember] {
        // One query with joins rather than eager loading's three: this runs on every home page.
        let rows = try await CohortMembership.query(on: database)
            .filter(\.$cohort.$id == cohort.requireID())
            .join(User.self, on: \CohortMembership.$user.$id == \User.$id)
            .join(School.self, on: \User.$school.$id == \School.$id, method: .left)
            .all()
        return try rows.map { row in
            let user = try row.joined(User.self)
            user.$school.value = .some(user.$school.id == nil ? nil : try? row.joined(School.self))
            return CohortMember(user: user, role: row.role)
        }
        .sorted { $0.user.sortName.localizedCaseInsensitiveCompare($1.user.sortName) == .orderedAscending }
    }
}

struct CohortMember {
    let user: User
    let role: CohortRole
}

/// The rules of a cohort, the same for the page and the API.
enum CohortService {
    static let longestName = 120

    /// A cohort's name (trimmed, not empty, under 120 characters) and school year, or every problem.
    static func validate(name: String?, schoolYear: String?) -> Result<(name: String, year: SchoolYear), ValidationProblem> {
        var problems: [FieldProblem] = []
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            problems.append(.init(field: "name", message: "Name: give the cohort a name people will recognise."))
        }
        if name.count > longestName {
            problems.append(.init(field: "name", message: "Name: keep it under \(longestName) characters."))
        }
        let year = SchoolYear(schoolYear ?? "")
        if year == nil {
            problems.append(.init(field: "schoolYear", message: "School year: write \(SchoolYear.expectedFormat)."))
        }
        guard problems.isEmpty, let year else { return .failure(ValidationProblem(problems)) }
        return .success((name, year))
    }
}
