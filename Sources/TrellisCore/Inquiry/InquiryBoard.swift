/// A community's board of root-cause notes, sorted into the four buckets during a meeting.
///
/// The server holds one board and changes it only through the operations below; each checks who
/// may do what, returns the `BoardEvent` to broadcast and applies it to itself with `apply`, the
/// same function every client runs on its copy, so the copies go through the same states.
///
/// Moves resolve by "last writer wins": a move carries the note's version the mover had seen, and
/// if someone moved the note since, the later move still wins and its event says it was stale
/// (`staleVersion`) and carries where the note now is. A note is only ever moved or edited in
/// place, so no conflict can lose or duplicate one; only a delete removes a note.
///
/// Note words are reached only through methods that take the viewer: a note written in private
/// mode shows to others as a blank note in its place until the facilitator reveals the notes.
public struct InquiryBoard: Sendable, Hashable, Codable {
    /// Board order: bucket by bucket in `RootCauseBucket` order, then by position.
    private(set) var notes: [BoardNote]
    /// How many notes the board holds, hidden ones included (for counts, never for showing).
    public var noteCount: Int { notes.count }
    /// The sequence number of the last event applied; 0 for a board nothing has happened to.
    public private(set) var sequence: Int
    public private(set) var isLocked: Bool
    /// New notes are hidden from everyone but their writer until the facilitator reveals them.
    public private(set) var isPrivateMode: Bool

