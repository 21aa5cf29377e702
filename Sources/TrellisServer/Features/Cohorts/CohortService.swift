import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Who may see a cohort: its district's admins, and its own members. Everyone else is told it does not exist.
extension DistrictScope {
    /// The cohorts the viewer may see, newest school year first, then by name. One statement decoded
    /// into the models (it runs on every home page and the cohort list).
    func visibleCohorts() async throws -> [Cohort] {
        let inDistrict = districtCondition("c.district_id")
        if viewer.role.isAdmin {
            return try await database.sql().raw(
                "SELECT c.* FROM cohorts c WHERE \(inDistrict) ORDER BY c.school_year DESC, c.name"
            ).all().map { try $0.decode(fluentModel: Cohort.self) }
        }
        let rows = try await database.sql().raw(
            """
            SELECT c.*, m.role AS member_role FROM cohorts c JOIN cohort_memberships m ON m.cohort_id = c.id
            WHERE \(inDistrict) AND m.user_id = \(bind: viewer.userID) ORDER BY c.school_year DESC, c.name
            """
        ).all()
        // The join has read the viewer's roles in every cohort of the district they may see: the later
        // checks of this request (`viewerRoles(in:)`) need not ask again. A cohort is listed once even
        // when the viewer holds two roles in it.
        var roles: [UUID: Set<CohortRole>] = [:]
        var cohorts: [Cohort] = []
        for row in rows {
            let cohort = try row.decode(fluentModel: Cohort.self)
            let id = try cohort.requireID()
            if roles[id] == nil { cohorts.append(cohort) }
            roles[id, default: []].insert(try row.decode(column: "member_role", as: CohortRole.self))
        }
        memo.knowCohortRoles(roles)
        for cohort in cohorts { memo.remember("cohort \(try cohort.requireID())", cohort) }
        return cohorts
    }

    func visibleCohort(_ id: UUID) async throws -> Cohort {
        let cohort = try await memo.read("cohort \(id)") { try await find(Cohort.self, id) }
        if viewer.role.isAdmin { return cohort }
        guard try await !viewerRoles(in: id).isEmpty else { throw Abort(.notFound) }
        return cohort
    }

    /// The viewer's roles in a cohort (empty when they are not in it). Every cohort the viewer belongs
    /// to is read in one query, once per request: a page checks several.
    func viewerRoles(in cohortID: UUID) async throws -> Set<CohortRole> {
        let viewerID = viewer.userID
        let database = database
        return try await memo.cohortRoles {
            var roles: [UUID: Set<CohortRole>] = [:]
            for row in try await database.sql().raw(
                "SELECT cohort_id, role FROM cohort_memberships WHERE user_id = \(bind: viewerID)"
            ).all() {
                roles[try row.decodeUUID(column: "cohort_id"), default: []].insert(
                    try row.decode(column: "role", as: CohortRole.self))
            }
            return roles
        }[cohortID] ?? []
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
            return try await viewerRoles(in: cohort.requireID()).contains(.facilitator)
        case .leader, .networkAdmin: return false
        }
    }

    func requireRunner(of cohort: Cohort) async throws {
        guard try await canRun(cohort) else {
            throw Abort(.forbidden, reason: "Only the cohort's facilitators and district admins do this.")
        }
    }

    /// The cohort's members with their schools, leaders and facilitators apart, sorted by name.
    /// `role` keeps only the members who take part that way (the database picks them: a page that names
    /// a cohort's few facilitators does not read its hundreds of leaders).
    /// `people` keeps only these people (a page that names one facilitator reads that one).
    func members(of cohort: Cohort, as role: CohortRole? = nil, among people: [UUID]? = nil) async throws
        -> [CohortMember]
    {
        try await members(of: [cohort], as: role, among: people)[try cohort.requireID()] ?? []
    }

    /// The members of each of these cohorts by name, by cohort id: one query for all of them, each row
    /// decoded once into plain values (this runs on every home page).
    func members(of cohorts: [Cohort], as role: CohortRole? = nil, among people: [UUID]? = nil) async throws
        -> [UUID: [CohortMember]]
    {
        guard !cohorts.isEmpty, people?.isEmpty != true else { return [:] }
        var onlyRole: SQLQueryString = ""
        if let role { onlyRole = "AND m.role = \(bind: role.rawValue)" }
        if let people { onlyRole = "\(onlyRole) AND m.user_id IN (\(SQLList(people.map { SQLBind($0) })))" }
        let rows = try await database.sql().raw(
            """
            SELECT \(MemberPerson.columns), m.role AS member_role, m.cohort_id AS member_cohort_id
            FROM cohort_memberships m JOIN users u ON u.id = m.user_id LEFT JOIN schools s ON s.id = u.school_id
            WHERE m.cohort_id IN (\(SQLList(try cohorts.map { SQLBind(try $0.requireID()) }))) \(onlyRole)
            """
        ).all()
        var members: [UUID: [CohortMember]] = [:]
        for row in rows {
            members[try row.decodeUUID(column: "member_cohort_id"), default: []].append(
                CohortMember(
                    person: try MemberPerson(row: row),
                    role: try row.decode(column: "member_role", as: CohortRole.self)))
        }
        return members.mapValues { MemberPerson.byName($0, \.person) }
    }
}

