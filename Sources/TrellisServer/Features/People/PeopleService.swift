import Fluent
import Foundation
import SQLKit
import TrellisCore

/// The district's people: the directory, one person's cohorts, and adding and changing people.
enum PeopleService {
    /// A person as the directory lists them. No password hash is read: only whether there is one.
    struct Row: Sendable {
        let id: UUID
        let givenName: String
        let familyName: String
        let email: String
        let role: Role
        let schoolName: String?
        let position: LeaderPosition?
        let yearsInRole: Int?
        let archived: Bool
        let hasPassword: Bool

        var sortName: String { MemberPerson.sortName(given: givenName, family: familyName) }
    }

    /// The district's people, of one role when given, with their schools' names, sorted by family then
    /// given name: one statement, each row read once into plain values (a district has hundreds).
    static func list(role: Role?, scope: DistrictScope) async throws -> [Row] {
        var condition = scope.districtCondition("u.district_id", people: true)
        if let role { condition = "\(condition) AND u.role = \(bind: role.rawValue)" }
        return try await scope.database.sql().raw(
            """
            SELECT u.id AS id, u.given_name AS given_name, u.family_name AS family_name, u.email AS email,
              u.role AS role, u.position AS position, u.years_in_role AS years_in_role, u.archived AS archived,
              CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password, s.name AS school_name
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE \(condition) ORDER BY u.family_name, u.given_name
            """
        ).all().map { row in
            Row(
                id: try row.decodeUUID(column: "id"), givenName: try row.decode(column: "given_name", as: String.self),
                familyName: try row.decode(column: "family_name", as: String.self),
                email: try row.decode(column: "email", as: String.self),
                role: try row.decode(column: "role", as: Role.self),
                schoolName: try row.decodeNil(column: "school_name")
                    ? nil : try row.decode(column: "school_name", as: String.self),
                position: try row.decodeNil(column: "position")
                    ? nil : LeaderPosition(rawValue: try row.decode(column: "position", as: String.self)),
                yearsInRole: try row.decodeNil(column: "years_in_role")
                    ? nil : try row.decode(column: "years_in_role", as: Int.self),
                archived: try row.decode(column: "archived", as: Bool.self),
                hasPassword: try row.decode(column: "has_password", as: Int.self) == 1)
        }
    }

    /// Every person the viewer may see, sorted by family then given name, without their schools loaded.
    static func all(scope: DistrictScope) async throws -> [User] {
        try await scope.query(User.self).sort(\.$familyName).sort(\.$givenName).all()
    }

    /// Loads the person's school, so `person.school` can be read.
    static func loadSchool(of person: User, on database: any Database) async throws {
        try await person.$school.load(on: database)
    }

    /// The person's cohort memberships, each with its cohort loaded.
    static func memberships(of personID: UUID, on database: any Database) async throws -> [CohortMembership] {
        try await CohortMembership.query(on: database)
            .filter(\.$user.$id == personID)
            .with(\.$cohort)
            .all()
    }

    /// The district's schools that are not archived, by name: the choices for a person's school.
    static func activeSchools(scope: DistrictScope) async throws -> [School] {
        try await scope.query(School.self).filter(\.$archived == false).sort(\.$name).all()
    }

    /// Whether an account other than `personID` (in any district) already uses the email address.
    static func isEmailTaken(_ email: String, excluding personID: UUID?, on database: any Database) async throws
        -> Bool
    {
        let query = User.query(on: database).filter(\.$email == email)
        if let personID { query.filter(\.$id != personID) }
        return try await query.count() > 0
    }

    /// Whether the id is one of the viewer's district's schools.
    static func isDistrictSchool(_ id: UUID, scope: DistrictScope) async throws -> Bool {
        try await scope.query(School.self).filter(\.$id == id).count() == 1
    }

    /// Adds a person to the viewer's district and returns them.
    static func create(_ values: PersonForm.Values, scope: DistrictScope) async throws -> User {
        let person = User(
            districtID: scope.districtID, email: values.email, givenName: values.givenName,
            familyName: values.familyName, role: values.role, schoolID: values.schoolID, position: values.position,
            yearsInRole: values.yearsInRole)
        try await person.create(on: scope.database)
        return person
    }

    /// Saves the person's new details; a changed role ends their sessions and API tokens in the same transaction.
    static func update(_ person: User, with values: PersonForm.Values, on database: any Database) async throws {
        let roleChanged = person.role != values.role
        person.givenName = values.givenName
        person.familyName = values.familyName
        person.email = values.email
        person.role = values.role
        person.$school.id = values.schoolID
        person.position = values.position
        person.yearsInRole = values.yearsInRole
        try await database.transaction { db in
            try await person.save(on: db)
            // A session or token carries what its role allowed; a new role starts from a new sign-in.
            if roleChanged { try await AccountService.endAccess(of: try person.requireID(), on: db) }
        }
    }
}
