import Foundation

/// A board's past: which meeting a change belongs to, so the board is kept as it stood after each
/// meeting, and the board replayed change by change from its events.
public enum BoardHistory {
    /// People open the board as they arrive, so a meeting's changes count from this long before its start.
    public static let arrival: TimeInterval = 15 * 60

    /// A meeting the board's changes can belong to.
    public struct Meeting<Key: Hashable & Sendable>: Sendable {
        public let key: Key
        public let start: Date

        public init(key: Key, start: Date) {
            self.key = key
            self.start = start
        }
    }

    /// The meeting a change made at `time` belongs to: the one that started last, counting from
    /// `arrival` before its start. Changes between two meetings belong to the earlier one (work
    /// between meetings carries on from it); nil before the first meeting. Of meetings starting at the
    /// same moment, the first listed wins.
    public static func meeting<Key>(at time: Date, among meetings: [Meeting<Key>]) -> Key? {
        var chosen: Meeting<Key>?
        for meeting in meetings where meeting.start.addingTimeInterval(-arrival) <= time {
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
