import Fluent
import Foundation
import TrellisCore

/// A person with (or, when imported and not yet invited, without) a way to sign in.
/// Leaders carry their school, position and years in the role, which forming communities uses.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // identity
    @ID(key: .id) var id: UUID?
    /// Nil only for network admins, who see every district.
    @OptionalParent(key: "district_id") var district: District?
    @Field(key: "email") var email: String
    @OptionalField(key: "sourced_id") var sourcedID: String?

    // data
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    @Field(key: "role") var role: Role
    @OptionalParent(key: "school_id") var school: School?
    @OptionalField(key: "position") var position: LeaderPosition?
    @OptionalField(key: "years_in_role") var yearsInRole: Int?
    @Field(key: "archived") var archived: Bool

    // secrets
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] {
        [
            $id, $district, $email, $sourcedID, $givenName, $familyName, $role, $school, $position, $yearsInRole,
            $archived, $passwordHash, $createdAt,
        ]
    }

    init() {}

    init(
        id: UUID? = nil, districtID: UUID?, email: String, givenName: String, familyName: String, role: Role,
        schoolID: UUID? = nil, position: LeaderPosition? = nil, yearsInRole: Int? = nil, sourcedID: String? = nil,
        passwordHash: String? = nil, archived: Bool = false
    ) {
        self.id = id
        self.$district.id = districtID
        self.email = email
        self.givenName = givenName
        self.familyName = familyName
        self.role = role
        self.$school.id = schoolID
        self.position = position
        self.yearsInRole = yearsInRole
        self.sourcedID = sourcedID
        self.passwordHash = passwordHash
        self.archived = archived
    }

    var fullName: String { MemberPerson.fullName(given: givenName, family: familyName) }
    /// "Family, Given" sorts the way rosters do; a person with one name is listed by it.
    var sortName: String { MemberPerson.sortName(given: givenName, family: familyName) }
}

extension User: DistrictOwned {
    var owningDistrictID: UUID? { $district.id }
}
