import Fluent
import Foundation
import TrellisCore
import Vapor

/// The district's schools, for every signed-in person of the district.
enum SchoolAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.schools).pathComponents, use: schools)
        api.get(SiteURL.api(.school(.key)).pathComponents, use: school)
    }

    @Sendable static func schools(_ request: Request) async throws -> ItemList<SchoolDTO> {
        let schools = try await SchoolService.list(scope: request.scope)
        return ItemList(items: try schools.map(SchoolDTO.init))
    }

    @Sendable static func school(_ request: Request) async throws -> SchoolDTO {
        try SchoolDTO(try await request.scope.find(School.self, try request.idParameter()))
    }
}

struct SchoolDTO: Content {
    var id: UUID
    var districtId: UUID
    var name: String
    var level: String
    var identifier: String?
    var sourcedId: String?
    var archived: Bool

    init(_ school: School) throws {
        id = try school.requireID()
        districtId = school.$district.id
        name = school.name
        level = school.level.rawValue
        identifier = school.identifier
        sourcedId = school.sourcedID
        archived = school.archived
    }
}
