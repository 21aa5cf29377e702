import Fluent
import Foundation
import TrellisCore

/// The district's schools and the leaders who work in them.
enum SchoolService {
    /// Every school the viewer may see, archived ones included, sorted by name.
    static func list(scope: DistrictScope) async throws -> [School] {
        try await scope.query(School.self).sort(\.$name).all()
    }

    /// How many active leaders each school has, by school id; a school with none is left out.
    static func activeLeaderCounts(scope: DistrictScope) async throws -> [UUID: Int] {
        let leaders = try await scope.query(User.self).filter(\.$role == .leader).filter(\.$archived == false).all()
        return Dictionary(grouping: leaders.compactMap { $0.$school.id }, by: { $0 }).mapValues(\.count)
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
