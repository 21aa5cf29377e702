/// One change to a board, numbered in the order the board made it: what the server broadcasts and
/// what every copy of the board applies (`InquiryBoard.apply`), so all copies pass through the
/// same states. The sequence numbers of one board go 1, 2, 3 … with no gaps.
///
/// An event may carry text that is still hidden from some people: send each person
/// `seen(by:)`, never the event itself. The full event is for the board's own history.
public struct BoardEvent: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        /// The note as added, at the end of its bucket.
        case noteAdded(BoardNote)
        /// The note where it now is, with its new version. `staleVersion` is the version the mover
        /// had seen when someone else had changed the note since: the move still wins, and the
        /// mover's page can say it replaced a change they had not seen.
        case noteMoved(BoardNote, staleVersion: Int?)
        case noteEdited(BoardNote, staleVersion: Int?)
        case noteDeleted(id: String)
        case locked
        case unlocked
        case privateModeStarted
        /// The notes that were hidden, with their words; private mode ends.
        case notesRevealed([BoardNote])
    }

    public let sequence: Int
    let change: Change

    init(sequence: Int, change: Change) {
        self.sequence = sequence
        self.change = change
    }

    /// The event with the words of notes hidden from the viewer blanked.
    public func seen(by viewer: BoardParticipant) -> BoardEvent {
        BoardEvent(sequence: sequence, change: change(seenBy: viewer))
    }

    public func change(seenBy viewer: BoardParticipant) -> Change {
        switch change {
        case .noteAdded(let note): .noteAdded(note.seen(by: viewer))
        case .noteMoved(let note, let stale): .noteMoved(note.seen(by: viewer), staleVersion: stale)
        case .noteEdited(let note, let stale): .noteEdited(note.seen(by: viewer), staleVersion: stale)
        case .noteDeleted, .locked, .unlocked, .privateModeStarted, .notesRevealed: change
        }
    }
}

/// Flat JSON for the board's small hand-written script:
/// `{"sequence":4,"type":"noteMoved","note":{…},"staleVersion":2}`.
extension BoardEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case sequence, type, note, notes, noteID, staleVersion
    }

    private enum Kind: String, Codable {
        case noteAdded, noteMoved, noteEdited, noteDeleted, locked, unlocked, privateModeStarted, notesRevealed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(Int.self, forKey: .sequence)
        switch try container.decode(Kind.self, forKey: .type) {
        case .noteAdded:
            change = .noteAdded(try container.decode(BoardNote.self, forKey: .note))
        case .noteMoved:
            change = .noteMoved(
                try container.decode(BoardNote.self, forKey: .note),
                staleVersion: try container.decodeIfPresent(Int.self, forKey: .staleVersion))
        case .noteEdited:
            change = .noteEdited(
                try container.decode(BoardNote.self, forKey: .note),
                staleVersion: try container.decodeIfPresent(Int.self, forKey: .staleVersion))
        case .noteDeleted:
            change = .noteDeleted(id: try container.decode(String.self, forKey: .noteID))
        case .locked: change = .locked
        case .unlocked: change = .unlocked
        case .privateModeStarted: change = .privateModeStarted
        case .notesRevealed:
            change = .notesRevealed(try container.decode([BoardNote].self, forKey: .notes))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        switch change {
        case .noteAdded(let note):
            try container.encode(Kind.noteAdded, forKey: .type)
            try container.encode(note, forKey: .note)
        case .noteMoved(let note, let stale):
            try container.encode(Kind.noteMoved, forKey: .type)
            try container.encode(note, forKey: .note)
            try container.encodeIfPresent(stale, forKey: .staleVersion)
        case .noteEdited(let note, let stale):
            try container.encode(Kind.noteEdited, forKey: .type)
            try container.encode(note, forKey: .note)
            try container.encodeIfPresent(stale, forKey: .staleVersion)
        case .noteDeleted(let id):
            try container.encode(Kind.noteDeleted, forKey: .type)
            try container.encode(id, forKey: .noteID)
        case .locked: try container.encode(Kind.locked, forKey: .type)
        case .unlocked: try container.encode(Kind.unlocked, forKey: .type)
        case .privateModeStarted: try container.encode(Kind.privateModeStarted, forKey: .type)
        case .notesRevealed(let notes):
            try container.encode(Kind.notesRevealed, forKey: .type)
            try container.encode(notes, forKey: .notes)
        }
    }
}
