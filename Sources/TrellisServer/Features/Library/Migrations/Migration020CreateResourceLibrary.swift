import Fluent
import Foundation
import SQLKit

/// The district's library: resources with their tags and uploaded files, the district's deeper-learning
/// traits, and the search index — an FTS5 table on SQLite, a table of `tsvector`s with a GIN index on
/// PostgreSQL. Files live in the database so that every instance serves them.
struct Migration020CreateResourceLibrary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deeper_learning_traits")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("position", .int, .required)
            .field("retired_at", .datetime)
            .unique(on: "district_id", "name")
            .create()
        try await database.schema("resources")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("url", .string)
            .field("summary", .string, .required)
            .field("minutes", .int)
            .field("keywords", .string, .required)
            .field("state", .string, .required)
            .field("added_by_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("file_name", .string)
            .field("file_type", .string)
            .field("file_size", .int)
            .field("body_text", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("resource_files")
            .id()
            .field("resource_id", .uuid, .required, .references("resources", "id", onDelete: .cascade))
            .field("data", .data, .required)
            .unique(on: "resource_id")
            .create()
        try await database.schema("resource_tags")
            .id()
            .field("resource_id", .uuid, .required, .references("resources", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .unique(on: "resource_id", "kind", "value")
            .create()
        let sql = try database.sql()
        try await sql.raw("CREATE INDEX resources_district ON resources (district_id, state)").run()
        try await sql.raw("CREATE INDEX resource_tags_value ON resource_tags (kind, value)").run()
        if sql.dialect.name == "sqlite" {
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE resource_search USING fts5(
                    resource_id UNINDEXED, title, summary, keywords, body,
                    tokenize = 'unicode61 remove_diacritics 2')
                """
            ).run()
            // The ranking `ORDER BY rank` uses: titles count most, then keywords, summaries, a file's text.
            // FTS5 stops early on `ORDER BY rank LIMIT n`, which a bm25() expression in the query cannot.
            try await sql.raw(
                "INSERT INTO resource_search (resource_search, rank) VALUES ('rank', 'bm25(0.0, 10.0, 3.0, 5.0, 1.0)')"
            ).run()
        } else {
            // A narrow table of its own rather than a column of `resources`: ranking reads every match's
            // words, and here they fill half as many pages.
            try await sql.raw(
                """
                CREATE TABLE resource_search (
                    resource_id UUID PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
                    search TSVECTOR NOT NULL)
                """
            ).run()
            try await sql.raw("CREATE INDEX resource_search_words ON resource_search USING GIN (search)").run()
        }
        for district in try await District.query(on: database).all() {
            for trait in DeeperLearningTrait.defaults(districtID: try district.requireID()) {
                try await trait.create(on: database)
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.raw("DROP TABLE resource_search").run()
        for table in ["resource_tags", "resource_files", "resources", "deeper_learning_traits"] {
            try await database.schema(table).delete()
        }
    }
}
