import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore

struct Migration009CreateRhythm: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("districts")
            .field("time_zone", .string, .required, .sql(.default(District.defaultTimeZone)))
            .update()
        try await database.schema("meeting_series")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("cohort_id", .uuid, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("community_id", .uuid, .references("communities", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("recurrence", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("start_time", .string, .required)
            .field("end_time", .string, .required)
            .field("time_zone", .string, .required)
            .field("location", .string, .required)
            .field("revision", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("meeting_changes")
            .id()
            .field("series_id", .uuid, .required, .references("meeting_series", "id", onDelete: .cascade))
            .field("original_day", .string, .required)
            .field("disposition", .string, .required)
            .field("moved_day", .string)
            .field("moved_start", .string)
            .field("moved_end", .string)
            .field("sequence", .int, .required)
            .unique(on: "series_id", "original_day")
            .create()
        try await database.schema("meeting_agendas")
            .id()
            .field("series_id", .uuid, .required, .references("meeting_series", "id", onDelete: .cascade))
            .field("meeting_day", .string, .required)
            .field("items", .json, .required)
            .field("published_at", .datetime)
            .unique(on: "series_id", "meeting_day")
            .create()
        try await database.schema("meeting_notes")
            .id()
            .field("series_id", .uuid, .required, .references("meeting_series", "id", onDelete: .cascade))
            .field("meeting_day", .string, .required)
            .field("author_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("body", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("meeting_attendance")
            .id()
            .field("series_id", .uuid, .required, .references("meeting_series", "id", onDelete: .cascade))
            .field("meeting_day", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("recorded_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("recorded_at", .datetime)
            .unique(on: "series_id", "meeting_day", "user_id")
            .create()
        try await database.schema("calendar_feeds")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "token")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "calendar_feeds", "meeting_attendance", "meeting_notes", "meeting_agendas", "meeting_changes",
            "meeting_series",
        ] {
            try await database.schema(table).delete()
        }
        try await database.schema("districts").deleteField("time_zone").update()
    }
}
