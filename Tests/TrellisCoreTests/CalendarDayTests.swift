import Foundation
import Testing

@testable import TrellisCore

@Suite("Calendar days")
struct CalendarDayTests {
    @Test("valid days", arguments: ["2026-11-24", "2024-02-29", "2000-02-29", "2026-12-31"])
    func valid(text: String) {
        #expect(CalendarDay(text)?.description == text)
    }

    @Test(
        "invalid days",
        arguments: ["2026-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "26-11-24", "2026/11/24", "2026-1-5", ""])
    func invalid(text: String) {
        #expect(CalendarDay(text) == nil)
    }

    @Test("adding days crosses months, years and leap days")
    func adding() {
        #expect(CalendarDay("2026-12-30")!.adding(days: 3).description == "2027-01-02")
        #expect(CalendarDay("2028-02-28")!.adding(days: 1).description == "2028-02-29")
        #expect(CalendarDay("2026-03-01")!.adding(days: -1).description == "2026-02-28")
        #expect(CalendarDay("2026-01-10")! < CalendarDay("2026-02-01")!)
    }
}

@Suite("Demo trust data")
struct DemoTrustTests {
    @Test("the same seed gives the same answers, all on the scale, reverse items answered reversed")
    func reproducible() throws {
        let round = DemoTrust.rounds[0]
        let first = DemoTrust.responses(for: round, seed: 7)
        #expect(first == DemoTrust.responses(for: round, seed: 7))
        #expect(first.count == round.responses)
        #expect(first.allSatisfy { $0.count == 16 && $0.values.allSatisfy { (1...7).contains($0) } })
    }

    @Test("autumn's weakest facet is predictability, and winter is better")
    func story() throws {
        func results(_ round: DemoTrust.Round) throws -> TrustGroupResult {
            var matrix = TrustResponseMatrix(instrument: .current)
            for answers in DemoTrust.responses(for: round, seed: 1) {
                try matrix.append(answers: answers, community: nil)
            }
            return TrustReport.results(for: matrix)[0]
        }
        let autumn = try results(DemoTrust.rounds[0])
        let winter = try results(DemoTrust.rounds[1])
        #expect(autumn.weakestFacet == .predictability)
        #expect((winter.facets[.predictability]?.mean ?? 0) > (autumn.facets[.predictability]?.mean ?? 0))
    }
}
