import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore

struct Migration012CreateInquiryQuestions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inquiry_questions")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id", onDelete: .cascade))
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("bucket", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema("inquiry_votes")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("votes_per_member", .int, .required)
            .field("closed_at", .datetime)
            .field("opened_at", .datetime)
            .create()
        try await database.schema("inquiry_ballot_dots")
            .id()
            .field("vote_id", .uuid, .required, .references("inquiry_votes", "id", onDelete: .cascade))
            .field("voter_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("question_id", .uuid, .required, .references("inquiry_questions", "id", onDelete: .cascade))
            .field("dots", .int, .required)
            .unique(on: "vote_id", "voter_id", "question_id")
            .create()
        try await database.schema("communities")
            .field("inquiry_question_id", .uuid, .references("inquiry_questions", "id", onDelete: .setNull))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("communities").deleteField("inquiry_question_id").update()
        for table in ["inquiry_ballot_dots", "inquiry_votes", "inquiry_questions"] {
            try await database.schema(table).delete()
        }
    }
}
