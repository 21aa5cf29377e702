import Foundation

/// A board's past: which meeting a change belongs to, so the board is kept as each meeting left it,
/// and the board replayed change by change from its events.
public enum BoardHistory {
    /// People open the board as they arrive, so a meeting's changes count from this long before its start…
    public static let arrival: TimeInterval = 15 * 60
    /// …and until this long after its end, as the last notes are tidied.
    public static let wrapUp: TimeInterval = 30 * 60

    /// A meeting the board's changes can belong to.
    public struct Meeting<Key: Hashable & Sendable>: Sendable {
        public let key: Key
        public let start: Date
        public let end: Date

        public init(key: Key, start: Date, end: Date) {
            self.key = key
            self.start = start
            self.end = end
        }

        func holds(_ time: Date) -> Bool {
            start.addingTimeInterval(-BoardHistory.arrival) <= time
                && time <= end.addingTimeInterval(BoardHistory.wrapUp)
        }
    }

    /// The meeting a change made at `time` belongs to: the one under way then, counting from `arrival`
    /// before its start to `wrapUp` after its end (of two overlapping, the later-starting one). nil
    /// between meetings: a snapshot is the board as a meeting left it, so work done between meetings
    /// shows in the next meeting's snapshot, once that meeting changes the board.
    public static func meeting<Key>(at time: Date, among meetings: [Meeting<Key>]) -> Key? {
        var chosen: Meeting<Key>?
        for meeting in meetings where meeting.holds(time) {
            if chosen == nil || meeting.start > chosen!.start { chosen = meeting }
        }
        return chosen?.key
    }

    /// The board as it stood after the change numbered `sequence` (the whole history when nil), from
    /// an empty board and the events in order. Read it as someone (`seen(by:)`): notes still hidden at
    /// that point stay hidden. Throws when the events have a gap, as a damaged history would.
    public static func replay(_ events: [BoardEvent], through sequence: Int? = nil) throws(BoardProblem)
        -> InquiryBoard
    {
        var board = InquiryBoard()
        for event in events.sorted(by: { $0.sequence < $1.sequence }) {
            if let sequence, event.sequence > sequence { break }
            try board.apply(event)
        }
        return board
    }

    /// The note a change is about, if any.
    public static func noteID(of event: BoardEvent) -> String? {
        switch event.change {
        case .noteAdded(let note), .noteMoved(let note, _), .noteEdited(let note, _): note.id
        case .noteDeleted(let id): id
        case .locked, .unlocked, .privateModeStarted, .notesRevealed: nil
        }
    }

    /// One line on what a change did, for the history page. It names buckets, never writers, and
    /// never quotes a note: the replayed board beside it shows what the viewer may read.
    public static func summary(of event: BoardEvent) -> String {
        switch event.change {
        case .noteAdded(let note):
            note.revealed ? "A note was added to \(note.bucket.title)." : "A hidden note was added."
        case .noteMoved(let note, _): "A note was moved to \(note.bucket.title)."
        case .noteEdited: "A note was reworded."
        case .noteDeleted: "A note was removed."
        case .locked: "The board was locked."
        case .unlocked: "The board was unlocked."
        case .privateModeStarted: "Private writing began."
        case .notesRevealed(let notes):
            "\(notes.count) hidden \(notes.count == 1 ? "note was" : "notes were") revealed."
        }
    }
}
