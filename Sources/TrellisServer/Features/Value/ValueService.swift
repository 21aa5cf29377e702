import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// What a community's year was worth: so far, its stage of development as its facilitators judge it
/// each term.
enum ValueService {
    /// The community's stage judgements as a line over the year.
    static func stages(of communityID: UUID, on db: any Database) async throws -> [StageEntry] {
        try await stages(of: [communityID], on: db)[communityID] ?? []
    }

    /// The stage lines of these communities (those with a judgement): one statement.
    static func stages(of communityIDs: [UUID], on db: any Database) async throws -> [UUID: [StageEntry]] {
        guard !communityIDs.isEmpty else { return [:] }
        var entries: [UUID: [StageEntry]] = [:]
        for row in try await db.sql().raw(
            """
            SELECT community_id, term, stage, why, set_on FROM community_stages
            WHERE community_id IN (\(SQLList(communityIDs.map { SQLBind($0) })))
            """
        ).all() {
            guard let stage = CommunityStage(rawValue: try row.decode(column: "stage", as: String.self)),
                let day = CalendarDay(try row.decode(column: "set_on", as: String.self))
            else { continue }
            entries[try row.decodeUUID(column: "community_id"), default: []].append(
                StageEntry(
                    term: try row.decode(column: "term", as: String.self), day: day, stage: stage,
                    why: try row.decode(column: "why", as: String.self)))
        }
        return entries.mapValues(StageHistory.line)
    }

    /// A runner sets the stage for a term; setting it again for the same term replaces it.
    static func setStage(
        term: String, stage: String, why: String, access: PracticeAccess, today: CalendarDay, on db: any Database
    ) async throws {
        guard access.runs else {
            throw Abort(.forbidden, reason: "The cohort's facilitators and the district's admins judge the stage.")
        }
        var problems: [FieldProblem] = []
        let chosen = CommunityStage(rawValue: stage)
        if chosen == nil {
            problems.append(.init(field: "stage", message: "Choose one of the five stages."))
        }
        let entry = StageEntry(term: term, day: today, stage: chosen ?? .potential, why: why)
        problems += entry.problems.map { FieldProblem(field: $0.field, message: $0.message) }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        try await store(
            entry, communityID: access.communityID, districtID: access.community.$district.id, setBy: access.viewerID,
            on: db)
    }

    /// Keeps a judgement; one for the same term (in any case) is replaced.
    static func store(_ entry: StageEntry, communityID: UUID, districtID: UUID, setBy: UUID?, on db: any Database)
        async throws
    {
        try await db.sql().raw(
            """
            INSERT INTO community_stages (id, district_id, community_id, term, term_key, stage, why, set_by, set_on)
            VALUES (\(bind: UUID()), \(bind: districtID), \(bind: communityID), \(bind: entry.term),
              \(bind: entry.term.lowercased()), \(bind: entry.stage.rawValue), \(bind: entry.why), \(bind: setBy),
              \(bind: entry.day.description))
            ON CONFLICT (community_id, term_key) DO UPDATE SET term = EXCLUDED.term, stage = EXCLUDED.stage,
              why = EXCLUDED.why, set_by = EXCLUDED.set_by, set_on = EXCLUDED.set_on
            """
        ).run()
    }
}
