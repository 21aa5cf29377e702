import Fluent
import Foundation
import SQLKit
import TrellisCore

extension PlaylistService {
    /// What the community has found so far, as the ranking reads it: its board's notes by bucket, the
    /// challenges its members chose at intake, and its adopted question.
    static func profile(of community: Community, members: [UUID], on db: any Database) async throws
        -> ResourceRecommendation.CommunityProfile
    {
        let communityID = try community.requireID()
        let notes = try await BoardRecord.noteCounts(ofCommunities: [communityID], on: db)[communityID] ?? [:]
        var choices: [String: Int] = [:]
        if !members.isEmpty {
            for row in try await db.sql().raw(
                """
                SELECT choice1, choice2, choice3 FROM intake_responses
                WHERE cohort_id = \(bind: community.$cohort.id) AND user_id IN (\(SQLList(members.map { SQLBind($0) })))
                """
            ).all() {
                for column in ["choice1", "choice2", "choice3"] {
                    if let key = try row.decode(column: column, as: String?.self) { choices[key, default: 0] += 1 }
                }
            }
        }
        var titles: [String: String] = [:]
        for challenge in StandardChallenges.all { titles[challenge.key] = challenge.title }
        for challenge in try await IntakeService.challenges(of: community.$cohort.id, on: db) {
            titles[challenge.key] = challenge.title
        }
        return ResourceRecommendation.CommunityProfile(
            notesByBucket: notes, challengeChoices: choices, challengeTitles: titles, memberCount: members.count,
            question: try await QuestionService.adoptedText(of: communityID, on: db))
    }

    /// The library's resources ranked for the community, with the reasons. Candidates are the listed
    /// resources tagged with one of the community's buckets or challenges (at most 500 of them), so the
    /// ranking reads a bounded list however large the library grows.
    static func recommendations(
        for community: Community, members: [UUID], limit: Int = 8, on db: any Database
    ) async throws -> [(id: UUID, title: String, reasons: [String])] {
        let profile = try await profile(of: community, members: members, on: db)
        let tags: [(String, String)] =
            profile.notesByBucket.filter { $0.key != .unsorted && $0.value > 0 }.map { ("bucket", $0.key.rawValue) }
            + profile.challengeChoices.keys.map { ("challenge", $0) }
        guard !tags.isEmpty || profile.question != nil else { return [] }
        let tagCondition: SQLQueryString =
            tags.isEmpty
            ? "1 = 1"
            : """
            EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_id = r.id AND (\(
                tags.map { SQLQueryString("(t.kind = \(bind: $0.0) AND t.value = \(bind: $0.1))") }
                    .joined(separator: " OR "))))
            """
        let rows = try await db.sql().raw(
            """
            SELECT r.id, r.title, r.summary, r.keywords FROM resources r
            WHERE r.district_id = \(bind: community.$district.id) AND r.state = 'listed' AND \(tagCondition)
            ORDER BY r.title LIMIT 500
            """
        ).all()
        let ids = try rows.map { try $0.decodeUUID(column: "id") }
        let resourceTags = try await LibraryService.tags(of: ids, on: db)
        var titles: [String: (UUID, String)] = [:]
        let candidates = try zip(ids, rows).map { id, row in
            let title = try row.decode(column: "title", as: String.self)
            let key = UUIDText.uppercased(id)
            titles[key] = (id, title)
            let tag = resourceTags[id] ?? .init()
            return ResourceRecommendation.Candidate(
                id: key, title: title, summary: try row.decode(column: "summary", as: String.self),
                keywords: ResourceRules.keywords(from: try row.decode(column: "keywords", as: String.self)),
                buckets: tag.buckets, challenges: tag.challenges)
        }
        return ResourceRecommendation.rank(candidates, for: profile, limit: limit).compactMap { recommendation in
            titles[recommendation.id].map { (id: $0.0, title: $0.1, reasons: recommendation.reasons) }
        }
    }
}
