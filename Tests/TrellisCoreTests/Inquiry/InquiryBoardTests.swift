import Foundation
import Testing

@testable import TrellisCore

extension InquiryTests {
    @Suite("Inquiry board")
    struct InquiryBoardTests {
        typealias S = InquirySamples

        @Test("notes join the end of their bucket at version 1, each change numbered in turn")
        func add() throws {
            var board = try S.board()
            #expect(board.sequence == 4)
            #expect(S.layout(board) == [.unsorted: ["n1", "n2", "n3", "n4"]])
            #expect(board.notes(seenBy: S.kim).map(\.version) == [1, 1, 1, 1])
            let event = try board.addNote(id: "n5", text: "  Budget \n decided\tin June ", to: .resources, by: S.ana)
            #expect(event.sequence == 5)
            let note = try #require(board.note("n5", seenBy: S.kim))
            #expect(note.text == "Budget decided in June")
            #expect(note.authorID == "ana" && note.bucket == .resources && note.position == 0 && note.revealed)
            S.expectWellFormed(board)
        }

        @Test(
            "a note's words must be there and short",
            arguments: [
                ("", BoardProblem.emptyNote),
                (" \n\t ", .emptyNote),
                (String(repeating: "x", count: 201), .noteTooLong(characters: 201, maximum: 200)),
            ])
        func badText(text: String, problem: BoardProblem) throws {
            var board = try S.board()
            #expect(throws: problem) { try board.addNote(id: "n5", text: text, by: S.kim) }
            #expect(throws: problem) { try board.editNote("n1", text: text, seenVersion: 1, by: S.kim) }
            #expect(board == (try S.board()))
        }

        @Test("a note id is used once")
        func duplicate() throws {
            var board = try S.board()
            #expect(throws: BoardProblem.duplicateNote("n2")) { try board.addNote(id: "n2", text: "Again", by: S.kim) }
        }

        @Test("moves keep every bucket numbered 0..<count; only the moved note's version goes up")
        func moves() throws {
            var board = try S.board()
            _ = try board.moveNote("n2", to: .knowledge, seenVersion: 1, by: S.kim)
            _ = try board.moveNote("n4", to: .dispositions, seenVersion: 1, by: S.kim)
            _ = try board.moveNote("n1", to: .knowledge, position: 0, seenVersion: 1, by: S.lee)
            _ = try board.moveNote("n3", to: .knowledge, position: 1, seenVersion: 1, by: S.ana)
            #expect(S.layout(board) == [.knowledge: ["n1", "n3", "n2"], .dispositions: ["n4"]])
            S.expectWellFormed(board)

            // Reordering within a bucket.
            _ = try board.moveNote("n2", to: .knowledge, position: 0, seenVersion: 2, by: S.kim)
            #expect(S.layout(board) == [.knowledge: ["n2", "n1", "n3"], .dispositions: ["n4"]])
            _ = try board.moveNote("n2", to: .knowledge, position: 2, seenVersion: 3, by: S.kim)
            #expect(S.layout(board) == [.knowledge: ["n1", "n3", "n2"], .dispositions: ["n4"]])
            // Positions out of range land at an end.
            _ = try board.moveNote("n4", to: .knowledge, position: 99, seenVersion: 2, by: S.kim)
            _ = try board.moveNote("n3", to: .knowledge, position: -5, seenVersion: 2, by: S.kim)
            #expect(S.layout(board) == [.knowledge: ["n3", "n1", "n2", "n4"]])
            #expect(board.notes(seenBy: S.kim).map(\.position) == [0, 1, 2, 3])
            #expect(board.notes(seenBy: S.kim).map(\.version) == [3, 2, 4, 3])
            S.expectWellFormed(board)
        }

        @Test("a move on a version someone else has changed still wins, and says so")
        func staleMove() throws {
            var board = try S.board()
            let first = try board.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim)
            let second = try board.moveNote("n1", to: .resources, seenVersion: 1, by: S.lee)
            #expect(first.change(seenBy: S.kim) == .noteMoved(try #require(Self.note(first)), staleVersion: nil))
            guard case .noteMoved(let note, let stale) = second.change(seenBy: S.lee) else {
                Issue.record("expected a move")
                return
            }
            #expect(stale == 1)
            #expect(note.bucket == .resources && note.version == 3)
            #expect(S.layout(board) == [.unsorted: ["n2", "n3", "n4"], .resources: ["n1"]])
        }

