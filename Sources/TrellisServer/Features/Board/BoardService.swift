import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// What the board's pages, API and live connection ask of a board.
enum BoardOperation: Codable, Sendable {
    case add(text: String, bucket: RootCauseBucket)
    case move(note: String, bucket: RootCauseBucket, position: Int?, seenVersion: Int)
    case delete(note: String)
    case lock
    case unlock
    case privateMode
    case reveal
    case timer(minutes: Int)

    /// The operation a form or a request names by `op` (the page's and the API's words); nil for an
    /// unknown one.
    init?(
        op: String, text: String?, bucket: RootCauseBucket, note: String?, seenVersion: Int?, position: Int?,
        minutes: Int?
    ) {
        switch op {
        case "add": self = .add(text: text ?? "", bucket: bucket)
        case "move":
            self = .move(note: note ?? "", bucket: bucket, position: position, seenVersion: seenVersion ?? 0)
        case "delete": self = .delete(note: note ?? "")
        case "lock": self = .lock
        case "unlock": self = .unlock
        case "private": self = .privateMode
        case "reveal": self = .reveal
        case "timer": self = .timer(minutes: minutes ?? 0)
        default: return nil
        }
    }
}

/// Tells everyone looking at a board that it changed: `LocalBoardBroadcast` on SQLite (one instance),
/// `PostgresBoardBroadcast` on PostgreSQL (several instances share changes through LISTEN/NOTIFY).
protocol BoardBroadcast: Sendable {
    func publish(_ event: BoardEvent, community: UUID) async
    /// Something outside the board's events changed (the timer): open pages reload the board.
    func publishTimer(community: UUID) async
    func subscribe(community: UUID, participant: BoardParticipant, send: @escaping @Sendable (String) async -> Void)
        async -> UUID
    func unsubscribe(_ subscription: UUID, community: UUID) async
    /// Whether changes made on other instances reach this one now.
    var isReady: Bool { get async }
}

extension BoardBroadcast {
    var isReady: Bool { get async { true } }
}

