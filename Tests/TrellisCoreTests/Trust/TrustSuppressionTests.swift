import Testing

@testable import TrellisCore

@Suite("Trust suppression")
struct TrustSuppressionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let counts: [String: Int]
        var minimum = 4
        var unassigned = 0
        let hidden: Set<String>
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "every community at the minimum: nothing hidden", counts: ["A": 4, "B": 7], hidden: []),
        Case(name: "no communities", counts: [:], hidden: []),
        Case(
            name: "one small community takes the smallest visible one with it",
            counts: ["A": 2, "B": 6, "C": 5], hidden: ["A", "C"]),
        Case(
            name: "ties between visible communities are broken by name",
            counts: ["Zinnia": 5, "Aster": 5, "Moss": 1], hidden: ["Moss", "Aster"]),
        Case(
            name: "hidden communities that together reach the minimum need no partner",
            counts: ["A": 2, "B": 2, "C": 9], hidden: ["A", "B"]),
        Case(
            name: "a community with no responses is hidden but hides nothing else",
            counts: ["A": 0, "B": 5, "C": 6], hidden: ["A"]),
        Case(name: "a lone small community", counts: ["A": 2], hidden: ["A"]),
        Case(name: "everything small: all hidden, nothing left to add", counts: ["A": 1, "B": 2], hidden: ["A", "B"]),
        Case(name: "one below the minimum is enough to hide", counts: ["A": 3, "B": 8, "C": 8], hidden: ["A", "B"]),
        Case(
            name: "a minimum below 3 is raised to 3", counts: ["A": 2, "B": 10, "C": 11], minimum: 1,
            hidden: ["A", "B"]),
        Case(name: "a minimum of 3 keeps 3", counts: ["A": 3, "B": 3], minimum: 3, hidden: []),
        Case(name: "a higher minimum applies", counts: ["A": 9, "B": 12, "C": 10], minimum: 10, hidden: ["A", "C"]),
        Case(
            name: "responses outside any community are a hidden cell: one of them hides the smallest community",
            counts: ["A": 5, "B": 6], unassigned: 1, hidden: ["A"]),
        Case(
            name: "enough responses outside communities protect themselves",
            counts: ["A": 5, "B": 6], unassigned: 4, hidden: []),
        Case(
            name: "outside responses and a small community together reach the minimum",
            counts: ["A": 2, "B": 6], unassigned: 2, hidden: ["A"]),
        Case(name: "only outside responses", counts: [:], unassigned: 2, hidden: []),
    ]

    @Test("hidden communities", arguments: cases)
    func hidden(_ example: Case) {
        let hidden = TrustSuppression.hiddenCommunities(
            counts: example.counts, minimum: example.minimum, unassigned: example.unassigned)
        #expect(hidden == example.hidden)
    }

    /// Whatever the counts, the hidden total is never between 1 and minimum − 1 while a visible
    /// community is left: so the cohort minus the visible communities never isolates fewer than
    /// the minimum.
    @Test("the hidden total never exposes a small group (exhaustive over small rounds)")
    func invariant() {
        let names = ["A", "B", "C"]
        for minimum in 3...5 {
            for a in 0...7 {
                for b in 0...7 {
                    for c in 0...7 {
                        for unassigned in 0...4 {
                            let counts = Dictionary(uniqueKeysWithValues: zip(names, [a, b, c]))
                            let hidden = TrustSuppression.hiddenCommunities(
                                counts: counts, minimum: minimum, unassigned: unassigned)
                            let total = unassigned + hidden.reduce(0) { $0 + counts[$1]! }
                            let visibleLeft = hidden.count < names.count
                            #expect(!(visibleLeft && total > 0 && total < minimum))
                            #expect(counts.allSatisfy { $0.value >= minimum || hidden.contains($0.key) })
                        }
                    }
                }
            }
        }
    }

    @Test("the effective minimum is never below 3")
    func floor() {
        #expect(TrustSuppression.effectiveMinimum(0) == 3)
        #expect(TrustSuppression.effectiveMinimum(3) == 3)
        #expect(TrustSuppression.effectiveMinimum(4) == 4)
        #expect(TrustSuppression.defaultMinimum == 4)
    }
}

@Suite("Trust report")
struct TrustReportTests {
    /// `count` identical responses, all answering `value` (so every facet mean is known).
    static func add(_ matrix: inout TrustResponseMatrix, _ count: Int, value: UInt8, community: String?) {
        for _ in 0..<count {
            matrix.append(values: Array(repeating: value, count: 16), community: community)
        }
    }

