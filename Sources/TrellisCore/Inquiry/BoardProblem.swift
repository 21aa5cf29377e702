/// Why a change to the board was not made, in words the person who tried it can act on.
public enum BoardProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case locked
    case facilitatorOnly
    case notAuthor
    case notAuthorOrFacilitator
    case hiddenNote
    case noteNotFound(String)
    case duplicateNote(String)
    case emptyNote
    case noteTooLong(characters: Int, maximum: Int)
    /// A copy of the board missed events and must load the board again.
    case outOfSequence(expected: Int, received: Int)

    public var description: String {
        switch self {
        case .locked:
            "The facilitator has locked the board, so your change was not made. It can change again once unlocked."
        case .facilitatorOnly:
            "Only the facilitator can start private mode, reveal the notes, or lock and unlock the board."
        case .notAuthor:
            "Only the person who wrote a note can change its words."
        case .notAuthorOrFacilitator:
            "Only the person who wrote a note, or the facilitator, can remove it."
        case .hiddenNote:
            "This note stays with its writer until the facilitator reveals the notes; only they can move it."
        case .noteNotFound:
            "That note is no longer on the board; someone may have removed it. Reload the board to see it as it is."
        case .duplicateNote(let id):
            "A note with the id \(id) is already on the board."
        case .emptyNote:
            "Write a root cause on the note before adding it."
        case .noteTooLong(let characters, let maximum):
            "Keep a note to \(maximum) characters; this one has \(characters). "
                + "Shorten it by \(characters - maximum), or split it into two notes."
        case .outOfSequence(let expected, let received):
            "This copy of the board missed changes (expected change \(expected), received \(received)); "
                + "reload the board."
        }
    }
}
