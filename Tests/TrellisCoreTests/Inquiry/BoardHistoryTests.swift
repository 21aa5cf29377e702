import Foundation
import Testing

@testable import TrellisCore

extension InquiryTests {
    @Suite("Board history")
    struct BoardHistoryTests {
        typealias S = InquirySamples

        static let october = Date(timeIntervalSince1970: 1_791_903_000)  // a meeting's start
        static let november = october.addingTimeInterval(28 * 86_400)
        static let meetings = [
            BoardHistory.Meeting(key: "nov", start: november, end: november.addingTimeInterval(90 * 60)),
            BoardHistory.Meeting(key: "oct", start: october, end: october.addingTimeInterval(90 * 60)),
        ]

        @Test(
            "a change belongs to the meeting under way, from fifteen minutes before its start to half an hour after its end",
            arguments: [
                (-86_400.0, nil),  // before the first meeting
                (-15 * 60 - 1, nil),  // just before people arrive
                (-15 * 60, "oct"),  // people arriving
                (90 * 60, "oct"),  // the end
                (120 * 60, "oct"),  // tidying up
                (120 * 60 + 1, nil),  // after: between meetings
                (10 * 86_400, nil),
                (28 * 86_400 - 15 * 60, "nov"),
                (60 * 86_400, nil),
            ] as [(TimeInterval, String?)])
        func meetingOfAChange(offset: TimeInterval, expected: String?) {
            #expect(BoardHistory.meeting(at: Self.october.addingTimeInterval(offset), among: Self.meetings) == expected)
        }

        @Test("of two meetings under way at once, the one that started later")
        func overlapping() {
            let early = BoardHistory.Meeting(key: "a", start: Self.october, end: Self.october.addingTimeInterval(7200))
            let late = BoardHistory.Meeting(
                key: "b", start: Self.october.addingTimeInterval(3600), end: Self.october.addingTimeInterval(9000))
            #expect(BoardHistory.meeting(at: Self.october.addingTimeInterval(4000), among: [late, early]) == "b")
            #expect(BoardHistory.meeting(at: Self.october.addingTimeInterval(1000), among: [late, early]) == "a")
        }

        @Test("replaying the events gives the board at every step; hidden words stay hidden in the past")
        func replay() throws {
            var board = InquiryBoard()
            var events: [BoardEvent] = []
            events.append(try board.addNote(id: "a", text: "No budget", to: .resources, by: S.kim))
            events.append(try board.startPrivateMode(by: S.fran))
            events.append(try board.addNote(id: "b", text: "Fear", to: .dispositions, by: S.lee))
            events.append(try board.moveNote("a", to: .knowledge, seenVersion: 1, by: S.ana))
            events.append(try board.revealNotes(by: S.fran))

            #expect(try BoardHistory.replay(events) == board)
            #expect(try BoardHistory.replay(events.reversed()) == board, "events are put in order")
            let third = try BoardHistory.replay(events, through: 3)
            #expect(third.sequence == 3)
            #expect(S.layout(third) == [.resources: ["a"], .dispositions: ["b"]])
            #expect(third.note("b", seenBy: S.kim)?.text == "", "not revealed yet at step 3")
            #expect(third.note("b", seenBy: S.lee)?.text == "Fear", "its writer reads it")
            #expect(try BoardHistory.replay(events, through: 5).note("b", seenBy: S.kim)?.text == "Fear")
            #expect(try BoardHistory.replay(events, through: 0) == InquiryBoard())

            #expect(throws: BoardProblem.outOfSequence(expected: 2, received: 3)) {
                try BoardHistory.replay([events[0], events[2]])
            }
        }

        @Test("each change has a line that names buckets, never writers or words")
        func summaries() throws {
            var board = InquiryBoard()
            let added = try board.addNote(id: "a", text: "Secret words", to: .skills, by: S.kim)
            let moved = try board.moveNote("a", to: .resources, seenVersion: 1, by: S.kim)
            _ = try board.startPrivateMode(by: S.fran)
            let hidden = try board.addNote(id: "b", text: "More words", by: S.lee)
            let revealed = try board.revealNotes(by: S.fran)
            #expect(BoardHistory.summary(of: added) == "A note was added to Skills.")
            #expect(BoardHistory.summary(of: moved) == "A note was moved to Resources.")
            #expect(BoardHistory.summary(of: hidden) == "A hidden note was added.")
            #expect(BoardHistory.summary(of: revealed) == "1 hidden note was revealed.")
            #expect([added, moved, hidden, revealed].map(BoardHistory.noteID(of:)) == ["a", "a", "b", nil])
            for event in [added, moved, hidden, revealed] {
                #expect(!BoardHistory.summary(of: event).contains("words"))
                #expect(!BoardHistory.summary(of: event).contains("kim"))
            }
        }
    }
}