    /// A board as stored; the notes are put in board order and each bucket numbered 0..<count,
    /// keeping their order.
    public init(notes: [BoardNote] = [], sequence: Int = 0, isLocked: Bool = false, isPrivateMode: Bool = false) {
        self.notes = notes.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }
            .map(\.element)
        self.sequence = sequence
        self.isLocked = isLocked
        self.isPrivateMode = isPrivateMode
        arrange()
    }

    // MARK: - Reading, always as someone

    /// The whole board as the viewer may see it: what the server sends when a page loads or a
    /// client resyncs.
    public func seen(by viewer: BoardParticipant) -> InquiryBoard {
        var board = self
        board.notes = notes.map { $0.seen(by: viewer) }
        return board
    }

    public func notes(seenBy viewer: BoardParticipant) -> [BoardNote] {
        notes.map { $0.seen(by: viewer) }
    }

    public func notes(in bucket: RootCauseBucket, seenBy viewer: BoardParticipant) -> [BoardNote] {
        notes.filter { $0.bucket == bucket }.map { $0.seen(by: viewer) }
    }

    public func note(_ id: String, seenBy viewer: BoardParticipant) -> BoardNote? {
        stored(id)?.seen(by: viewer)
    }

    /// The notes whose words the viewer can read, in board order: what may be quoted, linked or
    /// exported on their behalf (a note still hidden from them is left out).
    public func readableNotes(by viewer: BoardParticipant) -> [BoardNote] {
        notes.filter { !$0.isHidden(from: viewer.id) }
    }

    /// The note, if it is on the board and the viewer can read its words.
    public func readableNote(_ id: String, by viewer: BoardParticipant) -> BoardNote? {
        stored(id).flatMap { $0.isHidden(from: viewer.id) ? nil : $0 }
    }

    /// How many notes wait for the reveal: what the facilitator watches during private mode.
    public var hiddenNoteCount: Int { notes.count(where: { !$0.revealed }) }

    // MARK: - Changing

    /// Adds a note at the end of its bucket; in private mode it stays hidden until the reveal.
    public mutating func addNote(
        id: String, text: String, to bucket: RootCauseBucket = .unsorted, by writer: BoardParticipant
    ) throws(BoardProblem) -> BoardEvent {
        guard !isLocked else { throw .locked }
        guard stored(id) == nil else { throw .duplicateNote(id) }
        let note = BoardNote(
            id: id, text: try BoardNote.checked(text), authorID: writer.id, bucket: bucket,
            position: notes.count(where: { $0.bucket == bucket }), revealed: !isPrivateMode)
        return try record(.noteAdded(note))
    }

    /// Moves a note to `position` in `bucket` (the end when nil; out-of-range positions are
    /// clamped). Anyone may move a note they can read; `seenVersion` is the note's version on
    /// the mover's page.
    public mutating func moveNote(
        _ id: String, to bucket: RootCauseBucket, position: Int? = nil, seenVersion: Int, by mover: BoardParticipant
    ) throws(BoardProblem) -> BoardEvent {
        guard !isLocked else { throw .locked }
        guard var note = stored(id) else { throw .noteNotFound(id) }
        guard !note.isHidden(from: mover.id) else { throw .hiddenNote }
        let others = notes.count(where: { $0.bucket == bucket && $0.id != id })
        let stale = seenVersion == note.version ? nil : seenVersion
        note.bucket = bucket
        note.position = min(max(position ?? others, 0), others)
        note.version += 1
        return try record(.noteMoved(note, staleVersion: stale))
    }

    /// Changes a note's words; only its writer may, and the last edit wins like a move.
    public mutating func editNote(
        _ id: String, text: String, seenVersion: Int, by editor: BoardParticipant
    ) throws(BoardProblem) -> BoardEvent {
        guard !isLocked else { throw .locked }
        guard var note = stored(id) else { throw .noteNotFound(id) }
        guard note.authorID == editor.id else { throw .notAuthor }
        let stale = seenVersion == note.version ? nil : seenVersion
        note.text = try BoardNote.checked(text)
        note.version += 1
        return try record(.noteEdited(note, staleVersion: stale))
    }

    /// Removes a note: its writer may, and so may the facilitator, who keeps the board usable.
    public mutating func deleteNote(_ id: String, by remover: BoardParticipant) throws(BoardProblem) -> BoardEvent {
        guard !isLocked else { throw .locked }
        guard let note = stored(id) else { throw .noteNotFound(id) }
        guard note.authorID == remover.id || remover.isFacilitator else { throw .notAuthorOrFacilitator }
        return try record(.noteDeleted(id: id))
    }

    /// Nothing changes while locked except the facilitator revealing notes or unlocking.
    public mutating func lock(by facilitator: BoardParticipant) throws(BoardProblem) -> BoardEvent {
        guard facilitator.isFacilitator else { throw .facilitatorOnly }
        return try record(.locked)
    }

    public mutating func unlock(by facilitator: BoardParticipant) throws(BoardProblem) -> BoardEvent {
        guard facilitator.isFacilitator else { throw .facilitatorOnly }
        return try record(.unlocked)
    }

    /// Starts a round of silent writing: notes added from now on are hidden until the reveal.
    public mutating func startPrivateMode(by facilitator: BoardParticipant) throws(BoardProblem) -> BoardEvent {
        guard facilitator.isFacilitator else { throw .facilitatorOnly }
        guard !isLocked else { throw .locked }
        return try record(.privateModeStarted)
    }

    /// Shows every hidden note to everyone at once and ends private mode; allowed while locked,
    /// since facilitators often lock the board, then reveal.
    public mutating func revealNotes(by facilitator: BoardParticipant) throws(BoardProblem) -> BoardEvent {
        guard facilitator.isFacilitator else { throw .facilitatorOnly }
        let revealed = notes.filter { !$0.revealed }.map { note in
            var note = note
            note.revealed = true
            note.version += 1
            return note
        }
        return try record(.notesRevealed(revealed))
    }

    // MARK: - Applying events

    /// Applies the next event, on the server and in every client's copy. An event already applied
    /// (a repeat after a reconnect) is ignored; a gap throws `outOfSequence`, and the client loads
    /// the board again. The board is unchanged when this throws.
    public mutating func apply(_ event: BoardEvent) throws(BoardProblem) {
        guard event.sequence > sequence else { return }
        guard event.sequence == sequence + 1 else {
            throw .outOfSequence(expected: sequence + 1, received: event.sequence)
        }
        switch event.change {
        case .noteAdded(let note):
            guard stored(note.id) == nil else { throw .duplicateNote(note.id) }
            place(note)
        case .noteMoved(let moved, _):
            guard var note = stored(moved.id) else { throw .noteNotFound(moved.id) }
            note.bucket = moved.bucket
            note.position = moved.position
            note.version = moved.version
            place(note)
        case .noteEdited(let edited, _):
            guard let index = notes.firstIndex(where: { $0.id == edited.id }) else {
                throw .noteNotFound(edited.id)
            }
            notes[index].text = edited.text
            notes[index].version = edited.version
        case .noteDeleted(let id):
            guard stored(id) != nil else { throw .noteNotFound(id) }
            notes.removeAll { $0.id == id }
            arrange()
        case .locked:
            isLocked = true
        case .unlocked:
            isLocked = false
        case .privateModeStarted:
            isPrivateMode = true
        case .notesRevealed(let revealed):
            let indices = revealed.map { note in (note, notes.firstIndex(where: { $0.id == note.id })) }
            if let missing = indices.first(where: { $0.1 == nil }) { throw .noteNotFound(missing.0.id) }
            for case (let note, let index?) in indices {
                notes[index].text = note.text
                notes[index].version = note.version
                notes[index].revealed = true
            }
            isPrivateMode = false
        }
        sequence = event.sequence
    }

    // MARK: - Keeping order

    private func stored(_ id: String) -> BoardNote? {
        notes.first { $0.id == id }
    }

    private mutating func record(_ change: BoardEvent.Change) throws(BoardProblem) -> BoardEvent {
        let event = BoardEvent(sequence: sequence + 1, change: change)
        try apply(event)
        return event
    }

    /// Puts the note (taken out of its old place, if any) before the note now at its position in
    /// its bucket, or at the bucket's end.
    private mutating func place(_ note: BoardNote) {
        notes.removeAll { $0.id == note.id }
        let bucket = notes.indices.filter { notes[$0].bucket == note.bucket }
        let position = max(note.position, 0)
        let index = position < bucket.count ? bucket[position] : notes.endIndex
        notes.insert(note, at: index)
        arrange()
    }

    /// Board order, each bucket numbered 0..<count in the order its notes are in.
    private mutating func arrange() {
        var arranged: [BoardNote] = []
        arranged.reserveCapacity(notes.count)
        for bucket in RootCauseBucket.allCases {
            for (position, var note) in notes.filter({ $0.bucket == bucket }).enumerated() {
                note.position = position
                arranged.append(note)
            }
        }
        notes = arranged
    }
}
