import Fluent
import Foundation
import TrellisCore
import Vapor

/// The root-cause board over the API: read it as the caller may see it, change it one operation at a
/// time (the same operations and rules as the page), and read each meeting's snapshot.
enum BoardAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.communityBoard(.key)).pathComponents, use: board)
        api.post(SiteURL.api(.communityBoardStep(.key, .operations)).pathComponents, use: operate)
        api.get(SiteURL.api(.communityBoardStep(.key, .snapshots)).pathComponents, use: snapshots)
    }

    struct NoteDTO: Content {
        var id: String
        /// nil while the note is hidden from the caller (private writing, not revealed yet).
        var text: String?
        var hidden: Bool
        var authorId: String
        var bucket: String
        var position: Int
        var version: Int
    }

    struct BoardDTO: Content {
        var communityId: UUID
        var sequence: Int
        var locked: Bool
        var privateMode: Bool
        var hiddenNotes: Int
        var timerEndsAt: Date?
        var notes: [NoteDTO]
    }

    static func notes(_ board: InquiryBoard, seenBy viewer: BoardParticipant) -> [NoteDTO] {
        board.notes(seenBy: viewer).map { note in
            let hidden = note.isHidden(from: viewer.id)
            return NoteDTO(
                id: note.id, text: hidden ? nil : note.text, hidden: hidden, authorId: note.authorID,
                bucket: note.bucket.rawValue, position: note.position, version: note.version)
        }
    }

    static func dto(_ access: QuestionService.Access, scope: DistrictScope) async throws -> BoardDTO {
        let communityID = try access.community.requireID()
        let record = try await BoardService.load(communityID, on: scope.database)
        let board = record.state.board
        return BoardDTO(
            communityId: communityID, sequence: board.sequence, locked: board.isLocked,
            privateMode: board.isPrivateMode, hiddenNotes: board.hiddenNoteCount,
            timerEndsAt: record.timerEndsAt.flatMap { $0 > scope.clock.now() ? $0 : nil },
            notes: notes(board, seenBy: BoardService.participant(access, scope: scope)))
    }

    @Sendable static func board(_ request: Request) async throws -> BoardDTO {
        let scope = try request.scope
        return try await dto(try await QuestionService.access(try request.idParameter(), scope: scope), scope: scope)
    }

    struct OperationBody: Content {
        var op: String?
        var text: String?
        var bucket: String?
        var noteId: String?
        var seenVersion: Int?
        var position: Int?
        var minutes: Int?
    }

    /// Answers the board after the change; 422 names what is wrong (nothing changes), 403 when only the
    /// facilitator or the note's writer may.
    @Sendable static func operate(_ request: Request) async throws -> BoardDTO {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(OperationBody.self)
        var problems: [FieldProblem] = []
        var bucket = RootCauseBucket.unsorted
        if let name = body.bucket {
            if let chosen = RootCauseBucket(rawValue: name) {
                bucket = chosen
            } else {
                problems.append(
                    .init(field: "bucket", message: "bucket: unsorted, resources, knowledge, skills or dispositions."))
            }
        }
        let note = body.noteId ?? ""
        if ["move", "delete"].contains(body.op ?? ""), note.isEmpty {
            problems.append(.init(field: "noteId", message: "noteId: say which note."))
        }
        if body.op == "move", body.seenVersion == nil {
            problems.append(.init(field: "seenVersion", message: "seenVersion: the note's version you last saw."))
        }
        if body.op == "timer", body.minutes == nil {
            problems.append(.init(field: "minutes", message: "minutes: how long the timer runs, 0 to stop it."))
        }
        let operation = BoardOperation(
            op: body.op ?? "", text: body.text, bucket: bucket, note: note, seenVersion: body.seenVersion,
            position: body.position, minutes: body.minutes)
        if operation == nil {
            problems.append(
                .init(field: "op", message: "op: add, move, delete, lock, unlock, private, reveal or timer."))
        }
        guard let operation, problems.isEmpty else { throw ValidationProblem(problems) }
        do {
            _ = try await request.application.boards.perform(
                operation, community: try access.community.requireID(),
                by: BoardService.participant(access, scope: scope), on: request.db)
        } catch let refused as ValidationProblem where body.op == "add" {
            // the note's words are what was wrong: name the field the caller sent
            throw ValidationProblem(refused.problems.map { FieldProblem(field: "text", message: $0.message) })
        }
        return try await dto(access, scope: scope)
    }

    struct SnapshotDTO: Content {
        /// `series-id/yyyy-mm-dd` of the meeting (its original day).
        var meeting: String
        var label: String
        var meetingStartsAt: Date?
        var sequence: Int
        var takenAt: Date?
        var notes: [NoteDTO]
    }

    struct SnapshotsDTO: Content {
        var items: [SnapshotDTO]
    }

    @Sendable static func snapshots(_ request: Request) async throws -> SnapshotsDTO {
        let scope = try request.scope
        let access = try await QuestionService.access(try request.idParameter(), scope: scope)
        let viewer = BoardService.participant(access, scope: scope)
        return SnapshotsDTO(
            items: try await BoardHistoryService.snapshots(of: try access.community.requireID(), on: request.db).map {
                SnapshotDTO(
                    meeting: $0.meetingKey, label: $0.meetingLabel, meetingStartsAt: $0.meetingStartsAt,
                    sequence: $0.sequence, takenAt: $0.takenAt, notes: notes($0.state.board, seenBy: viewer))
            })
    }
}
