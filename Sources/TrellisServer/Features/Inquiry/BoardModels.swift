import Fluent
import Foundation
import TrellisCore

/// A community's board: the whole `InquiryBoard` as one JSON document, changed only through
/// `BoardService`, which appends every change to `BoardEventRecord` so the history can be replayed.
final class BoardRecord: Model, @unchecked Sendable {
    static let schema = "inquiry_boards"

    /// Wrapped so both databases store one JSON document.
    struct State: Codable, Sendable {
        var board: InquiryBoard
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Field(key: "state") var state: State
    @OptionalField(key: "timer_ends_at") var timerEndsAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(communityID: UUID) {
        self.$community.id = communityID
        self.state = State(board: InquiryBoard())
    }
}

/// One change to a board, in order: the board's history. Holds the full event (hidden notes' words
/// included), so it is read only to replay a board, never sent to anyone as it is.
final class BoardEventRecord: Model, @unchecked Sendable {
    static let schema = "inquiry_board_events"

    struct Payload: Codable, Sendable {
        var event: BoardEvent
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Field(key: "sequence") var sequence: Int
    @Field(key: "payload") var payload: Payload
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(communityID: UUID, event: BoardEvent) {
        self.$community.id = communityID
        self.sequence = event.sequence
        self.payload = Payload(event: event)
    }
}

struct Migration013CreateBoards: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inquiry_boards")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("state", .json, .required)
            .field("timer_ends_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "community_id")
            .create()
        try await database.schema("inquiry_board_events")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("sequence", .int, .required)
            .field("payload", .json, .required)
            .field("created_at", .datetime)
            .unique(on: "community_id", "sequence")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inquiry_board_events").delete()
        try await database.schema("inquiry_boards").delete()
    }
}
