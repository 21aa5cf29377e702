import Fluent
import Foundation
import TrellisCore
import Vapor

/// Cohorts: the ones the viewer can see, one with its members, and a new one for district admins.
enum CohortAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.cohorts).pathComponents, use: cohorts)
        api.grouped(RoleGuard(.networkAdmin, .districtAdmin))
            .post(SiteURL.api(.cohorts).pathComponents, use: createCohort)
        api.get(SiteURL.api(.cohort(.key)).pathComponents, use: cohort)
    }

    @Sendable static func cohorts(_ request: Request) async throws -> ItemList<CohortDTO> {
        let scope = try request.scope
        let cohorts = try await scope.visibleCohorts()
        let members = try await scope.members(of: cohorts)
        return ItemList(
            items: try cohorts.map { cohort in try CohortDTO(cohort, members: members[try cohort.requireID()] ?? []) })
    }

    @Sendable static func cohort(_ request: Request) async throws -> CohortDetailDTO {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let members = try await scope.members(of: cohort)
        let showsEmail = try request.viewer.role != .leader
        return CohortDetailDTO(
            cohort: try CohortDTO(cohort, members: members),
            members: try members.map {
                .init(
                    personId: try $0.person.id, givenName: $0.person.givenName, familyName: $0.person.familyName,
                    email: showsEmail ? $0.person.email : nil, role: $0.role.rawValue, schoolId: $0.person.schoolID)
            })
    }

    struct CreateCohortRequest: Content {
        var name: String?
        var schoolYear: String?
        var districtId: UUID?

        private enum CodingKeys: String, CodingKey {
            case name, schoolYear, districtId
        }

        /// `districtId` may be left out, but `null` is not an id: refusing it keeps a typo in a
        /// network admin's script from silently creating the cohort in the wrong place.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            schoolYear = try container.decodeIfPresent(String.self, forKey: .schoolYear)
            if container.contains(.districtId), try container.decodeNil(forKey: .districtId) {
                throw ValidationProblem(
                    field: "districtId", "districtId: give a district's id, or leave the field out (null is not an id)."
                )
            }
            districtId = try container.decodeIfPresent(UUID.self, forKey: .districtId)
        }
    }

    @Sendable static func createCohort(_ request: Request) async throws -> Response {
        try request.requireJSONBody()
        let body = try request.content.decode(CreateCohortRequest.self)
        let values: (name: String, year: SchoolYear)
        switch CohortService.validate(name: body.name, schoolYear: body.schoolYear) {
        case .failure(let problem): throw problem
        case .success(let valid): values = valid
        }
        let cohort = try await CohortService.create(
            name: values.name, schoolYear: values.year, districtID: body.districtId, scope: request.scope)
        return try .created(CohortDTO(cohort, members: []), at: SiteURL.api(.cohort(.value(try cohort.requireID()))))
    }
}

struct CohortDTO: Content {
    var id: UUID
    var districtId: UUID
    var name: String
    var schoolYear: String
    var leaderCount: Int
    var facilitatorCount: Int

    init(_ cohort: Cohort, members: [CohortMember]) throws {
        id = try cohort.requireID()
        districtId = cohort.$district.id
        name = cohort.name
        schoolYear = cohort.schoolYear
        leaderCount = members.filter { $0.role == .leader }.count
        facilitatorCount = members.filter { $0.role == .facilitator }.count
    }
}

struct CohortDetailDTO: Content {
    struct Member: Content {
        var personId: UUID
        var givenName: String
        var familyName: String
        /// Shown to admins and facilitators; leaders see their peers' names and schools only.
        var email: String?
        var role: String
        var schoolId: UUID?
    }

    var cohort: CohortDTO
    var members: [Member]

    init(cohort: CohortDTO, members: [Member]) {
        self.cohort = cohort
        self.members = members
    }

    // Flattened: the cohort's fields, then `members`.
    func encode(to encoder: any Encoder) throws {
        try cohort.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(members, forKey: .members)
    }

    init(from decoder: any Decoder) throws {
        cohort = try CohortDTO(from: decoder)
        members = try decoder.container(keyedBy: CodingKeys.self).decode([Member].self, forKey: .members)
    }

    enum CodingKeys: String, CodingKey { case members }
}