extension CohortService {
    /// How many leaders each cohort has and who facilitates it, by name: two queries for any number of
    /// cohorts, without reading every leader (the cohort list and a leader's home show only the count).
    static func summaries(of cohortIDs: [UUID], on db: any Database) async throws -> [UUID: (
        leaders: Int, facilitators: [MemberPerson]
    )] {
        guard !cohortIDs.isEmpty else { return [:] }
        struct Count: Decodable {
            let cohort_id: UUID
            let leaders: Int
        }
        let ids = SQLList(cohortIDs.map { SQLBind($0) })
        let counts = try await db.sql().raw(
            """
            SELECT cohort_id, COUNT(*) AS leaders FROM cohort_memberships
            WHERE cohort_id IN (\(ids)) AND role = \(bind: CohortRole.leader.rawValue) GROUP BY cohort_id
            """
        ).all(decoding: Count.self)
        let rows = try await db.sql().raw(
            """
            SELECT \(MemberPerson.columns), m.cohort_id AS cohort_id
            FROM cohort_memberships m JOIN users u ON u.id = m.user_id LEFT JOIN schools s ON s.id = u.school_id
            WHERE m.cohort_id IN (\(ids)) AND m.role = \(bind: CohortRole.facilitator.rawValue)
            """
        ).all()
        var facilitators: [UUID: [MemberPerson]] = [:]
        for row in rows {
            facilitators[try row.decode(column: "cohort_id", as: UUID.self), default: []].append(
                try MemberPerson(row: row))
        }
        let leaders = Dictionary(counts.map { ($0.cohort_id, $0.leaders) }, uniquingKeysWith: { first, _ in first })
        return Dictionary(
            uniqueKeysWithValues: cohortIDs.map { id in
                (id, (leaders[id] ?? 0, MemberPerson.byName(facilitators[id] ?? [], { $0 })))
            })
    }
}

struct CohortMember: Sendable {
    let person: MemberPerson
    let role: CohortRole
}

/// The rules of a cohort, the same for the page and the API.
enum CohortService {
    static let longestName = 120

