import Fluent
import Foundation
import SQLKit
import TrellisCore

/// The district's schools and the leaders who work in them.
enum SchoolService {
    /// Every school the viewer may see, archived ones included, sorted by name.
    static func list(scope: DistrictScope) async throws -> [School] {
        try await scope.query(School.self).sort(\.$name).all()
    }

    /// A school as the schools page lists it.
    struct Row: Sendable {
        let id: UUID
        let name: String
        let level: SchoolLevel
        let archived: Bool
        /// Active leaders who work there.
        let leaders: Int
    }

    /// Every school the viewer may see with how many active leaders each has, sorted by name: one
    /// statement that counts in the database rather than reading every leader to count them.
    static func rows(scope: DistrictScope) async throws -> [Row] {
        return try await scope.database.sql().raw(
            """
            SELECT s.id AS id, s.name AS name, s.level AS level, s.archived AS archived,
              (SELECT COUNT(*) FROM users u WHERE u.school_id = s.id
               AND u.role = \(bind: Role.leader.rawValue) AND u.archived = \(bind: false)) AS leaders
            FROM schools s WHERE \(scope.districtCondition("s.district_id")) ORDER BY s.name
            """
        ).all().map { row in
            Row(
                id: try row.decodeUUID(column: "id"), name: try row.decode(column: "name", as: String.self),
                level: try row.decode(column: "level", as: SchoolLevel.self),
                archived: try row.decode(column: "archived", as: Bool.self),
                leaders: try row.decode(column: "leaders", as: Int.self))
        }
    }

    /// The school's people who are not archived, sorted by family then given name.
    static func activePeople(of schoolID: UUID, scope: DistrictScope) async throws -> [User] {
        try await scope.query(User.self)
            .filter(\.$school.$id == schoolID)
            .filter(\.$archived == false)
            .sort(\.$familyName).sort(\.$givenName)
            .all()
    }
}
