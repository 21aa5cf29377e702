import Foundation
import Testing

@testable import TrellisCore

@Suite("A community's stage, term by term")
struct CommunityStageTests {
    static func entry(_ term: String, _ day: String, _ stage: CommunityStage, _ why: String = "Because.") -> StageEntry
    {
        StageEntry(term: term, day: CalendarDay(day)!, stage: stage, why: why)
    }

    @Test("one entry per term, the latest judgement of it, terms in the order first judged")
    func line() {
        let line = StageHistory.line([
            Self.entry("Spring 2027", "2027-02-01", .maturing),
            Self.entry("Autumn 2026", "2026-10-01", .potential),
            Self.entry("autumn 2026", "2026-11-20", .coalescing),
            Self.entry("Winter 2026", "2026-12-15", .coalescing),
        ])
        #expect(line.map(\.term) == ["autumn 2026", "Winter 2026", "Spring 2027"])
        #expect(line.map(\.stage) == [.coalescing, .coalescing, .maturing])
    }

    @Test("a term and a sentence of why are needed, each within its limit")
    func problems() {
        #expect(Self.entry("Autumn", "2026-10-01", .potential).problems.isEmpty)
        #expect(Self.entry("  ", "2026-10-01", .potential, " ").problems.map(\.field) == ["term", "why"])
        let long = String(repeating: "x", count: StageEntry.whyLimit + 1)
        #expect(Self.entry("Autumn", "2026-10-01", .potential, long).problems.first?.message.contains("501") == true)
    }

    @Test("the chart names every term and stage, in its description too")
    func chart() {
        let line = StageHistory.line([
            Self.entry("Autumn 2026", "2026-10-01", .coalescing), Self.entry("Winter 2026", "2026-12-15", .maturing),
        ])
        let svg = StageHistory.chart(line, title: "Stage of Family Voices")
        #expect(svg.contains("<title id=\"community-stages-title\">Stage of Family Voices</title>"))
        #expect(svg.contains("Autumn 2026: Coalescing; Winter 2026: Maturing."))
        #expect(svg.contains("<path d=\"M"))
        #expect(StageHistory.chart([], title: "None").contains("No stage set yet."))
    }
}
