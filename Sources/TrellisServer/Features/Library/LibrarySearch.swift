import Fluent
import Foundation
import SQLKit
import TrellisCore

extension LibraryService {
    /// What a search asks for: words and filters, as the library page and the API take them.
    struct Filters: Sendable, Equatable {
        var words = ""
        var kind: ResourceKind?
        var bucket: RootCauseBucket?
        var challenge: String?
        var trait: UUID?
        var maxMinutes: Int?
        /// Staff may look at suggestions alone or at retired resources; leaders always see the library
        /// and their own suggestions.
        var show: Show = .library

        enum Show: String, Sendable, CaseIterable {
            case library, suggested, retired
        }
    }

    /// One resource found, with the columns a result shows.
    struct Hit: Sendable {
        let id: UUID
        let title: String
        let kind: ResourceKind
        let url: String?
        let summary: String
        let minutes: Int?
        let keywords: String
        let state: LibraryResource.State
        let fileName: String?
        let fileType: String?
        let fileSize: Int?
    }

    /// Ranked by the database's full-text search when there are words (FTS5's bm25 on SQLite, prefix
    /// matches; `ts_rank` over a stemmed `tsvector` on PostgreSQL, prefix matches too), by title otherwise.
    static func search(_ filters: Filters, limit: Int = 50, scope: DistrictScope) async throws -> [Hit] {
        let sql = try scope.database.sql()
        let terms = SearchTerms(filters.words)
        var conditions: [SQLQueryString] = [scope.districtCondition("r.district_id")]
        if isStaff(scope.viewer) {
            switch filters.show {
            case .library: conditions.append("r.state IN ('listed', 'suggested')")
            case .suggested: conditions.append("r.state = 'suggested'")
            case .retired: conditions.append("r.state = 'retired'")
            }
        } else {
            conditions.append(
                "(r.state = 'listed' OR (r.state = 'suggested' AND r.added_by_id = \(bind: scope.viewer.userID)))")
        }
        if let kind = filters.kind { conditions.append("r.kind = \(bind: kind.rawValue)") }
        if let minutes = filters.maxMinutes { conditions.append("r.minutes <= \(bind: minutes)") }
        let tagged: [(TagKind, String?)] = [
            (.bucket, filters.bucket?.rawValue), (.challenge, filters.challenge),
            (.trait, filters.trait?.uuidString.lowercased()),
        ]
        for case (let kind, let value?) in tagged {
            conditions.append(
                """
                EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_id = r.id
                AND t.kind = \(bind: kind.rawValue) AND t.value = \(bind: value))
                """)
        }
        let columns: SQLQueryString =
            "r.id, r.title, r.kind, r.url, r.summary, r.minutes, r.keywords, r.state, r.file_name, r.file_type, r.file_size"
        if terms.isEmpty {
            return try await sql.raw(
                """
                SELECT \(columns) FROM resources r WHERE \(conditions.joined(separator: " AND "))
                ORDER BY lower(r.title), r.id LIMIT \(literal: limit)
                """
            ).all().map(hit(row:))
        }
        // Each database ranks its own index (a narrow table of resource ids and their words), best first:
        // FTS5's configured rank on SQLite, ts_rank of the stemmed words on PostgreSQL.
        let matches: SQLQueryString
        if sql.dialect.name == "sqlite" {
            matches = """
                SELECT resource_id, rank AS score FROM resource_search
                WHERE resource_search MATCH \(bind: terms.sqliteMatch) ORDER BY rank
                """
        } else {
            let tsquery = terms.terms.map { "\($0):*" }.joined(separator: " & ")
            matches = """
                SELECT resource_id, -ts_rank(search, q) AS score FROM resource_search, to_tsquery('english', \(bind: tsquery)) q
                WHERE search @@ q ORDER BY score
                """
        }
        // The best `candidates` matches first, then the conditions on those alone: when enough of them
        // pass, they are the best that pass (every other match ranks below them). Otherwise every match
        // is read (few matches, or conditions that leave out most of them).
        let candidates = limit * 4
        func ranked(_ matches: SQLQueryString) -> SQLQueryString {
            """
            SELECT \(columns) FROM (\(matches)) s JOIN resources r ON r.id = s.resource_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY s.score, lower(r.title) LIMIT \(literal: limit)
            """
        }
        let best = try await sql.raw(ranked(matches + " LIMIT \(literal: candidates)")).all()
        if best.count == limit { return try best.map(hit(row:)) }
        return try await sql.raw(ranked(matches)).all().map(hit(row:))
    }

    private static func hit(row: any SQLRow) throws -> Hit {
        Hit(
            id: try row.decodeUUID(column: "id"), title: try row.decode(column: "title", as: String.self),
            kind: ResourceKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .reading,
            url: try row.decode(column: "url", as: String?.self),
            summary: try row.decode(column: "summary", as: String.self),
            minutes: try row.decode(column: "minutes", as: Int?.self),
            keywords: try row.decode(column: "keywords", as: String.self),
            state: LibraryResource.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .listed,
            fileName: try row.decode(column: "file_name", as: String?.self),
            fileType: try row.decode(column: "file_type", as: String?.self),
            fileSize: try row.decode(column: "file_size", as: Int?.self))
    }
}
