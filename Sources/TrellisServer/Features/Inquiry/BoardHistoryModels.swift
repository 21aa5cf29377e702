import Fluent
import Foundation
import TrellisCore

/// The board as one meeting left it: kept (replaced) with every change made while the meeting was under
/// way (`BoardHistory.meeting`), so a community can look back at each meeting's board. Holds hidden
/// notes' words like the board itself, so it is shown only through `seen(by:)`.
final class BoardSnapshotRecord: Model, @unchecked Sendable {
    static let schema = "inquiry_board_snapshots"

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    /// `series-id/yyyy-mm-dd` of the meeting (its original day).
    @Field(key: "meeting_key") var meetingKey: String
    /// As people read it: "Monthly meeting, Tue 13 Oct 2026, 15:30–17:00".
    @Field(key: "meeting_label") var meetingLabel: String
    @OptionalField(key: "meeting_starts_at") var meetingStartsAt: Date?
    @Field(key: "sequence") var sequence: Int
    @Field(key: "state") var state: BoardRecord.State
    @Timestamp(key: "taken_at", on: .none) var takenAt: Date?

    init() {}

    init(communityID: UUID, meetingKey: String, meetingLabel: String, meetingStartsAt: Date?) {
        self.$community.id = communityID
        self.meetingKey = meetingKey
        self.meetingLabel = meetingLabel
        self.meetingStartsAt = meetingStartsAt
        self.sequence = 0
        self.state = .init(board: InquiryBoard())
    }
}

/// Links from a question to the board notes it grew from (note ids on the community's board).
struct QuestionNoteLinks: Codable, Sendable {
    var notes: [String]
}

struct Migration014BoardSnapshotsAndQuestionLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inquiry_board_snapshots")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("meeting_key", .string, .required)
            .field("meeting_label", .string, .required)
            .field("meeting_starts_at", .datetime)
            .field("sequence", .int, .required)
            .field("state", .json, .required)
            .field("taken_at", .datetime)
            .unique(on: "community_id", "meeting_key")
            .create()
        try await database.schema("inquiry_questions").field("note_links", .json).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inquiry_questions").deleteField("note_links").update()
        try await database.schema("inquiry_board_snapshots").delete()
    }
}
