import Fluent
import Foundation
import TrellisCore

/// The district's people: the directory, one person's cohorts, and adding and changing people.
enum PeopleService {
    /// The district's people, of one role when given, with their schools, sorted by family then given name.
    static func list(role: Role?, scope: DistrictScope) async throws -> [User] {
        let query = scope.query(User.self).with(\.$school).sort(\.$familyName).sort(\.$givenName)
        if let role { query.filter(\.$role == role) }
        return try await query.all()
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
