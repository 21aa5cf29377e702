import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Who may see a community: once published, its cohort's members and the district's admins. A draft is
/// not a community yet; it lives on the formation page, and asking for it by id answers 404.
extension DistrictScope {
    func visibleCommunity(_ id: UUID) async throws -> (community: Community, cohort: Cohort) {
        let community = try await memo.read("community \(id)") { try await find(Community.self, id) }
        guard community.published else { throw Abort(.notFound) }
        let cohort = try await visibleCohort(community.$cohort.id)
        return (community, cohort)
    }

    /// The cohort's current communities (published and not ended); with `among`, only those of them.
    func publishedCommunities(of cohort: Cohort, among ids: Set<UUID>? = nil) async throws -> [Community] {
        if let ids, ids.isEmpty { return [] }
        var only: SQLQueryString = ""
        if let ids { only = "AND id IN (\(SQLList(ids.map { SQLBind($0) })))" }
        let communities = try await database.sql().raw(
            """
            SELECT * FROM communities WHERE cohort_id = \(bind: try cohort.requireID())
            AND district_id = \(bind: cohort.$district.id) AND published = \(bind: true) AND ended_at IS NULL \(only)
            ORDER BY name
            """
        ).all().map { try $0.decode(fluentModel: Community.self) }
        for community in communities { memo.remember("community \(try community.requireID())", community) }
        return communities
    }

    /// The cohort's communities that a later proposal did not continue, most recently ended first.
    func endedCommunities(of cohort: Cohort) async throws -> [Community] {
        try await query(Community.self).filter(\.$cohort.$id == cohort.requireID()).filter(\.$published == true)
            .filter(\.$endedAt != nil).sort(\.$endedAt, .descending).all()
    }

    /// The members of communities, with their schools, in name order. One query for any number of
    /// communities.
    func communityMembers(of communityIDs: [UUID]) async throws -> [UUID: [CommunityMember]] {
        guard !communityIDs.isEmpty else { return [:] }
        let key = "members of " + communityIDs.map(\.uuidString).sorted().joined(separator: " ")
        let members = try await memo.read(key) { try await readCommunityMembers(of: communityIDs) }
        if communityIDs.count > 1 {
            // each community's members, for a part of the page that asks for one (a report's communities)
            for id in communityIDs { memo.remember("members of \(id.uuidString)", [id: members[id] ?? []]) }
        }
        return members
    }

    private func readCommunityMembers(of communityIDs: [UUID]) async throws -> [UUID: [CommunityMember]] {
        let ids = SQLList(communityIDs.map { SQLBind($0) })
        let rows = try await database.sql().raw(
            """
            SELECT \(MemberPerson.columns), m.community_id AS community_id, m.reasons AS reasons
            FROM community_memberships m JOIN users u ON u.id = m.user_id LEFT JOIN schools s ON s.id = u.school_id
            WHERE m.community_id IN (\(ids))
            """
        ).all()
        var members: [UUID: [CommunityMember]] = [:]
        for row in rows {
            members[try row.decodeUUID(column: "community_id"), default: []].append(
                CommunityMember(
                    person: try MemberPerson(row: row),
                    reasons: try row.decode(column: "reasons", as: String.self)))
        }
        return members.mapValues { MemberPerson.byName($0, \.person) }
    }

    /// The community a leader belongs to now: in their most recent school year's cohort.
    func currentCommunity(of userID: UUID) async throws -> Community? {
        try await CommunityMembership.query(on: database).filter(\.$user.$id == userID)
            .join(Community.self, on: \CommunityMembership.$community.$id == \Community.$id)
            .join(Cohort.self, on: \Community.$cohort.$id == \Cohort.$id)
            .filter(Community.self, \.$published == true).filter(Community.self, \.$endedAt == nil)
            .filter(Community.self, \.$district.$id == viewer.districtID ?? UUID())
            .sort(Cohort.self, \.$schoolYear, .descending)
            .first()
            .map { try $0.joined(Community.self) }
    }

    /// The communities the viewer belongs to, in any cohort: read once per request.
    func viewerCommunityIDs() async throws -> Set<UUID> {
        let viewerID = viewer.userID
        let database = database
        return try await memo.communityIDs {
            Set(
                try await database.sql().raw(
                    "SELECT community_id FROM community_memberships WHERE user_id = \(bind: viewerID)"
                ).all().map { try $0.decode(column: "community_id", as: UUID.self) })
        }
    }

    /// The published community a person belongs to in each cohort, by cohort id (a current community
    /// before an ended one): one statement for all their cohorts.
    func publishedCommunities(of userID: UUID) async throws -> [UUID: Community] {
        var byCohort: [UUID: Community] = [:]
        for row in try await database.sql().raw(
            """
            SELECT c.* FROM community_memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.user_id = \(bind: userID) AND c.published = \(bind: true)
              AND \(districtCondition("c.district_id"))
            ORDER BY CASE WHEN c.ended_at IS NULL THEN 0 ELSE 1 END, c.name
            """
        ).all() {
            let community = try row.decode(fluentModel: Community.self)
            if byCohort[community.$cohort.id] == nil { byCohort[community.$cohort.id] = community }
        }
        return byCohort
    }
}

struct CommunityMember: Sendable {
    let person: MemberPerson
    /// Why the engine put them here. Shown to the person themself and to the cohort's runners only.
    let reasons: String
}

/// Renaming a community and choosing its facilitator: the two things a runner changes after publishing.
enum CommunityService {
    struct Change: Sendable {
        var name: String?
        /// `.some(nil)` takes the facilitator away; `nil` leaves it as it is.
        var facilitatorID: UUID??
    }

    static let longestName = 120

    /// The people who may facilitate a community: the cohort's facilitators (of `people` alone, when given).
    static func facilitators(of cohort: Cohort, among people: [UUID]? = nil, scope: DistrictScope) async throws
        -> [MemberPerson]
    {
        try await scope.members(of: cohort, as: .facilitator, among: people).map(\.person)
    }

    /// The intake challenge the community was formed around, if the cohort still lists it.
    static func focusChallenge(of community: Community, in cohort: Cohort, on db: any Database) async throws
        -> IntakeChallenge?
    {
        try await IntakeChallenge.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$key == community.focus).first()
    }

    static func update(_ community: Community, cohort: Cohort, with change: Change, scope: DistrictScope)
        async throws
    {
        try await scope.requireRunner(of: cohort)
        var problems: [FieldProblem] = []
        if let name = change.name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > longestName {
                problems.append(
                    .init(field: "name", message: "Name: give the community a name of up to 120 characters."))
            } else {
                community.name = trimmed
            }
        }
        if let facilitatorID = change.facilitatorID {
            if let facilitatorID {
                let allowed = try await facilitators(of: cohort, scope: scope).map(\.id)
                if allowed.contains(facilitatorID) {
                    community.$facilitator.id = facilitatorID
                } else {
                    problems.append(
                        .init(field: "facilitator", message: "Facilitator: choose one of the cohort's facilitators."))
                }
            } else {
                community.$facilitator.id = nil
            }
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        try await community.save(on: scope.database)
    }
}