        @Test("removing a note closes the gap; a move of a removed note is refused, not revived")
        func delete() throws {
            var board = try S.board()
            _ = try board.deleteNote("n2", by: S.lee)
            #expect(S.layout(board) == [.unsorted: ["n1", "n3", "n4"]])
            S.expectWellFormed(board)
            _ = try board.deleteNote("n1", by: S.fran)
            #expect(throws: BoardProblem.notAuthorOrFacilitator) { try board.deleteNote("n3", by: S.lee) }
            #expect(throws: BoardProblem.noteNotFound("n1")) {
                try board.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim)
            }
            #expect(throws: BoardProblem.noteNotFound("n1")) { try board.deleteNote("n1", by: S.kim) }
            #expect(S.layout(board) == [.unsorted: ["n3", "n4"]])
        }

        @Test("only the writer changes a note's words, the facilitator included")
        func edit() throws {
            var board = try S.board()
            let event = try board.editNote("n1", text: "No protected time to listen", seenVersion: 1, by: S.kim)
            #expect(event.change(seenBy: S.lee) == .noteEdited(try #require(Self.note(event)), staleVersion: nil))
            #expect(board.note("n1", seenBy: S.lee)?.text == "No protected time to listen")
            #expect(board.note("n1", seenBy: S.lee)?.version == 2)
            #expect(throws: BoardProblem.notAuthor) {
                try board.editNote("n1", text: "Mine", seenVersion: 2, by: S.lee)
            }
            #expect(throws: BoardProblem.notAuthor) {
                try board.editNote("n1", text: "Mine", seenVersion: 2, by: S.fran)
            }
            // From a second tab with an older page: the edit wins and is flagged.
            let stale = try board.editNote("n1", text: "No time to listen", seenVersion: 1, by: S.kim)
            guard case .noteEdited(_, let staleVersion) = stale.change(seenBy: S.kim) else {
                Issue.record("expected an edit")
                return
            }
            #expect(staleVersion == 1)
        }

        @Test("private mode: others see that a note is there, not what it says, until the reveal")
        func privateMode() throws {
            var board = try S.board()
            #expect(throws: BoardProblem.facilitatorOnly) { try board.startPrivateMode(by: S.kim) }
            _ = try board.startPrivateMode(by: S.fran)
            let added = try board.addNote(id: "n5", text: "I avoid hard talks with staff", by: S.kim)
            #expect(board.isPrivateMode && board.hiddenNoteCount == 1)

            #expect(board.note("n5", seenBy: S.kim)?.text == "I avoid hard talks with staff")
            for viewer in [S.lee, S.fran] {
                let note = try #require(board.note("n5", seenBy: viewer))
                #expect(note.text.isEmpty && !note.revealed && note.isHidden(from: viewer.id))
                #expect(added.seen(by: viewer) == BoardEvent(sequence: added.sequence, change: .noteAdded(note)))
                let json = String(decoding: try JSONEncoder().encode(added.seen(by: viewer)), as: UTF8.self)
                #expect(!json.contains("hard talks"))
                let page = String(decoding: try JSONEncoder().encode(board.seen(by: viewer)), as: UTF8.self)
                #expect(!page.contains("hard talks"))
            }
            // The writer may move their hidden note; nobody else can move or edit it.
            _ = try board.moveNote("n5", to: .dispositions, seenVersion: 1, by: S.kim)
            #expect(throws: BoardProblem.hiddenNote) {
                try board.moveNote("n5", to: .skills, seenVersion: 2, by: S.lee)
            }
            #expect(throws: BoardProblem.hiddenNote) {
                try board.moveNote("n5", to: .skills, seenVersion: 2, by: S.fran)
            }

            #expect(throws: BoardProblem.facilitatorOnly) { try board.revealNotes(by: S.lee) }
            let reveal = try board.revealNotes(by: S.fran)
            #expect(reveal.seen(by: S.lee) == reveal)
            #expect(!board.isPrivateMode && board.hiddenNoteCount == 0)
            let revealed = try #require(board.note("n5", seenBy: S.lee))
            #expect(revealed.text == "I avoid hard talks with staff" && revealed.revealed && revealed.version == 3)
            #expect(revealed.bucket == .dispositions)
            // After the reveal, new notes show at once.
            _ = try board.addNote(id: "n6", text: "Visible", by: S.lee)
            #expect(board.note("n6", seenBy: S.kim)?.text == "Visible")
        }

        @Test("a locked board refuses every change but the facilitator's reveal and unlock")
        func lock() throws {
            var board = try S.board()
            _ = try board.startPrivateMode(by: S.fran)
            _ = try board.addNote(id: "n5", text: "Hidden until reveal", by: S.lee)
            #expect(throws: BoardProblem.facilitatorOnly) { try board.lock(by: S.kim) }
            _ = try board.lock(by: S.fran)
            let locked = board
            #expect(board.isLocked)
            #expect(throws: BoardProblem.locked) { try board.addNote(id: "n6", text: "Late", by: S.kim) }
            #expect(throws: BoardProblem.locked) { try board.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim) }
            #expect(throws: BoardProblem.locked) { try board.moveNote("n1", to: .skills, seenVersion: 1, by: S.fran) }
            #expect(throws: BoardProblem.locked) { try board.editNote("n1", text: "Edit", seenVersion: 1, by: S.kim) }
            #expect(throws: BoardProblem.locked) { try board.deleteNote("n1", by: S.kim) }
            #expect(throws: BoardProblem.locked) { try board.deleteNote("n1", by: S.fran) }
            #expect(throws: BoardProblem.locked) { try board.startPrivateMode(by: S.fran) }
            #expect(throws: BoardProblem.facilitatorOnly) { try board.unlock(by: S.kim) }
            #expect(board == locked)

            _ = try board.revealNotes(by: S.fran)
            #expect(board.note("n5", seenBy: S.kim)?.text == "Hidden until reveal")
            _ = try board.unlock(by: S.fran)
            _ = try board.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim)
            #expect(!board.isLocked && board.note("n1", seenBy: S.kim)?.bucket == .skills)
        }

        @Test("a stored board is put in order, each bucket numbered 0..<count")
        func stored() throws {
            let board = InquiryBoard(
                notes: [
                    BoardNote(id: "a", text: "A", authorID: "kim", bucket: .skills, position: 7),
                    BoardNote(id: "b", text: "B", authorID: "kim", bucket: .resources, position: 3),
                    BoardNote(id: "c", text: "C", authorID: "lee", bucket: .skills, position: 2),
                    BoardNote(id: "d", text: "D", authorID: "lee", bucket: .skills, position: 2),
                ], sequence: 12, isLocked: true)
            #expect(S.layout(board) == [.resources: ["b"], .skills: ["c", "d", "a"]])
            #expect(board.sequence == 12 && board.isLocked && !board.isPrivateMode)
            S.expectWellFormed(board)
        }

        @Test("a board survives storage as JSON unchanged")
        func snapshot() throws {
            var board = try S.board()
            _ = try board.moveNote("n3", to: .skills, seenVersion: 1, by: S.kim)
            _ = try board.startPrivateMode(by: S.fran)
            _ = try board.addNote(id: "n5", text: "Secret", by: S.lee)
            let stored = try JSONDecoder().decode(InquiryBoard.self, from: JSONEncoder().encode(board))
            #expect(stored == board)
        }

        @Test("every problem reads as advice")
        func messages() {
            #expect(BoardProblem.locked.description.hasPrefix("The facilitator has locked the board"))
            #expect(
                BoardProblem.noteTooLong(characters: 230, maximum: 200).description
                    == "Keep a note to 200 characters; this one has 230. Shorten it by 30, or split it into two notes.")
            #expect(
                BoardProblem.outOfSequence(expected: 5, received: 7).description
                    == "This copy of the board missed changes (expected change 5, received 7); reload the board.")
        }

        static func note(_ event: BoardEvent) -> BoardNote? {
            switch event.change {
            case .noteAdded(let note), .noteMoved(let note, _), .noteEdited(let note, _): note
            default: nil
            }
        }
    }
}
