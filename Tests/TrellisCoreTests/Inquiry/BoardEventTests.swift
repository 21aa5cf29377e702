import Foundation
import Testing

@testable import TrellisCore

extension InquiryTests {
    @Suite("Board events")
    struct BoardEventTests {
        typealias S = InquirySamples

        @Test("two people move the same note from the same version: no note lost, every copy agrees")
        func sameStaleMove() throws {
            var server = try S.board()
            var kimsCopy = server.seen(by: S.kim)
            var leesCopy = server.seen(by: S.lee)
            #expect(kimsCopy.note("n1", seenBy: S.kim)?.version == 1)
            #expect(leesCopy.note("n1", seenBy: S.lee)?.version == 1)

            // Both drag n1 before either hears of the other's move.
            let kims = try server.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim)
            let lees = try server.moveNote("n1", to: .knowledge, position: 0, seenVersion: 1, by: S.lee)

            for event in [kims, lees] {
                try kimsCopy.apply(S.overTheWire(event.seen(by: S.kim)))
                try leesCopy.apply(S.overTheWire(event.seen(by: S.lee)))
            }
            #expect(kimsCopy == server.seen(by: S.kim))
            #expect(leesCopy == server.seen(by: S.lee))
            #expect(S.layout(kimsCopy) == [.unsorted: ["n2", "n3", "n4"], .knowledge: ["n1"]])
            #expect(S.layout(leesCopy) == S.layout(kimsCopy))
            #expect(server.note("n1", seenBy: S.kim)?.version == 3)
            // Lee's page is told the move replaced one it had not seen, and where the note is now.
            #expect(
                lees.change(seenBy: S.lee)
                    == .noteMoved(try #require(server.note("n1", seenBy: S.lee)), staleVersion: 1))
            S.expectWellFormed(kimsCopy)
        }

        @Test("a copy that missed an event is told to reload and is left as it was; repeats are ignored")
        func sequence() throws {
            var server = try S.board()
            var copy = server.seen(by: S.kim)
            let first = try server.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim)
            let second = try server.moveNote("n2", to: .skills, seenVersion: 1, by: S.kim)
            let before = copy
            #expect(throws: BoardProblem.outOfSequence(expected: 5, received: 6)) { try copy.apply(second) }
            #expect(copy == before)
            try copy.apply(first)
            try copy.apply(first)
            try copy.apply(second)
            #expect(copy == server.seen(by: S.kim))
        }

        @Test("an event about a note the copy does not have leaves the copy unchanged")
        func unknownNote() throws {
            var server = try S.board()
            var copy = InquiryBoard(sequence: server.sequence)
            let reveal = try server.revealNotes(by: S.fran)
            let move = try server.moveNote("n1", to: .skills, seenVersion: 1, by: S.kim)
            try copy.apply(reveal)
            #expect(throws: BoardProblem.noteNotFound("n1")) { try copy.apply(move) }
            #expect(copy == InquiryBoard(sequence: reveal.sequence))
        }

        @Test("events read as flat JSON and come back the same", arguments: 0..<8)
        func json(kind: Int) throws {
            var board = try S.board()
            let events = [
                try board.addNote(id: "n5", text: "Budget, \"decided\" in June", to: .resources, by: S.kim),
                try board.moveNote("n5", to: .skills, position: 0, seenVersion: 3, by: S.lee),
                try board.editNote("n5", text: "Budget set in June", seenVersion: 2, by: S.kim),
                try board.deleteNote("n4", by: S.fran),
                try board.startPrivateMode(by: S.fran),
                try board.revealNotes(by: S.fran),
                try board.lock(by: S.fran),
                try board.unlock(by: S.fran),
            ]
            let event = events[kind]
            #expect(try S.overTheWire(event) == event)
            let object = try #require(
                try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any])
            #expect(object["sequence"] as? Int == event.sequence)
            let types = [
                "noteAdded", "noteMoved", "noteEdited", "noteDeleted", "privateModeStarted", "notesRevealed",
                "locked", "unlocked",
            ]
            #expect(object["type"] as? String == types[kind])
            if kind == 1 { #expect(object["staleVersion"] as? Int == 3) }
            if kind == 3 { #expect(object["noteID"] as? String == "n4") }
        }

        @Test("many people changing the board at once, with stale pages: every copy ends as the server's board")
        func manyHands() throws {
            var random = SeededGenerator(seed: 2026)
            let people = [S.kim, S.lee, S.ana, S.fran]
            var server = try S.board()
            var copies = people.map { server.seen(by: $0) }
            // What each person's page last showed, so their moves carry honest, often stale, versions.
            var pages = copies
            var expected: Set<String> = ["n1", "n2", "n3", "n4"]
            var next = 5
            var staleMoves = 0
            for step in 0..<400 {
                let person = people.randomElement(using: &random)!
                let page = pages[people.firstIndex(of: person)!]
                let visible = page.notes(seenBy: person)
                let event: BoardEvent
                do {
                    switch Int.random(in: 0..<10, using: &random) {
                    case _ where server.isLocked && person.isFacilitator:
                        event = try server.unlock(by: person)
                    case 0, 1:
                        event = try server.addNote(id: "n\(next)", text: "Cause \(next)", by: person)
                        expected.insert("n\(next)")
                        next += 1
                    case 2 where !visible.isEmpty:
                        let note = visible.randomElement(using: &random)!
                        event = try server.deleteNote(note.id, by: person)
                        expected.remove(note.id)
                    case 3 where person.isFacilitator:
                        event = try step % 2 == 0 ? server.startPrivateMode(by: person) : server.revealNotes(by: person)
                    case 4 where person.isFacilitator:
                        event = try server.lock(by: person)
                    case 5 where !visible.isEmpty:
                        let note = visible.randomElement(using: &random)!
                        event = try server.editNote(
                            note.id, text: "Edited \(step)", seenVersion: note.version, by: person)
                    default:
                        guard let note = visible.randomElement(using: &random) else { continue }
                        event = try server.moveNote(
                            note.id, to: RootCauseBucket.allCases.randomElement(using: &random)!,
                            position: Int.random(in: -1...6, using: &random), seenVersion: note.version, by: person)
                    }
                } catch {
                    // Refused changes (locked, someone else's note, already removed) change nothing.
                    continue
                }
                if case .noteMoved(_, .some) = event.change { staleMoves += 1 }
                for index in people.indices {
                    try copies[index].apply(S.overTheWire(event.seen(by: people[index])))
                }
                // Some pages catch up only now and then.
                for index in people.indices where Int.random(in: 0..<3, using: &random) == 0 {
                    pages[index] = copies[index]
                }
                S.expectWellFormed(server)
            }
            for (person, copy) in zip(people, copies) {
                #expect(copy == server.seen(by: person))
            }
            #expect(Set(server.notes(seenBy: S.fran).map(\.id)) == expected)
            #expect(server.sequence > 250 && staleMoves > 10)
        }
    }
}