    /// A cohort's name (trimmed, not empty, under 120 characters) and school year, or every problem.
    static func validate(name: String?, schoolYear: String?) -> Result<
        (name: String, year: SchoolYear), ValidationProblem
    > {
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

    /// Creates a cohort in the viewer's district, or for a network admin the district they named, and returns it.
    static func create(name: String, schoolYear: SchoolYear, districtID: UUID?, scope: DistrictScope) async throws
        -> Cohort
    {
        let district = try await scope.districtForNewObject(named: districtID)
        let cohort = Cohort(districtID: try district.requireID(), name: name, schoolYear: schoolYear)
        try await cohort.create(on: scope.database)
        return cohort
    }

    /// The cohort's district's active leaders, facilitators and admins not yet in the cohort, with their
    /// schools, by family and given name.
    static func candidates(for cohort: Cohort, scope: DistrictScope) async throws -> [(
        person: MemberPerson, role: Role
    )] {
        let roles = SQLList([Role.leader, .facilitator, .districtAdmin].map { SQLBind($0.rawValue) })
        let rows = try await scope.database.sql().raw(
            """
            SELECT \(MemberPerson.columns), u.role AS user_role
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE u.district_id = \(bind: cohort.$district.id) AND u.archived = \(bind: false) AND u.role IN (\(roles))
            AND NOT EXISTS (SELECT 1 FROM cohort_memberships m WHERE m.cohort_id = \(bind: try cohort.requireID())
                AND m.user_id = u.id)
            ORDER BY u.family_name, u.given_name
            """
        ).all()
        return try rows.map {
            (try MemberPerson(row: $0), try $0.decode(column: "user_role", as: Role.self))
        }
    }

    /// The cohort's district's active schools, by name, that have active leaders not yet in the cohort,
    /// with how many.
    static func schoolsWithWaitingLeaders(for cohort: Cohort, scope: DistrictScope) async throws
        -> [(id: UUID, name: String, leaders: Int)]
    {
        struct Row: Decodable {
            let id: UUID
            let name: String
            let leaders: Int
        }
        return try await scope.database.sql().raw(
            """
            SELECT s.id AS id, s.name AS name, COUNT(u.id) AS leaders
            FROM schools s JOIN users u ON u.school_id = s.id
            WHERE s.district_id = \(bind: cohort.$district.id) AND s.archived = \(bind: false)
            AND u.archived = \(bind: false) AND u.role = \(bind: Role.leader.rawValue)
            AND NOT EXISTS (SELECT 1 FROM cohort_memberships m WHERE m.cohort_id = \(bind: try cohort.requireID())
                AND m.user_id = u.id)
            GROUP BY s.id, s.name
            ORDER BY s.name
            """
        ).all(decoding: Row.self).map { ($0.id, $0.name, $0.leaders) }
    }

    /// The district's person with this id if they are not archived, or nil.
    static func activePerson(_ id: UUID, scope: DistrictScope) async throws -> User? {
        try await scope.query(User.self).filter(\.$id == id).filter(\.$archived == false).first()
    }

    /// Whether the person is already in the cohort, in either role.
    static func hasMember(_ personID: UUID, in cohortID: UUID, on database: any Database) async throws -> Bool {
        try await CohortMembership.query(on: database)
            .filter(\.$cohort.$id == cohortID).filter(\.$user.$id == personID).count() > 0
    }

    /// Adds the person to the cohort in the given role.
    static func addMember(_ personID: UUID, to cohortID: UUID, as role: CohortRole, on database: any Database)
        async throws
    {
        try await CohortMembership(cohortID: cohortID, userID: personID, role: role).create(on: database)
    }

    /// The district's schools among these ids (a school of another district is left out).
    static func schools(_ ids: [UUID], scope: DistrictScope) async throws -> [School] {
        try await scope.query(School.self).filter(\.$id ~~ ids).all()
    }

    /// Adds every active leader of the schools who is not yet in the cohort, as a leader, in one transaction;
    /// returns how many joined.
    static func addLeaders(ofSchools schoolIDs: [UUID], to cohortID: UUID, scope: DistrictScope) async throws -> Int {
        let leaders = try await scope.query(User.self).filter(\.$archived == false).filter(\.$role == .leader)
            .filter(\.$school.$id ~~ schoolIDs).all()
        let already = Set(
            try await CohortMembership.query(on: scope.database).filter(\.$cohort.$id == cohortID).all()
                .map(\.$user.id))
        let joining = leaders.compactMap(\.id).filter { !already.contains($0) }
        try await scope.database.transaction { db in
            for leader in joining {
                try await CohortMembership(cohortID: cohortID, userID: leader, role: .leader).create(on: db)
            }
        }
        return joining.count
    }

    /// Removes the person from the cohort; returns false, changing nothing, when they were not in it.
    static func removeMember(_ personID: UUID, from cohortID: UUID, on database: any Database) async throws -> Bool {
        let membership = try await CohortMembership.query(on: database)
            .filter(\.$cohort.$id == cohortID).filter(\.$user.$id == personID).first()
        guard let membership else { return false }
        try await membership.delete(on: database)
        return true
    }
}