    @Test("cohort first, then communities by name; complementary suppression keeps n")
    func rows() {
        var matrix = TrustResponseMatrix(instrument: .current)
        Self.add(&matrix, 5, value: 5, community: "West")
        Self.add(&matrix, 2, value: 3, community: "North")
        Self.add(&matrix, 6, value: 6, community: "East")
        let results = TrustReport.results(for: matrix, minimum: 4)
        #expect(results.map(\.community) == [nil, "East", "North", "West"])
        #expect(results.map(\.n) == [13, 6, 2, 5])
        #expect(results.map(\.suppressed) == [false, false, true, true])
        #expect(results[0].facets.count == 4)
        #expect(results[1].facets.count == 4)
        #expect(results[2].facets.isEmpty && results[3].facets.isEmpty)
    }

    @Test("a cohort under the minimum hides every row")
    func smallCohort() {
        var matrix = TrustResponseMatrix(instrument: .current)
        Self.add(&matrix, 2, value: 5, community: "A")
        Self.add(&matrix, 1, value: 5, community: nil)
        let results = TrustReport.results(for: matrix, minimum: 4)
        #expect(results.allSatisfy { $0.suppressed && $0.facets.isEmpty })
        #expect(results.map(\.n) == [3, 2])
    }

    @Test("the minimum is clamped to 3 for rows too")
    func clamped() {
        var matrix = TrustResponseMatrix(instrument: .current)
        Self.add(&matrix, 2, value: 5, community: nil)
        #expect(TrustReport.results(for: matrix, minimum: 1)[0].suppressed)
        Self.add(&matrix, 1, value: 5, community: nil)
        #expect(!TrustReport.results(for: matrix, minimum: 1)[0].suppressed)
    }

    @Test("a facet is shown with its own n when enough responses answered all of its items")
    func facetShown() {
        var matrix = TrustResponseMatrix(instrument: .current)
        Self.add(&matrix, 5, value: 5, community: "A")
        Self.add(&matrix, 5, value: 6, community: "B")
        var skipped = Array(repeating: UInt8(4), count: 16)
        skipped[3] = TrustResponseMatrix.notAnswered
        for _ in 0..<2 { matrix.append(values: skipped, community: "C") }
        Self.add(&matrix, 4, value: 4, community: "C")
        let results = TrustReport.results(for: matrix, minimum: 4)
        let byName = Dictionary(uniqueKeysWithValues: results.compactMap { row in row.community.map { ($0, row) } })
        #expect(results.allSatisfy { !$0.suppressed && $0.facets.count == 4 })
        #expect(byName["C"]!.n == 6)
        #expect(byName["C"]!.facets[.competence]?.n == 4)
        #expect(byName["C"]!.facets[.integrity]?.n == 6)
        #expect(results[0].facets[.competence]?.n == 14)
    }

    @Test("withholding a facet also hides the smallest other community's facet")
    func facetComplement() {
        var matrix = TrustResponseMatrix(instrument: .current)
        Self.add(&matrix, 5, value: 5, community: "A")
        Self.add(&matrix, 6, value: 6, community: "B")
        var skipped = Array(repeating: UInt8(4), count: 16)
        skipped[3] = TrustResponseMatrix.notAnswered
        for _ in 0..<3 { matrix.append(values: skipped, community: "C") }
        matrix.append(values: Array(repeating: 4, count: 16), community: "C")
        let results = TrustReport.results(for: matrix, minimum: 4)
        let byName = Dictionary(uniqueKeysWithValues: results.compactMap { row in row.community.map { ($0, row) } })
        // C has 4 responses (row shown) but only 1 scores competence: withheld, and A (the
        // smallest other community) loses competence too, so the cohort cannot give C's away.
        #expect(byName["C"]!.facets[.competence] == nil)
        #expect(byName["C"]!.facets.count == 3)
        #expect(byName["A"]!.facets[.competence] == nil)
        #expect(byName["B"]!.facets[.competence] != nil)
        #expect(results[0].facets[.competence]?.n == 12)
    }

    @Test("changes between two rounds cover the facets shown in both")
    func changes() {
        var autumn = TrustResponseMatrix(instrument: .current)
        var winter = TrustResponseMatrix(instrument: .current)
        for value: UInt8 in [3, 4, 5, 4] { Self.add(&autumn, 1, value: value, community: nil) }
        for value: UInt8 in [5, 6, 5, 6] { Self.add(&winter, 1, value: value, community: nil) }
        let changes = TrustReport.changes(
            from: TrustReport.results(for: autumn)[0], to: TrustReport.results(for: winter)[0])
        #expect(changes.count == 4)
        // Benevolence (B4 reversed): autumn scores 3.5, 4, 4.5, 4 → 4; winter 4.5, 5, 4.5, 5 → 4.75.
        #expect(changes[.benevolence]?.difference == 0.75)
    }
}
