import Fluent
import Foundation
import TrellisCore
import Vapor

/// `/api/v1`: the same data as the pages, for programs and district IT, behind bearer tokens. Every
/// handler here is described in `Resources/openapi.json`; a test keeps the two in step.
enum APIController {
    static func register(on api: any RoutesBuilder) {
        api.get(SiteURL.api(.me).pathComponents, use: me)
        api.get(SiteURL.api(.schools).pathComponents, use: schools)
        api.get(SiteURL.api(.school(.key)).pathComponents, use: school)
        api.grouped(RoleGuard(.networkAdmin, .districtAdmin, .facilitator))
            .get(SiteURL.api(.people).pathComponents, use: people)
        api.get(SiteURL.api(.cohorts).pathComponents, use: cohorts)
        api.grouped(RoleGuard(.networkAdmin, .districtAdmin))
            .post(SiteURL.api(.cohorts).pathComponents, use: createCohort)
        api.get(SiteURL.api(.cohort(.key)).pathComponents, use: cohort)
    }

    @Sendable static func me(_ request: Request) async throws -> MeDTO {
        let viewer = try request.viewer
        let user = viewer.user
        try await user.$district.load(on: request.db)
        try await user.$school.load(on: request.db)
        let cohorts = try await request.scope.visibleCohorts()
        var memberships: [MeDTO.Membership] = []
        for cohort in cohorts {
            let role = try await CohortMembership.query(on: request.db)
                .filter(\.$cohort.$id == cohort.requireID()).filter(\.$user.$id == viewer.userID).first()?.role
            if let role {
                let community = try await request.scope.community(of: viewer.userID, in: cohort.requireID())
                memberships.append(
                    .init(
                        cohortId: try cohort.requireID(), name: cohort.name, schoolYear: cohort.schoolYear,
                        role: role.rawValue, communityId: community?.id))
            }
        }
        return MeDTO(
            id: viewer.userID, email: user.email, givenName: user.givenName, familyName: user.familyName,
            role: user.role.rawValue,
            district: try user.district.map { .init(id: try $0.requireID(), name: $0.name, slug: $0.slug) },
            school: try user.school.map { .init(id: try $0.requireID(), name: $0.name) },
            position: user.position?.rawValue, yearsInRole: user.yearsInRole,
            communityId: memberships.lazy.compactMap(\.communityId).first,
            calendarUrl: CalendarController.url(
                of: try await CalendarController.feed(for: viewer.userID, on: request.db), request: request),
            cohorts: memberships)
    }

    @Sendable static func schools(_ request: Request) async throws -> ItemList<SchoolDTO> {
        let schools = try await request.scope.query(School.self).sort(\.$name).all()
        return ItemList(items: try schools.map(SchoolDTO.init))
    }

    @Sendable static func school(_ request: Request) async throws -> SchoolDTO {
        try SchoolDTO(try await request.scope.find(School.self, try request.idParameter()))
    }

    @Sendable static func people(_ request: Request) async throws -> ItemList<PersonDTO> {
        let people = try await request.scope.query(User.self).sort(\.$familyName).sort(\.$givenName).all()
        return ItemList(items: try people.map(PersonDTO.init))
    }

    @Sendable static func cohorts(_ request: Request) async throws -> ItemList<CohortDTO> {
        let scope = try request.scope
        var items: [CohortDTO] = []
        for cohort in try await scope.visibleCohorts() {
            items.append(try CohortDTO(cohort, members: try await scope.members(of: cohort)))
        }
        return ItemList(items: items)
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
                    personId: try $0.user.requireID(), givenName: $0.user.givenName, familyName: $0.user.familyName,
                    email: showsEmail ? $0.user.email : nil, role: $0.role.rawValue, schoolId: $0.user.$school.id)
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
        switch CohortController.CohortForm(name: body.name, schoolYear: body.schoolYear).validate() {
        case .failure(let problem): throw problem
        case .success(let valid): values = valid
        }
        let district = try await request.scope.districtForNewObject(named: body.districtId)
        let cohort = Cohort(districtID: try district.requireID(), name: values.name, schoolYear: values.year)
        try await cohort.create(on: request.db)
        let response = Response(status: .created)
        try response.content.encode(CohortDTO(cohort, members: []), as: .json)
        response.headers.replaceOrAdd(
            name: .location, value: SiteURL.api(.cohort(.value(try cohort.requireID()))).relativeURL)
        return response
    }
}
