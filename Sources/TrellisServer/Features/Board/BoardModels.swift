import Fluent
import Foundation
import SQLKit
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

extension BoardRecord {
    /// How many notes the boards of these communities hold in each bucket, hidden ones included (for
    /// counts, never for showing). Only the notes' buckets are read out of each stored board.
    static func noteCounts(ofCommunities ids: [UUID], on db: any Database) async throws
        -> [UUID: [RootCauseBucket: Int]]
    {
        struct Buckets: Decodable {
            struct Board: Decodable { let notes: [Note] }
            struct Note: Decodable { let bucket: RootCauseBucket }
            let board: Board
        }
        guard !ids.isEmpty else { return [:] }
        var counts: [UUID: [RootCauseBucket: Int]] = [:]
        for row in try await db.sql().raw(
            "SELECT community_id, state FROM inquiry_boards WHERE community_id IN (\(SQLList(ids.map { SQLBind($0) })))"
        ).all() {
            let communityID = try row.decodeUUID(column: "community_id")
            guard counts[communityID] == nil else { continue }
            counts[communityID] = try row.decode(column: "state", as: Buckets.self).board.notes.reduce(into: [:]) {
                $0[$1.bucket, default: 0] += 1
            }
        }
        return counts
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
