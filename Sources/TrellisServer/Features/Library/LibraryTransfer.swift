import Fluent
import Foundation
import SQLKit
import TrellisCore

extension LibraryService {
    /// What an import did.
    struct ImportResult: Sendable, Equatable {
        var added = 0
        var updated = 0
    }

    /// Imports a library CSV, all or nothing: a row whose title matches a resource already in the library
    /// (case aside) updates it, the others are added as listed resources. A row with an empty link keeps
    /// the file of the resource it updates.
    static func importCSV(_ text: String, file: String, scope: DistrictScope) async throws -> ImportResult {
        let challenges = try await challenges(scope: scope)
        var lookup: [String: String] = [:]
        for challenge in challenges {
            lookup[challenge.key.lowercased()] = challenge.key
            lookup[challenge.title.lowercased()] = challenge.key
        }
        let traits = try await traits(scope: scope)
        let rows = try LibraryCSV.parse(text, file: file, challenges: lookup, traits: traits.map(\.name))
        let district = try await scope.districtForNewObject(named: nil)
        let result = try await scope.database.transaction { db in
            try await importRows(
                rows, districtID: try district.requireID(), addedBy: scope.viewer.userID, traits: traits, on: db)
        }
        if rows.count >= 500 { try await settle(on: scope.database) }
        return result
    }

    /// After a large import, the search index is made ready for searching: SQLite's FTS5 merges its
    /// segments into one; PostgreSQL's planner learns the new table sizes, which it would otherwise
    /// learn only when autovacuum next analyzes them (until then it reads the whole table).
    static func settle(on db: any Database) async throws {
        let sql = try db.sql()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("INSERT INTO resource_search (resource_search) VALUES ('optimize')").run()
        } else {
            for table in ["resources", "resource_search", "resource_tags"] {
                try await sql.raw("ANALYZE \(unsafeRaw: table)").run()
            }
        }
    }

    /// Stores parsed rows in one district: updates by title, adds the rest.
    static func importRows(
        _ rows: [LibraryCSV.Row], districtID: UUID, addedBy: UUID?, traits: [DeeperLearningTrait], on db: any Database
    ) async throws -> ImportResult {
        let existing = try await LibraryResource.query(on: db).filter(\.$district.$id == districtID).all()
        var byTitle: [String: LibraryResource] = [:]
        // Only what is in the library is updated: a leader's suggestion or a retired resource of the same
        // title stays as it is, and the row is added beside it.
        for resource in existing where resource.state == .listed { byTitle[resource.title.lowercased()] = resource }
        let traitIDs = Dictionary(traits.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        var result = ImportResult()
        for row in rows {
            let resource: LibraryResource
            if let found = byTitle[row.title.lowercased()] {
                resource = found
                result.updated += 1
            } else {
                resource = LibraryResource()
                resource.$district.id = districtID
                resource.state = .listed
                resource.$addedBy.id = addedBy
                result.added += 1
            }
            // A resource that is a file stays one: the link of its row is left out.
            let url = resource.fileName == nil ? row.url : nil
            let checked = Checked(
                title: row.title, kind: row.kind, url: url, summary: row.summary, minutes: row.minutes,
                keywords: row.keywords,
                tags: Tags(
                    buckets: row.buckets, challenges: row.challenges,
                    traits: row.traits.compactMap { traitIDs[$0.lowercased()] ?? nil }),
                upload: nil)
            try await store(checked, in: resource, on: db)
        }
        return result
    }

    /// The library as CSV: the resources a facilitator sees in it (suggestions and retired ones left out),
    /// by title. A resource that is a file has an empty link.
    static func exportCSV(scope: DistrictScope) async throws -> String {
        let resources = try await scope.query(LibraryResource.self).filter(\.$state == .listed).all()
            .sorted { $0.title.lowercased() < $1.title.lowercased() }
        let tags = try await tags(of: resources.compactMap(\.id), on: scope.database)
        let names = try await TagNames(scope: scope)
        let rows = resources.enumerated().map { index, resource in
            let tag = resource.id.flatMap { tags[$0] } ?? Tags()
            return LibraryCSV.Row(
                line: index + 2, title: resource.title, kind: ResourceKind(rawValue: resource.kind) ?? .reading,
                url: resource.url, summary: resource.summary, minutes: resource.minutes, buckets: tag.buckets,
                challenges: tag.challenges, traits: tag.traits.compactMap { names.traitNames[$0] },
                keywords: ResourceRules.keywords(from: resource.keywords))
        }
        return LibraryCSV.document(rows, challengeTitles: names.challengeTitles)
    }
}
