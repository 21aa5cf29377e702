import Foundation
import Testing

@testable import TrellisCore

/// Groups the Inquiry suites, so `swift test --filter Inquiry` runs exactly these.
@Suite("Inquiry")
enum InquiryTests {}

/// The people on a sample board, and the checks every board must pass after any change.
enum InquirySamples {
    static let kim = BoardParticipant.member("kim")
    static let lee = BoardParticipant.member("lee")
    static let ana = BoardParticipant.member("ana")
    static let fran = BoardParticipant.facilitator("fran")

    /// Four notes in the unsorted pile: n1 and n3 by Kim, n2 and n4 by Lee.
    static func board() throws -> InquiryBoard {
        var board = InquiryBoard()
        _ = try board.addNote(id: "n1", text: "No time in the week for listening to families", by: kim)
        _ = try board.addNote(id: "n2", text: "We do not know which families feel unwelcome", by: lee)
        _ = try board.addNote(id: "n3", text: "Few of us can interrupt biased language calmly", by: kim)
        _ = try board.addNote(id: "n4", text: "Some staff believe families do not care", by: lee)
        return board
    }

    /// Note ids bucket by bucket, as people read the board.
    static func layout(_ board: InquiryBoard, seenBy viewer: BoardParticipant = fran) -> [RootCauseBucket: [String]] {
        var layout: [RootCauseBucket: [String]] = [:]
        for bucket in RootCauseBucket.allCases {
            let ids = board.notes(in: bucket, seenBy: viewer).map(\.id)
            if !ids.isEmpty { layout[bucket] = ids }
        }
        return layout
    }

    /// Every bucket numbered 0..<count, and every note on the board once.
    static func expectWellFormed(_ board: InquiryBoard, sourceLocation: SourceLocation = #_sourceLocation) {
        for bucket in RootCauseBucket.allCases {
            let positions = board.notes(in: bucket, seenBy: fran).map(\.position)
            #expect(positions == Array(positions.indices), "\(bucket) positions", sourceLocation: sourceLocation)
        }
        let ids = board.notes(seenBy: fran).map(\.id)
        #expect(Set(ids).count == ids.count, "no note twice", sourceLocation: sourceLocation)
    }

    /// An event sent over the wire and read back, as a client receives it.
    static func overTheWire(_ event: BoardEvent) throws -> BoardEvent {
        try JSONDecoder().decode(BoardEvent.self, from: JSONEncoder().encode(event))
    }
}
