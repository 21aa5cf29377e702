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
