import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// A district's outcome counts: read from a file all or nothing, kept per school, year, subgroup and
/// measure, and analysed by the core for two years with the district's minimum cell size.
enum OutcomeService {
    struct ImportSummary: Sendable, Equatable, Content {
        var added: Int
        var replaced: Int
    }

    /// The district's schools by the ways a file may name them: `sourcedId`, or the name exactly as in
    /// Trellis (archived schools included, since last year's file names them).
    static func schoolResolver(districtID: UUID, on db: any Database) async throws -> @Sendable (String) -> String? {
        var byKey: [String: String] = [:]
        var byName: [String: String] = [:]
        for row in try await db.sql().raw(
            "SELECT id, name, sourced_id FROM schools WHERE district_id = \(bind: districtID)"
        ).all() {
            let id = PracticeService.key(try row.decodeUUID(column: "id"))
            byName[try row.decode(column: "name", as: String.self)] = id
            if let sourced = try row.decode(column: "sourced_id", as: String?.self), !sourced.isEmpty {
                byKey[sourced] = id
            }
        }
        let (keys, names) = (byKey, byName)
        return { text in keys[text] ?? names[text] }
    }

    static func parse(_ text: String, file: String, districtID: UUID, on db: any Database) async throws
        -> [OutcomeCount]
    {
        let resolve = try await schoolResolver(districtID: districtID, on: db)
        return try OutcomeCSV.parse(text, file: file, school: resolve)
    }

    private static func key(_ count: OutcomeCount) -> String {
        "\(count.school)\u{1F}\(count.year)\u{1F}\(count.subgroup.name)\u{1F}\(count.measure)"
    }

    /// What storing these counts would do: how many are new and how many replace a stored count.
    static func preview(_ counts: [OutcomeCount], districtID: UUID, on db: any Database) async throws -> ImportSummary {
        let stored = Set(try await self.counts(districtID: districtID, on: db).map(key))
        let replaced = counts.filter { stored.contains(key($0)) }.count
        return ImportSummary(added: counts.count - replaced, replaced: replaced)
    }

    /// Stores the counts in one transaction: a count already stored for the same school, year, subgroup
    /// and measure is replaced.
    static func store(_ counts: [OutcomeCount], districtID: UUID, on db: any Database) async throws -> ImportSummary {
        let summary = try await preview(counts, districtID: districtID, on: db)
        try await db.transaction { db in
            let sql = try db.sql()
            for chunk in stride(from: 0, to: counts.count, by: 500).map({ counts[$0..<min($0 + 500, counts.count)] }) {
                let rows = chunk.compactMap { count -> SQLQueryString? in
                    guard let school = UUIDText.parse(count.school) else { return nil }
                    return
                        "(\(bind: UUID()), \(bind: districtID), \(bind: school), \(bind: count.year.description), \(bind: count.subgroup.name), \(bind: count.measure), \(bind: count.tested), \(bind: count.met))"
                }
                try await sql.raw(
                    """
                    INSERT INTO outcome_counts (id, district_id, school_id, year, subgroup, measure, tested, met)
                    VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (district_id, school_id, year, subgroup, measure)
                    DO UPDATE SET tested = EXCLUDED.tested, met = EXCLUDED.met
                    """
                ).run()
            }
        }
        return summary
    }

    /// Every stored count of the district, schools by id.
    static func counts(districtID: UUID, on db: any Database) async throws -> [OutcomeCount] {
        // A district's rows repeat a few years, schools and subgroups hundreds of times: each is parsed once.
        var years: [String: SchoolYear?] = [:]
        var subgroups: [String: Subgroup] = [:]
        var schools: [UUID: String] = [:]
        return try await db.sql().raw(
            """
            SELECT school_id, year, subgroup, measure, tested, met FROM outcome_counts
            WHERE district_id = \(bind: districtID)
            """
        ).all().compactMap { row in
            let yearText = try row.decode(column: "year", as: String.self)
            let parsed = years[yearText] ?? SchoolYear(yearText)
            years[yearText] = parsed
            guard let year = parsed else { return nil }
            let schoolID = try row.decodeUUID(column: "school_id")
            let school = schools[schoolID] ?? PracticeService.key(schoolID)
            schools[schoolID] = school
            let subgroupText = try row.decode(column: "subgroup", as: String.self)
            let subgroup = subgroups[subgroupText] ?? Subgroup(subgroupText)
            subgroups[subgroupText] = subgroup
            return OutcomeCount(
                school: school, year: year, subgroup: subgroup,
                measure: try row.decode(column: "measure", as: String.self),
                tested: try row.decode(column: "tested", as: Int.self), met: try row.decode(column: "met", as: Int.self)
            )
        }
    }

    /// The schools whose leader (principal or assistant principal) was a member of a published community
    /// of the district's cohort for the `after` school year.
    static func communitySchools(districtID: UUID, after: SchoolYear, on db: any Database) async throws -> Set<String> {
        Set(
            try await db.sql().raw(
                """
                SELECT DISTINCT u.school_id FROM community_memberships m
                JOIN communities c ON c.id = m.community_id
                JOIN cohorts h ON h.id = c.cohort_id
                JOIN users u ON u.id = m.user_id
                WHERE c.district_id = \(bind: districtID) AND c.published = \(bind: true)
                  AND h.school_year = \(bind: after.description) AND u.school_id IS NOT NULL
                  AND u.position IN ('principal', 'assistant-principal')
                """
            ).all().map { PracticeService.key(try $0.decodeUUID(column: "school_id")) })
    }

    /// The district's minimum cell size. Read by hand: the `District` model does not map the column,
    /// because migrations before this one read districts through it.
    static func minimum(districtID: UUID, on db: any Database) async throws -> Int {
        try await db.sql().raw("SELECT outcome_minimum FROM districts WHERE id = \(bind: districtID)").first()?
            .decode(column: "outcome_minimum", as: Int.self) ?? OutcomeAnalysis.defaultMinimum
    }

    static func setMinimum(_ text: String, districtID: UUID, on db: any Database) async throws {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= OutcomeAnalysis.smallestMinimum,
            value <= 1000
        else {
            throw ValidationProblem(
                field: "minimum",
                "The minimum cell size is a whole number from \(OutcomeAnalysis.smallestMinimum) to 1000 (\(OutcomeAnalysis.defaultMinimum) unless the district decides otherwise)."
            )
        }
        try await db.sql().raw("UPDATE districts SET outcome_minimum = \(bind: value) WHERE id = \(bind: districtID)")
            .run()
    }

    /// What the district has: its measures, subgroups and years, in order.
    struct Choices: Sendable {
        var measures: [String]
        var subgroups: [Subgroup]
        var years: [SchoolYear]
    }

    static func choices(_ counts: [OutcomeCount]) -> Choices {
        Choices(
            measures: Set(counts.map(\.measure)).sorted(), subgroups: Set(counts.map(\.subgroup)).sorted(),
            years: Set(counts.map(\.year)).sorted())
    }

    /// Two years analysed with the district's minimum and its community schools. Everything is computed
    /// on the whole district, so what a total hides is the same on every page, then cut to what asked.
    static func analysis(
        districtID: UUID, counts: [OutcomeCount], before: SchoolYear, after: SchoolYear, on db: any Database
    ) async throws -> OutcomeAnalysis {
        OutcomeAnalysis.analyze(
            counts, before: before, after: after,
            communitySchools: try await communitySchools(districtID: districtID, after: after, on: db),
            minimum: try await minimum(districtID: districtID, on: db))
    }
}