/// Subscribers in this process. Every subscriber gets the event as they may see it (`seen(by:)`), so
/// private notes' words never leave for anyone but their writer.
actor LocalBoardBroadcast: BoardBroadcast {
    private struct Subscriber {
        let participant: BoardParticipant
        let send: @Sendable (String) async -> Void
    }

    private var subscribers: [UUID: [UUID: Subscriber]] = [:]

    func publish(_ event: BoardEvent, community: UUID) async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for subscriber in subscribers[community, default: [:]].values {
            guard
                let data = try? encoder.encode(
                    LiveMessage(type: "event", event: event.seen(by: subscriber.participant)))
            else { continue }
            await subscriber.send(String(decoding: data, as: UTF8.self))
        }
    }

    func publishTimer(community: UUID) async {
        for subscriber in subscribers[community, default: [:]].values { await subscriber.send(#"{"type":"timer"}"#) }
    }

    func subscribe(community: UUID, participant: BoardParticipant, send: @escaping @Sendable (String) async -> Void)
        async -> UUID
    {
        let id = UUID()
        subscribers[community, default: [:]][id] = Subscriber(participant: participant, send: send)
        TrellisMetrics.boardConnectionOpened()
        return id
    }

    func unsubscribe(_ subscription: UUID, community: UUID) async {
        if subscribers[community]?.removeValue(forKey: subscription) != nil {
            TrellisMetrics.boardConnectionClosed()
        }
        if subscribers[community]?.isEmpty == true { subscribers[community] = nil }
    }

    func hasSubscribers(_ community: UUID) -> Bool { !(subscribers[community]?.isEmpty ?? true) }

    /// The communities whose boards are open here.
    func communities() -> [UUID] { Array(subscribers.keys) }

    struct LiveMessage: Encodable {
        var type: String
        var event: BoardEvent
    }
}

/// Changing a board: each change reads the board, is applied by the core, and is saved with its event in
/// one transaction only if nobody saved the board meanwhile (its `version`, checked in the UPDATE itself);
/// otherwise it is read again and applied again. So changes to one board are put in order by the database,
/// whichever instance makes them, and `inquiry_board_events` keeps that order. Then it is broadcast.
struct BoardService: Sendable {
    let broadcast: any BoardBroadcast
    let clock: AppClock

    init(broadcast: any BoardBroadcast, clock: AppClock) {
        self.broadcast = broadcast
        self.clock = clock
    }

    static func participant(_ access: QuestionService.Access, scope: DistrictScope) -> BoardParticipant {
        access.canRun
            ? .facilitator(UUIDText.lowercased(scope.viewer.userID))
            : .member(UUIDText.lowercased(scope.viewer.userID))
    }

    /// The full names of these people, by id, for showing who wrote which note.
    static func names(of userIDs: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        Dictionary(
            try await User.query(on: db).filter(\.$id ~~ userIDs).all().map { ($0.id ?? UUID(), $0.fullName) },
            uniquingKeysWith: { first, _ in first })
    }

    static func load(_ communityID: UUID, on db: any Database) async throws -> BoardRecord {
        if let record = try await BoardRecord.query(on: db).filter(\.$community.$id == communityID).first() {
            return record
        }
        // Two first changes at once (on two instances, say) may both find no board: the unique index keeps
        // one, and the other reads it.
        let record = BoardRecord(communityID: communityID)
        do {
            try await record.create(on: db)
        } catch {
            if let made = try await BoardRecord.query(on: db).filter(\.$community.$id == communityID).first() {
                return made
            }
            throw error
        }
        return record
    }

    /// How many times a change is read and applied again when other changes keep saving the board first.
    static let attempts = 40

    private struct Superseded: Error {}

    /// Applies one operation; a refused one (locked board, someone else's note…) throws a
    /// `ValidationProblem` whose message says why and that nothing changed.
    func perform(
        _ operation: BoardOperation, community communityID: UUID, by participant: BoardParticipant, on db: any Database
    )
        async throws -> BoardEvent?
    {
        for attempt in 0..<Self.attempts {
            do {
                return try await performOnce(operation, community: communityID, by: participant, on: db)
            } catch is Superseded {
                // someone saved the board first: read it again, after a short, growing pause
                try await Task.sleep(nanoseconds: UInt64(1 + min(attempt, 10)) * 3_000_000)
            }
        }
        throw Abort(
            .serviceUnavailable, reason: "The board is changing too fast right now; nothing changed. Try again.")
    }

    private func performOnce(
        _ operation: BoardOperation, community communityID: UUID, by participant: BoardParticipant, on db: any Database
    )
        async throws -> BoardEvent?
    {
        let boardID = try await Self.load(communityID, on: db).requireID()
        // the version first, then the state: a change saved in between makes the version check fail (and
        // this one read again), never a change applied to a state older than the version it checks
        guard
            let read = try await db.sql().raw("SELECT version FROM inquiry_boards WHERE id = \(bind: boardID)").first()
        else { throw Abort(.notFound) }
        let version = try read.decode(column: "version", as: Int.self)
        guard let record = try await BoardRecord.query(on: db).filter(\.$id == boardID).first() else {
            throw Abort(.notFound)
        }
        var board = record.state.board
        let event: BoardEvent?
        do {
            switch operation {
            case .add(let text, let bucket):
                event = try board.addNote(id: UUID().uuidString.lowercased(), text: text, to: bucket, by: participant)
            case .move(let note, let bucket, let position, let seenVersion):
                event = try board.moveNote(
                    note, to: bucket, position: position, seenVersion: seenVersion, by: participant)
            case .delete(let note): event = try board.deleteNote(note, by: participant)
            case .lock: event = try board.lock(by: participant)
            case .unlock: event = try board.unlock(by: participant)
            case .privateMode: event = try board.startPrivateMode(by: participant)
            case .reveal: event = try board.revealNotes(by: participant)
            case .timer(let minutes):
                guard participant.isFacilitator else { throw BoardProblem.facilitatorOnly }
                record.timerEndsAt = minutes > 0 ? clock.now().addingTimeInterval(Double(min(minutes, 120)) * 60) : nil
                event = nil
            }
        } catch let problem as BoardProblem {
            switch problem {
            case .facilitatorOnly, .notAuthor, .notAuthorOrFacilitator:
                throw Abort(.forbidden, reason: problem.description)
            default:
                throw ValidationProblem(field: "board", problem.description)
            }
        }
        record.state = .init(board: board)
        let changed = board
        try await db.transaction { db in
            let claimed = try await db.sql().raw(
                """
                UPDATE inquiry_boards SET version = version + 1 WHERE id = \(bind: boardID) AND version = \(bind: version)
                RETURNING id
                """
            ).all()
            guard !claimed.isEmpty else { throw Superseded() }
            try await record.save(on: db)
            if let event { try await BoardEventRecord(communityID: communityID, event: event).create(on: db) }
        }
        // The meeting's snapshot follows the change; if it cannot be kept, the change still stands (the
        // events hold the whole history).
        if event != nil {
            do {
                try await BoardHistoryService.keep(changed, community: communityID, at: clock.now(), on: db)
            } catch {
                db.logger.warning("board snapshot not kept: \(String(describing: type(of: error)))")
            }
        }
        if let event {
            await broadcast.publish(event, community: communityID)
        } else {
            await broadcast.publishTimer(community: communityID)
        }
        return event
    }
}

struct BoardServiceKey: StorageKey {
    typealias Value = BoardService
}

extension Application {
    /// The one board service of this process, made by `buildApplication`.
    var boards: BoardService {
        guard let service = storage[BoardServiceKey.self] else {
            fatalError("buildApplication sets up the board service")
        }
        return service
    }
}
