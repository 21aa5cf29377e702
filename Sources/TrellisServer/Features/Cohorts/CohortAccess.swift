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
        let memberships = try await CohortMembership.query(on: database)
            .filter(\.$cohort.$id == cohort.requireID())
            .with(\.$user) { $0.with(\.$school) }
            .all()
        return memberships.map { CohortMember(user: $0.user, role: $0.role) }
            .sorted { $0.user.sortName.localizedCaseInsensitiveCompare($1.user.sortName) == .orderedAscending }
    }
}

struct CohortMember {
    let user: User
    let role: CohortRole
}
