/// A root-cause sticky note on a community's board.
public struct BoardNote: Sendable, Hashable, Codable, Identifiable {
    /// Short, as on a sticky note: one cause per note keeps the sorting honest.
    public static let maximumLength = 200

    public let id: String
    public internal(set) var text: String
    public let authorID: String
    public internal(set) var bucket: RootCauseBucket
    /// 0 for the first note in its bucket; the notes of a bucket are always numbered 0..<count.
    public internal(set) var position: Int
    /// Starts at 1 and goes up with every change to this note (move, edit, reveal), so a client can
    /// tell whether the note changed since it last saw it.
    public internal(set) var version: Int
    /// False for a note written in private mode until the facilitator reveals the notes.
    public internal(set) var revealed: Bool

    public init(
        id: String, text: String, authorID: String, bucket: RootCauseBucket = .unsorted, position: Int = 0,
        version: Int = 1, revealed: Bool = true
    ) {
        self.id = id
        self.text = text
        self.authorID = authorID
        self.bucket = bucket
        self.position = position
        self.version = version
        self.revealed = revealed
    }

    /// Written in private mode by someone else and not revealed yet: the viewer may know the note
    /// is there, but not what it says.
    public func isHidden(from viewerID: String) -> Bool {
        !revealed && authorID != viewerID
    }

    /// The note with its text blanked when it is hidden from the viewer. Its place, version and
    /// author stay, so every copy of the board has the same notes in the same places and the
    /// page can show "a note is being written here"; only the words wait for the reveal.
    public func seen(by viewer: BoardParticipant) -> BoardNote {
        guard isHidden(from: viewer.id) else { return self }
        var note = self
        note.text = ""
        return note
    }

    static func checked(_ text: String) throws(BoardProblem) -> String {
        let text = InquiryText.normalised(text)
        guard !text.isEmpty else { throw .emptyNote }
        guard text.count <= maximumLength else { throw .noteTooLong(characters: text.count, maximum: maximumLength) }
        return text
    }
}

/// Someone working on the board. Everyone in the community adds and moves notes; the facilitator
/// also runs the board: private mode, reveal, lock.
public struct BoardParticipant: Sendable, Hashable, Codable {
    public let id: String
    public let isFacilitator: Bool

    public init(id: String, isFacilitator: Bool) {
        self.id = id
        self.isFacilitator = isFacilitator
    }

    public static func member(_ id: String) -> BoardParticipant {
        BoardParticipant(id: id, isFacilitator: false)
    }

    public static func facilitator(_ id: String) -> BoardParticipant {
        BoardParticipant(id: id, isFacilitator: true)
    }
}
