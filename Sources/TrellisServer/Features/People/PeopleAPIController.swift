import Fluent
import Foundation
import TrellisCore
import Vapor

/// The district's people, for those who run cohorts.
enum PeopleAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.grouped(RoleGuard(.networkAdmin, .districtAdmin, .facilitator))
            .get(SiteURL.api(.people).pathComponents, use: people)
    }

    @Sendable static func people(_ request: Request) async throws -> ItemList<PersonDTO> {
        let people = try await PeopleService.all(scope: request.scope)
        return ItemList(items: try people.map(PersonDTO.init))
    }
}

struct PersonDTO: Content {
    var id: UUID
    var districtId: UUID?
    var givenName: String
    var familyName: String
    var email: String
    var role: String
    var schoolId: UUID?
    var position: String?
    var yearsInRole: Int?
    var sourcedId: String?
    var archived: Bool

    init(_ user: User) throws {
        id = try user.requireID()
        districtId = user.$district.id
        givenName = user.givenName
        familyName = user.familyName
        email = user.email
        role = user.role.rawValue
        schoolId = user.$school.id
        position = user.position?.rawValue
        yearsInRole = user.yearsInRole
        sourcedId = user.sourcedID
        archived = user.archived
    }
}
