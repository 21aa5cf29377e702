import Fluent
import Foundation
import TrellisCore

/// The leaders of one district working together for one school year.
final class Cohort: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "cohorts"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District

    // data
    @Field(key: "name") var name: String
    /// Written as districts write it, e.g. "2026-27" (see `SchoolYear`).
    @Field(key: "school_year") var schoolYear: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Children(for: \.$cohort) var memberships: [CohortMembership]

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] { [$id, $district, $name, $schoolYear, $createdAt, $memberships] }

    init() {}

    init(id: UUID? = nil, districtID: UUID, name: String, schoolYear: SchoolYear) {
        self.id = id
        self.$district.id = districtID
        self.name = name
        self.schoolYear = schoolYear.description
    }

    var owningDistrictID: UUID? { $district.id }
}

/// How a person takes part in a cohort.
enum CohortRole: String, Codable, CaseIterable, Sendable {
    case leader
    case facilitator

    var label: String { self == .leader ? "Leader" : "Facilitator" }
}

final class CohortMembership: Model, @unchecked Sendable {
    static let schema = "cohort_memberships"

    // identity
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "cohort_id") var cohort: Cohort
    @Parent(key: "user_id") var user: User

    // data
    @Field(key: "role") var role: CohortRole

    init() {}

    init(cohortID: UUID, userID: UUID, role: CohortRole) {
        self.$cohort.id = cohortID
        self.$user.id = userID
        self.role = role
    }
}
