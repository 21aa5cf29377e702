import Testing
import TrellisCore

@Suite("Playlist order: moves by keyboard and drag keep every item exactly once")
struct PlaylistOrderTests {
    static let moves: [(id: String, step: Int, expected: [String])] = [
        ("b", -1, ["b", "a", "c"]),
        ("b", 1, ["a", "c", "b"]),
        ("a", -1, ["a", "b", "c"]),
        ("c", 1, ["a", "b", "c"]),
        ("z", 1, ["a", "b", "c"]),
    ]

    @Test(arguments: moves)
    func move(_ id: String, _ step: Int, _ expected: [String]) {
        #expect(PlaylistOrder.move(id, by: step, in: ["a", "b", "c"]) == expected)
    }

    static let reorders: [(requested: [String], expected: [String]?)] = [
        (["c", "a", "b"], ["c", "a", "b"]),
        (["a", "b"], nil),
        (["a", "b", "b"], nil),
        (["a", "b", "c", "d"], nil),
        (["a", "b", "z"], nil),
    ]

    @Test(arguments: reorders)
    func reorder(_ requested: [String], _ expected: [String]?) {
        #expect(PlaylistOrder.reordered(["a", "b", "c"], to: requested) == expected)
    }

    @Test func drag() {
        #expect(PlaylistOrder.dragged(from: 0, to: 2, in: ["a", "b", "c"]) == ["b", "c", "a"])
        #expect(PlaylistOrder.dragged(from: 2, to: 0, in: ["a", "b", "c"]) == ["c", "a", "b"])
        #expect(PlaylistOrder.dragged(from: 1, to: 1, in: ["a", "b", "c"]) == ["a", "b", "c"])
        #expect(PlaylistOrder.dragged(from: 3, to: 0, in: ["a", "b", "c"]) == nil)
        #expect(PlaylistOrder.dragged(from: 0, to: -1, in: ["a", "b", "c"]) == nil)
    }
}
