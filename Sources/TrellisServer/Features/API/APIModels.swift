import Fluent
import Foundation
import TrellisCore
import Vapor

extension Request {
    /// API bodies are JSON; anything else is refused before it is read.
    func requireJSONBody() throws {
        guard headers.contentType == .json else {
            throw Abort(.unsupportedMediaType, reason: "Send JSON (Content-Type: application/json).")
        }
    }
}

/// Lists answer `{"items": [...]}` so that paging can be added beside `items` without breaking clients.
struct ItemList<Item: Content>: Content {
    var items: [Item]
}

struct MeDTO: Content {
    struct DistrictRef: Content {
        var id: UUID
        var name: String
        var slug: String
    }

    struct SchoolRef: Content {
        var id: UUID
        var name: String
    }

    struct Membership: Content {
        var cohortId: UUID
        var name: String
        var schoolYear: String
        var role: String
        /// The published community the viewer belongs to in this cohort.
        var communityId: UUID?
    }

    var id: UUID
    var email: String
    var givenName: String
    var familyName: String
    var role: String
    var district: DistrictRef?
    var school: SchoolRef?
    var position: String?
    var yearsInRole: Int?
    /// A leader's community: in their most recent cohort that has published its communities.
    var communityId: UUID?
    /// The person's secret calendar feed (iCalendar) of their meetings.
    var calendarUrl: String
    var cohorts: [Membership]
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
